#!/usr/bin/env bash
# Runs the monitor. On a bare machine: installs the pinned packages, builds (later, only when the
# sources changed since: see stale-build.sh), then starts on the embedded default (PGlite under
# DATA_DIR, no Kafka) unless DATABASE_URL / KAFKA_BROKERS say otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
if reason="$(bash scripts/stale-build.sh)"; then
  echo "building: $reason" >&2
  bash scripts/build.sh
fi
# Keeps peak memory down: under a 2048 MB limit V8 grows the old generation at most 2x between
# full collections, not 4x, and a 16 MB young generation spares the busy process scavenges.
export NODE_OPTIONS="--max-semi-space-size=16 --max-old-space-size=2047 ${NODE_OPTIONS:-}"
exec node dist/main.js
