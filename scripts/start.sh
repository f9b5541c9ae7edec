#!/usr/bin/env bash
# Runs the monitor. On a bare machine: installs the pinned packages, builds, then starts on the
# embedded default (PGlite under DATA_DIR, no Kafka) unless DATABASE_URL / KAFKA_BROKERS say otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsc -p tsconfig.build.json
# A small young generation, and the old one grown at most 2x between full collections, not 4x
# (V8 keeps 4x for limits of 2048 MB and up): peak RSS while ingesting ~270-300 -> ~185 MB (README).
export NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=2047 ${NODE_OPTIONS:-}"
exec node dist/main.js
