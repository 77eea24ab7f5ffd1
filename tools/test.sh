#!/bin/sh
# The one test command (README, .ci/run): on a fresh machine it bootstraps Node 22, installs every
# dependency (and Debian's chromium for the browser tests), then runs `npm test` = build, typecheck and
# the unit/contract/property tests of every package (turbo) and the Biome lint, and prints one summary line.
set -eu
cd "$(dirname "$0")/.."
. tools/node22-env.sh
npm install --no-audit --no-fund --loglevel=error
sh tools/install-chromium.sh
rm -f packages/*/.vitest-report.json examples/*/.vitest-report.json
status=0
npm test || status=$?
node tools/test-summary.mjs || status=1
exit $status
