#!/bin/sh
# Debian's Chromium for the dashboard's browser tests (playwright-core drives it; it downloads no
# browser of its own). Skipped when already present, or when not root (the tests then skip with a message).
set -eu
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: chromium not installed and apt-get not usable; browser tests will skip" >&2
  exit 0
fi
echo "install-chromium: apt-get install chromium" >&2
apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
