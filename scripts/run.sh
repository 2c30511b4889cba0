#!/usr/bin/env bash
# `make run`: the portal under gunicorn and, beside it, the job queue's worker (imports, period
# openings, zips, e-mail, reminders); Ctrl+C stops both. Usage: scripts/run.sh VENV HOST:PORT
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=$1
BIND=$2
"$VENV/bin/flask" --app app worker &
worker=$!
stop_worker() {
  kill "$worker" 2>/dev/null || true
  wait "$worker" 2>/dev/null || true
}
trap stop_worker EXIT
"$VENV/bin/gunicorn" --workers 2 --threads 4 --bind "$BIND" --access-logfile - app:app
