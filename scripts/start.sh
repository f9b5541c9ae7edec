#!/usr/bin/env bash
# Runs the monitor. On a bare machine: installs the pinned packages, builds, then starts on the
# embedded default (PGlite under DATA_DIR, no Kafka) unless DATABASE_URL / KAFKA_BROKERS say otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsc -p tsconfig.build.json
# The old generation grown at most 2x between full collections, not 4x (V8 keeps 4x for limits
# of 2048 MB and up), and a 16 MB young generation, which spares the busier process
# scavenges for little memory: peak RSS ingesting a million ~240 MB, not ~300 (README).
export NODE_OPTIONS="--max-semi-space-size=16 --max-old-space-size=2047 ${NODE_OPTIONS:-}"
exec node dist/main.js
