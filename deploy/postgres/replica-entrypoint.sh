#!/bin/bash
# The replica's start: on first start, copy the primary with pg_basebackup
# (--write-recovery-conf makes it a standby that streams from the primary); then run
# the server as the image does.
set -euo pipefail
PGDATA=/var/lib/postgresql/data
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h db-primary -U factcheck; do sleep 1; done
  rm -rf "${PGDATA:?}"/*
  pg_basebackup -h db-primary -U factcheck -D "$PGDATA" \
    --write-recovery-conf --wal-method=stream --checkpoint=fast
  chown -R postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
fi
exec gosu postgres postgres -D "$PGDATA" -c hot_standby=on
