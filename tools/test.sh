#!/bin/sh
# The one test command (README, .ci/run): on a fresh machine it bootstraps Node 22, installs every
# dependency, then runs `npm test` = build, typecheck and unit/contract/property tests of every
# package (turbo) and the Biome lint.
set -eu
cd "$(dirname "$0")/.."
. tools/node22-env.sh
npm install --no-audit --no-fund --loglevel=error
sh tools/install-chromium.sh
npm test
