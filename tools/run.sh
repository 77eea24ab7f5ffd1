#!/bin/sh
# Runs the personalize-ops CLI from a checkout: bootstraps Node 22, installs on first use, and builds
# what changed (turbo's cache makes an up-to-date build take milliseconds).
#   sh tools/run.sh <command> [args…]
set -eu
here="$(cd "$(dirname "$0")/.." && pwd)"
. "$here/tools/node22-env.sh"
if [ ! -d "$here/node_modules/effect" ]; then (cd "$here" && npm install --no-audit --no-fund --loglevel=error >&2); fi
log="$(mktemp)"
if ! (cd "$here" && node node_modules/turbo/bin/turbo run build --filter=@personalize-ops/cli --output-logs=errors-only >"$log" 2>&1); then
  cat "$log" >&2; rm -f "$log"; exit 2
fi
rm -f "$log"
exec node "$here/packages/cli/dist/main.js" "$@"
