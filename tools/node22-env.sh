#!/bin/sh
# Node 22 bootstrap for machines whose system node is older (Debian here ships Node 20).
#   source it:         . tools/node22-env.sh        (PATH then starts with Node 22)
#   or wrap a command:  tools/node22-env.sh npm test
# It installs the npm package node@$NODE_VERSION (which ships a prebuilt binary) into a cache folder
# once, then puts its bin/ first on PATH. npm and npx are the system ones (#!/usr/bin/env node), so
# they, and everything they start (turbo, tsc, vitest), run on Node 22.
NODE_VERSION="${NODE_VERSION:-22.23.3}"
NODE_CACHE="${NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/node-bin/$NODE_VERSION}"
__node_bin="$NODE_CACHE/node_modules/node/bin"
__have=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$__have" -lt 22 ] 2>/dev/null; then
  if [ ! -x "$__node_bin/node" ]; then
    mkdir -p "$NODE_CACHE"
    echo "node-bootstrap: installing node@$NODE_VERSION into $NODE_CACHE" >&2
    npm install --prefix "$NODE_CACHE" --no-save --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" >&2 \
      || { echo "node-bootstrap: install failed" >&2; return 1 2>/dev/null || exit 1; }
  fi
  case ":$PATH:" in *":$__node_bin:"*) ;; *) PATH="$__node_bin:$PATH"; export PATH ;; esac
  hash -r 2>/dev/null || true
fi
unset __node_bin __have
# executed (not sourced) with arguments: run them under Node 22
case "${0##*/}" in node22-env.sh) if [ "$#" -gt 0 ]; then exec "$@"; fi ;; esac
