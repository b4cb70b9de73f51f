#!/bin/bash
# Run once by the postgres image when the primary's data folder is created: let the
# replica connect for replication (as the same user, with its password, on the compose
# network only).
set -euo pipefail
echo "host replication ${POSTGRES_USER} samenet scram-sha-256" >> "$PGDATA/pg_hba.conf"
