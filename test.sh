#!/usr/bin/env bash
# Runs every test of Clamator for .NET. Installs what the tests need when it is missing (redis-server, redis-sentinel and
# Node.js with npm for the clamator-codegen tests; its npm packages come from the registry on first use).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v redis-server >/dev/null 2>&1; then
  echo "test.sh: redis-server is missing; installing it with apt-get" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server redis-tools >/dev/null
fi

# The Sentinel tests run redis-sentinel (Debian ships it in its own package); without it they fall back to redis-server --sentinel.
if ! command -v redis-sentinel >/dev/null 2>&1; then
  echo "test.sh: redis-sentinel is missing; installing it with apt-get" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-sentinel >/dev/null || echo "test.sh: could not install redis-sentinel; the Sentinel tests use redis-server --sentinel" >&2
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "test.sh: node/npm are missing; installing them with apt-get" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi

# The Redis tests start their own redis-server on free loopback ports; a system one on :6379 is never used.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Clamator.slnx -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line over all test projects.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{ n += $2 } END { print n + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{ n += $2 } END { print n + 0 }')
echo "Tests: ${passed:-0} passed, ${failed:-0} failed"
if [ "$status" -eq 0 ] && [ "${passed:-0}" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$status"
