#!/bin/sh
# Runs the personalize-ops CLI from a checkout: bootstraps Node 22, installs and builds on first use.
#   sh tools/run.sh <command> [args…]
set -eu
here="$(cd "$(dirname "$0")/.." && pwd)"
. "$here/tools/node22-env.sh"
if [ ! -d "$here/node_modules/effect" ]; then (cd "$here" && npm install --no-audit --no-fund --loglevel=error >&2); fi
if [ ! -f "$here/packages/cli/dist/main.js" ] || [ -n "$(find "$here/packages" -path '*/src/*' -newer "$here/packages/cli/dist/main.js" -name '*.ts' 2>/dev/null | head -1)" ]; then
  (cd "$here" && npx turbo run build --filter=@personalize-ops/cli --output-logs=errors-only >&2)
fi
exec node "$here/packages/cli/dist/main.js" "$@"
