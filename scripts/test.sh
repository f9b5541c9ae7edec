#!/usr/bin/env bash
# The whole test suite: installs what it needs (npm packages here; kcat for the mock Kafka
# broker, Alertmanager and chromium by the jest setup), typechecks, checks the layer rules in
# .dependency-cruiser.cjs and the formatting (prettier), then runs unit, integration, end-to-end
# and chaos tests against PostgreSQL on 127.0.0.1:5432, librdkafka's mock cluster and Alertmanager.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsc -p tsconfig.json --noEmit
npx depcruise src --config .dependency-cruiser.cjs
npx prettier --check src test bench scripts infra
npx jest --ci
