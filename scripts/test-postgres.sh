#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server (Debian's packages) on 127.0.0.1 for the tests that need real
# concurrent connections, and prints the TEST_POSTGRES_URL to use. `scripts/test-postgres.sh stop` stops it.
# Needs root (it installs the package if missing and runs the server as the postgres user).
set -euo pipefail

port="${TEST_POSTGRES_PORT:-55432}"
data="${TEST_POSTGRES_DATA:-/tmp/persona-edge-postgres}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

if [ "${1:-start}" = "stop" ]; then
  [ -n "$bin" ] && [ -d "$data" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m fast stop >/dev/null || true
  exit 0
fi

if [ -z "$bin" ]; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

if [ ! -f "$data/PG_VERSION" ]; then
  rm -rf "$data"
  mkdir -p "$data"
  chown postgres "$data"
  runuser -u postgres -- "$bin/initdb" -D "$data" -A trust -U postgres >&2
fi
if runuser -u postgres -- "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  echo "postgres://postgres@127.0.0.1:$port/postgres"
  exit 0
fi
runuser -u postgres -- "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
  -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >&2
echo "postgres://postgres@127.0.0.1:$port/postgres"
