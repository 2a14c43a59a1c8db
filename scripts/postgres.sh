#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on loopback for the test suites that need one.
#   eval "$(scripts/postgres.sh start)"   # exports WEFT_TEST_POSTGRES_URL and WEFT_TEST_POSTGRES_DIR
#   scripts/postgres.sh stop "$WEFT_TEST_POSTGRES_DIR"
#   scripts/postgres.sh halt DIR | resume DIR   # kill the server (immediate shutdown, crash
#                                              # recovery at the next start), keeping its data;
#                                              # start it again on the same port (outage tests)
# Runs the server as the postgres user (initdb refuses root); fsync is off: test data only.
# WEFT_PG_OPTIONS adds server settings, e.g. "-c fsync=on -c shared_buffers=2GB" for benchmarks
# (bench/postgres.sh); WEFT_PG_PARENT picks where the temporary directory goes (default /tmp).
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
cd /  # the postgres user may not enter the caller's directory
case "${1:-}" in
  start)
    dir=$(mktemp -d "${WEFT_PG_PARENT:-/tmp}/weft-pg.XXXXXX")
    chmod 755 "$dir"
    chown postgres "$dir"
    run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    run "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1
    # The port comes from below the kernel's ephemeral range (32768-60999 here), where the test
    # servers' own listening and outgoing sockets land; a port taken all the same is retried.
    started=0
    for attempt in 1 2 3 4 5 6 7 8; do
      port="${WEFT_TEST_POSTGRES_PORT:-$(( 20000 + RANDOM % 10000 ))}"
      if run "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200 ${WEFT_PG_OPTIONS:-}" \
        start >/dev/null 2>&1; then
        started=1
        break
      fi
      [ -z "${WEFT_TEST_POSTGRES_PORT:-}" ] || break
      echo "postgres.sh: could not start on port $port (attempt $attempt); trying another" >&2
    done
    if [ "$started" != 1 ]; then
      echo "postgres.sh: PostgreSQL did not start; the end of its log:" >&2
      tail -n 20 "$dir/log" >&2 || true
      rm -rf "$dir"
      exit 1
    fi
    echo "$port" >"$dir/port"
    echo "${WEFT_PG_OPTIONS:-}" >"$dir/options"
    echo "export WEFT_TEST_POSTGRES_URL='host=127.0.0.1 port=$port user=postgres'"
    echo "export WEFT_TEST_POSTGRES_DIR='$dir'"
    ;;
  stop)
    dir="${2:?usage: postgres.sh stop DIR}"
    if [ -f "$dir/data/postmaster.pid" ]; then
      if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
      else "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; fi
    fi
    rm -rf "$dir"
    ;;
  halt)
    dir="${2:?usage: postgres.sh halt DIR}"
    run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    run "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null  # as if killed: no clean shutdown
    ;;
  resume)
    dir="${2:?usage: postgres.sh resume DIR}"
    port=$(cat "$dir/port")
    options=$(cat "$dir/options" 2>/dev/null || true)
    run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    run "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200 $options" \
      start >/dev/null
    ;;
  *) echo "usage: $0 start | stop DIR | halt DIR | resume DIR" >&2; exit 2 ;;
esac
