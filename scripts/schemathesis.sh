#!/usr/bin/env bash
# Property-based contract test of the running gateway against openapi.yaml with Schemathesis.
#
# Builds sms-gateway, starts `sms-gateway demo` (three provider simulators on 127.0.0.1:18081-18083 and
# the gateway on 127.0.0.1:$PORT, loopback only), waits for /healthz, runs Schemathesis with the demo's
# bearer token, stops the demo, and exits with Schemathesis' status (non-zero on any failed check).
#
# Environment (all optional):
#   PORT=8080              gateway port (the simulators' ports are fixed by config/demo.yaml)
#   MAX_EXAMPLES=100       test cases per operation and phase (examples, coverage, fuzzing)
#   STATEFUL_EXAMPLES=30   stateful scenarios budget
#   TIME_LIMIT=900         seconds before the Schemathesis run is interrupted
#   WORKERS=1              concurrent Schemathesis workers
#   SCRATCH=.build-openapi swift build --scratch-path
#   SKIP_BUILD=1           use the existing binary
#   SEED=<int>             reproduce a run
# Extra arguments go to `schemathesis run`, e.g. `scripts/schemathesis.sh --exclude-path /metrics`.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

PORT="${PORT:-8080}"
MAX_EXAMPLES="${MAX_EXAMPLES:-100}"
STATEFUL_EXAMPLES="${STATEFUL_EXAMPLES:-30}"
TIME_LIMIT="${TIME_LIMIT:-900}"
WORKERS="${WORKERS:-1}"
SCRATCH="${SCRATCH:-.build-openapi}"
VENV="$root/.venv-schemathesis"
BASE="http://127.0.0.1:$PORT"
TOKEN="demo-token"
# The checks. positive_data_acceptance is left out on purpose: `dealer_id` is any string by contract,
# so schema-valid requests are mostly (correctly) 422 unknown_dealer.
CHECKS="not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,missing_required_header,ignored_auth,unsupported_method,allow_header_conformance,use_after_free,ensure_resource_availability"

log() { echo "schemathesis.sh: $*" >&2; }

# 1. Schemathesis, in its own venv.
if ! "$VENV/bin/schemathesis" --version >/dev/null 2>&1; then
    log "installing schemathesis into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check schemathesis
fi
ST_VERSION="$("$VENV/bin/schemathesis" --version | awk '{print $NF}')"
log "schemathesis $ST_VERSION"

# 2. The document must be valid before anything is tested against it.
"$root/scripts/check-openapi.sh" "$root/openapi.yaml" >&2

# 3. Build (retrying: other people's files may be mid-edit for a moment).
if [[ -z "${SKIP_BUILD:-}" ]]; then
    for attempt in 1 2 3 4 5; do
        if swift build --scratch-path "$SCRATCH" --product sms-gateway >"$SCRATCH.schemathesis-build.log" 2>&1; then
            break
        fi
        if [[ $attempt == 5 ]]; then
            tail -30 "$SCRATCH.schemathesis-build.log" >&2
            log "build failed 5 times"
            exit 2
        fi
        log "build failed (attempt $attempt), retrying in 30 s"
        sleep 30
    done
    rm -f "$SCRATCH.schemathesis-build.log"
fi
BIN="$(swift build --scratch-path "$SCRATCH" --show-bin-path)/sms-gateway"
[[ -x "$BIN" ]] || { log "no binary at $BIN"; exit 2; }

# 4. The ports must be free: never test someone else's server by mistake.
port_busy() { python3 -c 'import socket,sys; s=socket.socket(); s.settimeout(0.5); sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1])))==0 else 1)' "$1"; }
for p in "$PORT" 18081 18082 18083; do
    for _ in $(seq 1 30); do port_busy "$p" || break; sleep 2; done
    if port_busy "$p"; then log "127.0.0.1:$p is in use (another demo running?); stop it or set PORT"; exit 2; fi
done

