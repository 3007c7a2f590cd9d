#!/usr/bin/env bash
# Contract test of the public API: schemathesis generates requests from /api/v1/openapi.json
# and checks every answer (no server error, documented status codes and content types,
# responses matching the schema, invalid input rejected, valid input accepted).
# Runs gunicorn on a throw-away SQLite registry with demo data. Used by .ci/run and
# `make api-contract`. Extra arguments go to `schemathesis run`.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${API_CONTRACT_PORT:-8765}
WORK=$(mktemp -d)
export VAR_DIR="$WORK" DEBUG=0 SECRET_KEY=api-contract-not-secret SECURE_HTTPS=0 \
    ALLOWED_HOSTS=127.0.0.1,localhost LOG_LEVEL=WARNING API_ANONYMOUS_RATE=1000000/m \
    SITE_URL="http://127.0.0.1:${PORT}"
unset DATABASE_URL REDIS_URL
cleanup() {
    if [[ -n "${SERVER:-}" ]]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
DEBUG=1 $BIN/python manage.py migrate --noinput -v 0
DEBUG=1 $BIN/python manage.py seed_demo --companies 200 --seed 7 >/dev/null
$BIN/python manage.py collectstatic --noinput -v 0
$BIN/gunicorn partnership.wsgi:application --bind "127.0.0.1:${PORT}" --workers 2 \
    --access-logfile /dev/null --error-logfile "$WORK/gunicorn.log" &
SERVER=$!
for _ in $(seq 1 50); do
    curl -fsS "http://127.0.0.1:${PORT}/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
status=0
$BIN/schemathesis run "http://127.0.0.1:${PORT}/api/v1/openapi.json" \
    --checks all --max-examples "${API_CONTRACT_EXAMPLES:-60}" --workers 2 \
    --seed 1 "$@" || status=$?
if [[ $status -ne 0 ]]; then
    echo "--- server log"; tail -50 "$WORK/gunicorn.log" || true
fi
exit $status
