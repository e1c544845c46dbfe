#!/usr/bin/env bash
# Load test (b): a soak at a steady RATE (default 200 msg/s) for DURATION seconds (default 600)
# with mixed outcomes chosen by recipient number (success, CarGurus 113/103, sendsms E111, myKaarma
# FAILURE, HTTP 503/429, and timeouts on 300 ms accounts: see SOAK_MIX in
# scripts/load/messages_load.py); every answer is checked against the status and unified error code
# its scenario must give. The real release binary runs as `sms-gateway serve` (SQLite in a temp dir,
# log level warning); the simulators (`sms-gateway simulate`, LATENCY_MS default 20) run in their own
# process. RSS, threads and open fds of both are sampled every 10 s; "flat at the end" means the
# last minute's mean RSS is at most 5 % and mean fds at most 5 above the mean of the minute halfway
# through the run (scripts/load/procstat.py; the RSS trend over the second half is printed too).
# Loopback only; everything started is killed on exit.
#
# Usage: scripts/load-soak.sh                         (builds .build-load if needed)
#        SKIP_BUILD=1 DURATION=600 RATE=200 CLIENT_NICE=5 WITH_RESET=1 scripts/load-soak.sh
# WITH_RESET=1 adds upstream connection resets (expected 502 provider_error; see docs/load.md).
# Exit status: 0 when every answer was as its scenario asks and the gateway stayed flat.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/load/common.sh"

DURATION="${DURATION:-600}"
RATE="${RATE:-200}"
LATENCY_MS="${LATENCY_MS:-20}"
SHORT_TIMEOUT_MS="${SHORT_TIMEOUT_MS:-300}"
CLIENT_NICE="${CLIENT_NICE:-0}"
EXTRA_CLIENT_ARGS=()
if [[ "${WITH_RESET:-0}" == 1 ]]; then EXTRA_CLIENT_ARGS+=(--with-reset); fi

build_if_needed
echo "$(machine_line) (before)"
start_simulators "$LATENCY_MS"
start_gateway --account-max-connections 256 --short-timeout-ms "$SHORT_TIMEOUT_MS"
echo "gateway pid $GW_PID on port $GW_PORT, simulators pid $SIM_PID; $RATE msg/s for $DURATION s"

python3 "$LOAD_DIR/procstat.py" sample --out "$WORK/samples.csv" --interval 10 --max-seconds $((DURATION + 120)) \
    gateway="$GW_PID" simulators="$SIM_PID" &
SAMPLER_PID=$!
( while sleep 60; do echo "[loadavg] $(cut -d' ' -f1-3 /proc/loadavg)" >&2; done ) &
LOADAVG_PID=$!
EXTRA_PIDS+=("$LOADAVG_PID")

set +e
timeout $((DURATION + 60)) nice -n "$CLIENT_NICE" python3 "$LOAD_DIR/messages_load.py" soak --port "$GW_PORT" \
    --rate "$RATE" --duration "$DURATION" "${EXTRA_CLIENT_ARGS[@]}" | tee "$WORK/client.out"
client_rc=${PIPESTATUS[0]}
set -e
kill "$LOADAVG_PID" 2>/dev/null || true
sleep 1
kill -TERM "$SAMPLER_PID"; wait "$SAMPLER_PID" || true; SAMPLER_PID=""
echo "$(machine_line) (after)"

set +e
python3 "$LOAD_DIR/procstat.py" report "$WORK/samples.csv" --judge gateway | tee "$WORK/report.md"
flat_rc=${PIPESTATUS[0]}
set -e
cp "$WORK/samples.csv" "${SAMPLES_OUT:-/dev/null}" 2>/dev/null || true

echo
echo "gateway samples every 10 s (t s, RSS MB, threads, fds):"
awk -F, '$2=="gateway" { printf "%s %.1f %s %s\n", int($1), $4/1024, $6, $7 }' "$WORK/samples.csv" | paste -sd';' | sed 's/;/; /g'
if grep -q '"level":"\(error\|critical\)"' "$WORK/gateway.log"; then
    echo "gateway logged $(grep -c '"level":"\(error\|critical\)"' "$WORK/gateway.log") error lines, e.g.:"
    grep '"level":"\(error\|critical\)"' "$WORK/gateway.log" | head -3
fi
fail=0
[[ "$client_rc" == 0 ]] || { echo "FAIL: answers the scenarios did not ask for (client exit $client_rc)"; fail=1; }
[[ "$flat_rc" == 0 ]] || { echo "FAIL: the gateway's RSS or fds were not flat at the end"; fail=1; }
exit "$fail"
