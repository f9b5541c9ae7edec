#!/usr/bin/env bash
# The whole test suite: installs what it needs (npm packages here; kcat for the mock Kafka
# broker is installed by the jest global setup), typechecks, checks the layer rules in
# .dependency-cruiser.cjs, then runs unit, integration and end-to-end tests against
# PostgreSQL on 127.0.0.1:5432 and librdkafka's mock cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsc -p tsconfig.json --noEmit
npx depcruise src --config .dependency-cruiser.cjs
npx jest --ci
