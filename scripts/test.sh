#!/bin/sh
# The README's test command (npm test): installs what is missing, builds,
# type-checks, lints and runs every test suite.
set -eu
cd "$(dirname "$0")/.."
sh scripts/ensure-deps.sh
npx tsc -p tsconfig.build.json
npx tsc -p tsconfig.json --noEmit
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }
npx vitest run "$@"
