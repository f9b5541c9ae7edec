#!/usr/bin/env bash
# Builds dist/ afresh (so a source file that moved or went leaves no stale .js behind) and stamps
# it with the time the build began, for stale-build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
mkdir -p dist
touch dist/.build-stamp.next
node node_modules/typescript/bin/tsc -p tsconfig.build.json
mv dist/.build-stamp.next dist/.build-stamp
