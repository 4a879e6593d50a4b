#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on a spare port for the tests and prints the line
#   export STOCKPOLICY_TEST_PG=postgres://postgres@127.0.0.1:PORT/postgres
# for the caller to eval. Stop it with: .ci/stop-postgres.sh (or it dies with the machine).
set -euo pipefail

bindir=""
if command -v dpkg >/dev/null 2>&1; then
  initdb=$(dpkg -L postgresql-15 2>/dev/null | grep '/bin/initdb$' | head -n 1 || true)
  [ -n "$initdb" ] && bindir=$(dirname "$initdb")
fi
if [ -z "$bindir" ]; then
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] && bindir=$(dirname "$initdb")
fi
if [ -z "$bindir" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "start-postgres: installing Debian's postgresql-15" >&2
  (apt-get install -y -q postgresql-15 >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q postgresql-15 >/dev/null 2>&1; }) || true
  initdb=$(dpkg -L postgresql-15 2>/dev/null | grep '/bin/initdb$' | head -n 1 || true)
  [ -n "$initdb" ] && bindir=$(dirname "$initdb")
fi
if [ -z "$bindir" ]; then
  echo "start-postgres: no PostgreSQL server found; PostgreSQL tests will be skipped" >&2
  exit 0
fi

dir=$(mktemp -d /tmp/stockpolicy-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$dir"
as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100" start >/dev/null
echo "$bindir/pg_ctl -D $dir/data" >/tmp/stockpolicy-pg.ctl
echo "export STOCKPOLICY_TEST_PG=postgres://postgres@127.0.0.1:$port/postgres"
