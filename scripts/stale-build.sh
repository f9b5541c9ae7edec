#!/usr/bin/env bash
# Exits 0 (and says why) when dist/ must be rebuilt from the sources under ROOT (default: the
# repository), 1 when it is up to date. The stamp is written by start.sh with the time its build
# began, so a file saved during a build still counts as newer; git checkouts and pulls give the
# files they write the current time, so they count too.
set -euo pipefail
root="${1:-$(dirname "$0")/..}"
cd "$root"
stamp=dist/.build-stamp
if [ ! -f dist/main.js ] || [ ! -f "$stamp" ]; then
  echo "no build yet"
  exit 0
fi
newer="$(find src tsconfig.json tsconfig.build.json package.json package-lock.json -type f -newer "$stamp" -print -quit 2>/dev/null || true)"
if [ -n "$newer" ]; then
  echo "$newer changed since the last build"
  exit 0
fi
exit 1
