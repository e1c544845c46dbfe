# Shared by scripts/load-inflight.sh and scripts/load-soak.sh (sourced, not run).
# Builds the release binary if needed, starts `sms-gateway simulate` and `sms-gateway serve` on
# loopback with a generated config in a temp dir, and kills both (and the sampler) on exit.
#
# Environment: SKIP_BUILD=1 reuses the binary; SCRATCH (default .build-load) is the build folder;
# BIN overrides the gateway binary's path, SIM_BIN the simulators' (default BIN); KEEP_DIR=1 keeps the temp dir (config, logs, samples);
# SERVE_ARGS adds options to `serve` (e.g. "--upstream-client urlsession" where the binary has it).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LOAD_DIR="$ROOT/scripts/load"
SCRATCH="${SCRATCH:-$ROOT/.build-load}"
BIN="${BIN:-$SCRATCH/release/sms-gateway}"
SIM_BIN="${SIM_BIN:-$BIN}"
WORK="$(mktemp -d /tmp/sms-load.XXXXXX)"
SIM_PID=""
GW_PID=""
SAMPLER_PID=""
EXTRA_PIDS=()   # helpers a script starts (killed first)

cleanup() {
    local rc=$?
    for pid in "${EXTRA_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "$SAMPLER_PID" "$GW_PID" "$SIM_PID"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
    done
    for pid in "$SAMPLER_PID" "$GW_PID" "$SIM_PID"; do
        [[ -z "$pid" ]] && continue
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [[ "${KEEP_DIR:-0}" == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_if_needed() {
    if [[ "${SKIP_BUILD:-0}" == 1 && -x "$BIN" && -x "$SIM_BIN" ]]; then return; fi
    echo "building release binary into $SCRATCH ..." >&2
    (cd "$ROOT" && timeout 3000 swift build -c release --scratch-path "$SCRATCH" --product sms-gateway >&2)
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Waits (at most $2 s) for file $1 to have a complete first line.
wait_for_line() {
    local file=$1 limit=$2
    for _ in $(seq 1 $((limit * 10))); do
        if [[ -s "$file" ]] && head -1 "$file" | grep -q '}$'; then return 0; fi
        sleep 0.1
    done
    return 1
}

# start_simulators LATENCY_MS
start_simulators() {
    "$SIM_BIN" simulate --latency-ms "$1" >"$WORK/sim.json" 2>"$WORK/sim.err" &
    SIM_PID=$!
    if ! wait_for_line "$WORK/sim.json" 30; then
        echo "simulators did not start:" >&2; cat "$WORK/sim.err" >&2; exit 1
    fi
}

# start_gateway [make_config.py options...]
start_gateway() {
    GW_PORT=$(free_port)
    python3 "$LOAD_DIR/make_config.py" --sim-json "$WORK/sim.json" --out "$WORK/gateway.yaml" \
        --sqlite "$WORK/data/gateway.sqlite" --port "$GW_PORT" "$@"
    "$BIN" check-config --config "$WORK/gateway.yaml" >&2
    env --chdir="$WORK" -u PORT -u LOG_LEVEL "$BIN" serve --config "$WORK/gateway.yaml" ${SERVE_ARGS:-} >"$WORK/gateway.log" 2>&1 &
    GW_PID=$!
    for _ in $(seq 1 300); do
        if curl -fsS -o /dev/null "http://127.0.0.1:$GW_PORT/readyz" 2>/dev/null; then break; fi
        if ! kill -0 "$GW_PID" 2>/dev/null; then echo "gateway exited:" >&2; cat "$WORK/gateway.log" >&2; exit 1; fi
        sleep 0.1
    done
    curl -fsS -o /dev/null "http://127.0.0.1:$GW_PORT/readyz" || { echo "gateway not ready" >&2; exit 1; }
}

machine_line() {
    echo "machine: $(nproc) cores, $(awk '{print "load average " $1 " " $2 " " $3}' /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'), ulimit -n $(ulimit -n)"
}

# wrk's script for one POST /messages to DEALER, written to FILE: write_post_lua DEALER FILE.
# myKaarma messages carry the customer id (providers.md).
write_post_lua() {
    local extra=""
    [[ "$1" == load-mk* ]] && extra=',"customer_id":"5f7c1c9e-1b2a-4c3d-8e9f-0a1b2c3d4e5f"'
    cat >"$2" <<LUA
wrk.method = "POST"
wrk.body = '{"dealer_id":"$1","to":"+15551234567","body":"Your 2019 Civic is ready for pickup.","metadata":{"ro":"4411"}$extra}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer loadtest-token"
LUA
}

# User plus system CPU ticks of process PID: cpu_ticks PID.
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }
