#!/usr/bin/env bash
# The producers' API against its own OpenAPI document (issue #15): schemathesis
# sends generated requests to a real server process and fails on any 5xx or
# any response that does not match the schema. Runs on a throwaway SQLite
# database and storage in a temporary folder, with a token of a registered
# agency; the server is stopped and the folder removed on exit.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PY=.venv/bin/python
SCHEMATHESIS_VERSION=4.32.5
# A test tool of this script alone: installed here, not with the app.
if ! .venv/bin/schemathesis --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  .venv/bin/pip install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi
WORK=$(mktemp -d /tmp/ci-api-fuzz.XXXXXX)
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=settings.dev
export DATABASE_URL="sqlite:///$WORK/db.sqlite3"
export ARCHIVE_VAR_DIR="$WORK/var" ARCHIVE_STORAGE="$WORK/storage"
export PRODUCER_API_RATE_PER_MINUTE=100000
PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"

$PY manage.py migrate --noinput >/dev/null
$PY manage.py agency_register --code 11430405MB1234567X --name 衡阳市珠晖区应急管理局 --fonds J031 >/dev/null
TOKEN=$($PY manage.py producer_token 11430405MB1234567X --name schemathesis 2>/dev/null)
# One case of the token's agency, so that GET /api/v1/cases/{case_number} is
# answered 200 too, not only 404: the sample package, ingested before the run;
# schemathesis puts its number in that path parameter half of the time.
SAMPLE="${API_FUZZ_SAMPLE:-../shared/examples/sip-example-major-penalty}"
CASE_NUMBER=$($PY manage.py ingest "$SAMPLE" --json | $PY -c 'import json, sys; print(json.load(sys.stdin)["case_number"])')
cat >"$WORK/schemathesis.toml" <<TOML
[dictionaries.cases]
values = ["$CASE_NUMBER"]

[parameters]
"path.case_number" = { dictionary = "cases", probability = 0.5 }
TOML

$PY manage.py runserver "127.0.0.1:$PORT" --noreload >"$WORK/server.log" 2>&1 &
SERVER=$!

status=0
.venv/bin/schemathesis --config-file "$WORK/schemathesis.toml" run "$BASE/api/openapi.json" \
  --wait-for-schema 60 \
  --header "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "${API_FUZZ_EXAMPLES:-50}" \
  --generation-deterministic || status=$?
# The known case was asked for and answered (the path is logged percent-encoded).
CASE_PATH=$($PY -c 'import sys, urllib.parse; print("/api/v1/cases/" + urllib.parse.quote(sys.argv[1]))' "$CASE_NUMBER")
FOUND=$(grep -cF "\"GET $CASE_PATH HTTP/1.1\" 200" "$WORK/server.log" || true)
echo "api_fuzz: GET /api/v1/cases/$CASE_NUMBER answered 200 $FOUND times"
if [ "$status" = 0 ] && [ "$FOUND" = 0 ]; then
  echo "api_fuzz: the known case was never reached"
  status=1
fi
if [ "$status" != 0 ]; then
  echo "--- server log (last 80 lines) ---"
  tail -n 80 "$WORK/server.log"
fi
exit "$status"
