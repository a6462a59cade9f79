#!/bin/sh
# Installs what dr's lab and tests need when it is missing: npm packages, then
# Debian packages (as root). Prints what to install when it cannot do it itself.
set -eu
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "dr: installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi

missing=""
command -v pgbackrest >/dev/null 2>&1 || missing="$missing pgbackrest"
command -v lz4 >/dev/null 2>&1 || missing="$missing lz4"
command -v zstd >/dev/null 2>&1 || missing="$missing zstd"
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing="$missing postgresql-15"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "dr: installing Debian packages:$missing" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2 ||
      { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2; }
  else
    echo "dr: missing Debian packages:$missing — run: sudo apt-get install -y$missing" >&2
    exit 1
  fi
fi
if ! command -v moto_server >/dev/null 2>&1; then
  echo "dr: moto_server is missing — install it with: pip install 'moto[server]'" >&2
  exit 1
fi

if [ ! -f dist/src/cli/main.js ] || [ -n "$(find src adapters scripts bench -name '*.ts' -newer dist/src/cli/main.js 2>/dev/null | head -1)" ]; then
  echo "dr: building (tsc)" >&2
  npx tsc -p tsconfig.build.json >&2
fi
