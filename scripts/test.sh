#!/usr/bin/env bash
# The whole test suite: installs what it needs (npm packages; kcat for the mock Kafka broker,
# installed by the jest global setup), then unit, integration and end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsc -p tsconfig.json --noEmit
npx jest --ci --selectProjects unit
npx jest --ci --selectProjects int e2e --runInBand
