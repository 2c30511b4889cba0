#!/usr/bin/env bash
# Run the whole suite on SQLite, then again on a throwaway PostgreSQL server started here and
# stopped on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
# One pytest-xdist worker per core; each worker has its own PostgreSQL database.
WORKERS=${PYTEST_WORKERS:-$(nproc)}

echo "== Test suite on SQLite"
$PY -m pytest -p no:cacheprovider -n "$WORKERS" "$@"

PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
PGROOT=$(mktemp -d)
PGPORT=${PGPORT:-54329}
chown postgres:postgres "$PGROOT"
stop_pg() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}
trap stop_pg EXIT
runuser -u postgres -- "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 \
  --locale=C.UTF-8 --no-sync >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off" start >/dev/null
for worker in $(seq 0 $((WORKERS - 1))); do
  runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "portal_test_gw$worker"
done

# Browser tests drive the UI, which is the same on both databases, and the authorisation matrix
# and the security headers of every address check decisions made in Python: they run on SQLite
# only (marker one_database), so the suite stays within CI's budget;
# every other HTTP, service and migration test runs on both. Tests that never open the test
# database are left out of this run by tests/conftest.py.
echo "== Test suite on PostgreSQL (browser tests, the authorisation matrix and the headers of every address ran on SQLite)"
TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/portal_test" \
  $PY -m pytest -p no:cacheprovider -n "$WORKERS" -m "not e2e and not one_database" "$@"
