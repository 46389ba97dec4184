#!/usr/bin/env bash
# Starts a scratch PostgreSQL server on a local socket for the SQL parity
# tests, installing Debian's package first when the machine has none.
# Prints nothing on success; the tests find it at PGHOST=/tmp/icp-pg,
# PGPORT=54329, user postgres, database postgres.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt-get install -y -q postgresql >/dev/null
fi
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
dir=/tmp/icp-pg
run=()
if [ "$(id -u)" = 0 ]; then run=(runuser -u postgres --); fi
# A server already running here is kept (pg_ctl refuses root, so ask as
# postgres): removing its folder under it would leave two servers, and the
# old one deletes the new one's socket when it notices and stops.
if [ -f "$dir/data/postmaster.pid" ]; then
    "${run[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 && exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
"${run[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
"${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-k $dir -p 54329 -c listen_addresses=''" start >/dev/null
