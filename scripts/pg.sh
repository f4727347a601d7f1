# A throwaway PostgreSQL 15 cluster for the tests: own data directory and port, stopped on exit.
# shellcheck shell=bash
PG_BIN=/usr/lib/postgresql/15/bin

pd_pg_start() {
  [ -x "$PG_BIN/initdb" ] || { echo "FATAL: PostgreSQL 15 is not installed ($PG_BIN/initdb)" >&2; exit 1; }
  PD_PG_DIR=$(mktemp -d /tmp/paydesk-pg.XXXXXX)
  PD_PG_PORT=${PD_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}
  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root: hand the cluster to the postgres user.
    chown postgres:postgres "$PD_PG_DIR"
    run=(runuser -u postgres --)
  fi
  PD_PG_RUN=("${run[@]}")
  "${run[@]}" "$PG_BIN/initdb" -D "$PD_PG_DIR/data" -U paydesk --auth=trust -E UTF8 --locale=C.UTF-8 >"$PD_PG_DIR/initdb.log" 2>&1 \
    || { cat "$PD_PG_DIR/initdb.log" >&2; echo "FATAL: initdb failed" >&2; exit 1; }
  "${run[@]}" "$PG_BIN/pg_ctl" -D "$PD_PG_DIR/data" -l "$PD_PG_DIR/server.log" -w -t 60 \
    -o "-p $PD_PG_PORT -k $PD_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null \
    || { cat "$PD_PG_DIR/server.log" >&2; echo "FATAL: PostgreSQL did not start" >&2; exit 1; }
  trap pd_pg_stop EXIT
  export PD_TEST_PG_URL="postgresql://paydesk@127.0.0.1:$PD_PG_PORT/postgres"
  echo "PostgreSQL 15 running on port $PD_PG_PORT ($PD_PG_DIR)"
}

pd_pg_stop() {
  [ -n "${PD_PG_DIR:-}" ] || return 0
  "${PD_PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PD_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PD_PG_DIR"
  PD_PG_DIR=
}
