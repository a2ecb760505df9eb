#!/usr/bin/env bash
# Runs every Attest test. Installs what the tests need first when it is missing (Debian's chromium for
# the browser tests, PostgreSQL and pg_partman for the database tests, openssl and python3 for the auditor-script tests,
# nats-server for the JetStream ingest tests, a C toolchain for the Native AOT attest that NativeFrontTests
# publishes); extra arguments go to `dotnet test`.
# `scripts/test.sh --postgres …` runs the Core tests that use the default test database on PostgreSQL instead of SQLite
# (ATTEST_TEST_DATABASE=postgres: one server per test process, one database per test from a migrated template).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--postgres" ]; then
  export ATTEST_TEST_DATABASE=postgres
  shift
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
[ -f /usr/share/postgresql/15/extension/pg_partman.control ] || missing+=(postgresql-15-partman)
[ -x /usr/bin/openssl ] || missing+=(openssl)
[ -x /usr/bin/python3 ] || missing+=(python3)
command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
# Native AOT links with clang or gcc and strips with objcopy (binutils).
command -v clang >/dev/null || command -v gcc >/dev/null || missing+=(gcc)
command -v objcopy >/dev/null || missing+=(binutils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing test prerequisites: ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

exec dotnet test "$@"
