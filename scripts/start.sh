#!/bin/sh
# The README's main-job command (npm start): installs what is missing, builds, brings up the
# local two-region lab (or finds it up) and shows its health.
set -eu
cd "$(dirname "$0")/.."
sh scripts/ensure-deps.sh
node bin/dr.js lab up "$@"
node bin/dr.js lab status "$@"
cat >&2 <<'NEXT'

Next: a failover in the lab (see README, "A failover in the lab, step by step"):
  npx dr plan runbooks/lab-failover.yaml --param target=region-b
  npx dr lab disaster region-a
  npx dr failover region-b
NEXT
