#!/bin/sh
# The one test command (README, .ci/run): on a fresh machine it bootstraps Node 22, checks that the
# committed lockfile is complete and current, installs exactly it (`npm ci`; and Debian's chromium for
# the browser tests), then runs `npm test` = build, typecheck and the unit/contract/property tests of
# every package (turbo, as many tasks at once as there are cores) and the Biome lint, and prints one
# summary line (suites and packages that failed to run count as failed).
set -eu
cd "$(dirname "$0")/.."
. tools/node22-env.sh
if ! node tools/check-lock.mjs --regenerate; then
  echo "test.sh: package-lock.json is out of date with the package.json files; run npm install --package-lock-only and commit it" >&2
  exit 2
fi
npm ci --no-audit --no-fund --loglevel=error
sh tools/install-chromium.sh
sh tools/install-java.sh
rm -f packages/*/.vitest-report.json examples/*/.vitest-report.json
status=0
npm test || status=$?
node tools/test-summary.mjs || status=1
exit $status