# 5. Start the demo; stop it whatever happens.
work="$(mktemp -d "${TMPDIR:-/tmp}/schemathesis.XXXXXX")"
demo_log="$work/demo.log"
PORT="$PORT" "$BIN" demo >"$demo_log" 2>&1 &
demo_pid=$!
stop_demo() {
    if kill -0 "$demo_pid" 2>/dev/null; then
        kill -TERM "$demo_pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$demo_pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$demo_pid" 2>/dev/null || true
    fi
    wait "$demo_pid" 2>/dev/null || true
}
trap stop_demo EXIT INT TERM

healthy=""
for _ in $(seq 1 150); do
    if python3 -c 'import urllib.request,sys; sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=1).status==200 else 1)' "$BASE/healthz" 2>/dev/null; then
        healthy=1; break
    fi
    kill -0 "$demo_pid" 2>/dev/null || break
    sleep 0.2
done
if [[ -z "$healthy" ]]; then
    tail -20 "$demo_log" >&2
    log "the demo did not become healthy at $BASE/healthz"
    exit 2
fi
log "demo up (pid $demo_pid) at $BASE"

# 6. Schemathesis, configured by a generated schemathesis.toml:
# - Upstream failures the demo's simulators are scripted to produce (502, 503, 504) are documented
#   answers, not server errors; 500, 501 and 505 stay failures.
# - The unexpected-method probes leave out QUERY: api.md lists the methods the server knows (GET, HEAD,
#   POST, PUT, DELETE, PATCH, OPTIONS, CONNECT, TRACE) and answers any other token 501
#   `not_implemented`, while the probe would expect 405.
# - The stateful phase (POST /messages, then GET/HEAD of the record through the links) gets its own,
#   smaller budget: it is the slowest phase.
cat >"$work/schemathesis.toml" <<TOML
[generation]
max-examples = $MAX_EXAMPLES

[checks.not_a_server_error]
expected-statuses = ["2xx", "3xx", "4xx", "502", "503", "504"]

[phases.coverage]
unexpected-methods = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "PATCH", "TRACE"]

[phases.stateful.generation]
max-examples = $STATEFUL_EXAMPLES
TOML
seed_args=()
[[ -n "${SEED:-}" ]] && seed_args=(--seed "$SEED")
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
set +e
timeout --signal=INT --kill-after=30 "$TIME_LIMIT" \
    "$VENV/bin/schemathesis" --no-color --config-file "$work/schemathesis.toml" run "$root/openapi.yaml" \
    --url "$BASE" \
    --header "Authorization: Bearer $TOKEN" \
    --checks "$CHECKS" \
    --mode all \
    --phases examples,coverage,fuzzing,stateful \
    --workers "$WORKERS" \
    --request-timeout 15 \
    --suppress-health-check too_slow,filter_too_much \
    --generation-database none \
    --report junit,ndjson --report-dir "$work/report" \
    "${seed_args[@]}" "$@"
status=$?
set -e

echo
echo "== schemathesis.sh summary =="
echo "started:      $started"
echo "schemathesis: $ST_VERSION"
echo "target:       $BASE (sms-gateway demo, token $TOKEN)"
echo "checks:       $CHECKS"
echo "max-examples: $MAX_EXAMPLES per operation and phase, stateful $STATEFUL_EXAMPLES, time limit ${TIME_LIMIT}s"
echo "reports:      $work/report (demo log: $demo_log)"
if [[ $status == 124 ]]; then
    echo "outcome:      interrupted at the time limit"
elif [[ $status == 0 ]]; then
    echo "outcome:      passed"
else
    echo "outcome:      FAILED (schemathesis exit $status)"
fi
if grep -q '"level":"error"\|"level":"critical"' "$demo_log" 2>/dev/null; then
    echo "gateway logged errors:"
    grep '"level":"error"\|"level":"critical"' "$demo_log" | head -5
fi
exit "$status"
