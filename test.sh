#!/usr/bin/env bash
# Runs every test of Clamator for .NET. Installs what the tests need when it is missing (redis-server).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v redis-server >/dev/null 2>&1; then
  echo "test.sh: redis-server is missing; installing it with apt-get" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server redis-tools >/dev/null
fi

# Debian's package starts a system redis on :6379; the tests never use it (they start their own on free ports).
dotnet test Clamator.slnx -c Release --nologo "$@"
