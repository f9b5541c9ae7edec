#!/usr/bin/env bash
# Runs the monitor. On a bare machine: installs the pinned packages, builds, then starts on the
# embedded default (PGlite under DATA_DIR, no Kafka) unless DATABASE_URL / KAFKA_BROKERS say otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsc -p tsconfig.build.json
exec node dist/main.js
