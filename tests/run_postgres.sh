#!/usr/bin/env bash
# Runs the given pytest arguments against a throwaway PostgreSQL server (Debian's postgresql package),
# started here in a temporary directory and stopped on exit.  Used by `make test` for the records suite.
set -euo pipefail
cd "$(dirname "$0")/.."

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
  echo "PostgreSQL is not installed: run 'make setup'." >&2
  exit 1
fi

port=${PG_TEST_PORT:-54329}
workdir=$(mktemp -d /tmp/portal-pg.XXXXXX)
run_as=()
if [ "$(id -u)" -eq 0 ]; then
  # The server refuses to run as root; Debian's package creates the postgres user.
  chown postgres: "$workdir"
  run_as=(runuser -u postgres --)
fi

cleanup() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

"${run_as[@]}" "$bindir/initdb" -D "$workdir/data" -U portal -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${run_as[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null

export DATABASE_URL="postgres://portal@127.0.0.1:$port/portal"
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U portal portal
.venv/bin/pytest "$@"
