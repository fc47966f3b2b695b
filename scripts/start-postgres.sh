#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on 127.0.0.1 for tests (installs Debian's PostgreSQL if
# missing) and prints `export` lines: eval "$(scripts/start-postgres.sh)".
# Stop it with: scripts/stop-postgres.sh
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq >&2
  apt-get install -y -qq postgresql postgresql-contrib >&2
fi
PGVER=$(ls /usr/lib/postgresql | sort -V | tail -1)
PGBIN=/usr/lib/postgresql/$PGVER/bin
PGDATA=${PGDATA:-$(mktemp -d -t fazhi-pg.XXXXXX)}
# The first free port from 55432 on, so a cluster left running elsewhere does not stop this one.
if [ -z "${PGPORT:-}" ]; then
  PGPORT=55432
  while (exec 3<>"/dev/tcp/127.0.0.1/$PGPORT") 2>/dev/null; do PGPORT=$((PGPORT + 1)); done
fi
chown postgres:postgres "$PGDATA"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
"$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "CREATE DATABASE fazhi_test" >/dev/null
echo "export FAZHI_PGDATA=$PGDATA"
echo "export FAZHI_PGBIN=$PGBIN"
echo "export FAZHI_PGPORT=$PGPORT"
echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PGPORT/fazhi_test?tlsmode=disable"
