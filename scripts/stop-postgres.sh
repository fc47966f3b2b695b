#!/usr/bin/env bash
# Stops the cluster started by start-postgres.sh and removes its data folder.
set -u
[ -n "${FAZHI_PGDATA:-}" ] || exit 0
runuser -u postgres -- "$FAZHI_PGBIN/pg_ctl" -D "$FAZHI_PGDATA" -m fast stop >/dev/null 2>&1 || true
rm -rf "$FAZHI_PGDATA"
