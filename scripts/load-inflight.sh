#!/usr/bin/env bash
# Load test (a): COUNT (default 9,900) concurrent POST /messages, all in flight at once, against
# simulators that answer after LATENCY_MS (default 3000). The real release binary runs as
# `sms-gateway serve` with a generated config (SQLite in a temp dir, server max_connections 12000,
# every account max_connections 10000, header_timeout_ms 120000, log level warning); the simulators run in their own process
# (`sms-gateway simulate`). Samples the gateway's and simulators' /proc status every 0.25 s and
# prints the figures as markdown. Loopback only; everything started is killed on exit.
#
# Usage: scripts/load-inflight.sh            (builds .build-load if needed)
#        SKIP_BUILD=1 COUNT=9900 LATENCY_MS=3000 scripts/load-inflight.sh
# Exit status: 0 when every answer was right, peak RSS < 200 MB and peak threads < 200.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/load/common.sh"

COUNT="${COUNT:-9900}"
LATENCY_MS="${LATENCY_MS:-3000}"
MAX_RSS_MB="${MAX_RSS_MB:-200}"
MAX_THREADS="${MAX_THREADS:-200}"

build_if_needed
echo "$(machine_line) (before)"
start_simulators "$LATENCY_MS"
# header_timeout_ms counts from accept: the connections are all opened before any request is written.
start_gateway --account-max-connections 10000 --server-max-connections 12000 --header-timeout-ms 120000
echo "gateway pid $GW_PID on port $GW_PORT, simulators pid $SIM_PID: $(head -c 200 "$WORK/sim.json")..."

python3 "$LOAD_DIR/procstat.py" sample --out "$WORK/samples.csv" --interval 0.25 --max-seconds 600 \
    gateway="$GW_PID" simulators="$SIM_PID" &
SAMPLER_PID=$!

set +e
timeout 300 python3 "$LOAD_DIR/messages_load.py" inflight --port "$GW_PORT" --count "$COUNT" | tee "$WORK/client.out"
client_rc=${PIPESTATUS[0]}
set -e
sleep 5   # keep sampling: descriptors and threads should fall back once the connections close
kill -TERM "$SAMPLER_PID"; wait "$SAMPLER_PID" || true; SAMPLER_PID=""
echo "$(machine_line) (after)"

python3 "$LOAD_DIR/procstat.py" report "$WORK/samples.csv" --judge none | tee "$WORK/report.md"

read -r hwm threads fds < <(awk -F, '$2=="gateway" { if ($5+0>h+0) h=$5+0; if ($6+0>t+0) t=$6+0; if ($7+0>f+0) f=$7+0 } END { print h, t, f }' "$WORK/samples.csv")
result=$(grep '^RESULT ' "$WORK/client.out" | sed 's/^RESULT //')
ok=$(jq -r .ok <<<"$result"); secs=$(jq -r .all_answered_s <<<"$result"); peak=$(jq -r .peak_in_flight <<<"$result")
hwm_mb=$(awk -v k="$hwm" 'BEGIN { printf "%.1f", k / 1024 }')
echo
echo "| figure (gateway, $COUNT requests, simulator latency $LATENCY_MS ms) | measured | goal |"
echo "|---|---:|---|"
echo "| answered 201 with the provider's message id | $ok / $COUNT | all |"
echo "| peak http_requests_in_flight (/metrics, polled every 0.25 s) | ${peak%.*} | $COUNT |"
echo "| time to answer all (first write to last answer) | $secs s | |"
echo "| peak RSS (VmHWM) | $hwm_mb MB | < $MAX_RSS_MB MB |"
echo "| peak threads | $threads | no explosion (< $MAX_THREADS) |"
echo "| peak open descriptors | $fds | ≈ 2 × $COUNT + a few |"

fail=0
[[ "$client_rc" == 0 && "$ok" == "$COUNT" ]] || { echo "FAIL: not every answer was right (client exit $client_rc)"; fail=1; }
(( hwm < MAX_RSS_MB * 1024 )) || { echo "FAIL: peak RSS $hwm_mb MB"; fail=1; }
(( threads < MAX_THREADS )) || { echo "FAIL: $threads threads"; fail=1; }
if grep -q '"level":"\(error\|critical\)"' "$WORK/gateway.log"; then
    echo "gateway logged errors:"; grep '"level":"\(error\|critical\)"' "$WORK/gateway.log" | head -5
fi
exit "$fail"
