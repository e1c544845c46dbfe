#!/usr/bin/env bash
# Profiles the POST /messages hot path of the real gateway with valgrind's callgrind (instruction
# counts: they do not depend on what else the machine is doing) and prints instructions per message
# and the top costs.
#
#   scripts/profile-messages.sh [MESSAGES]        (default 2000)
#
# Starts `sms-gateway simulate` (latency 0) and `sms-gateway serve` under callgrind with the load
# scripts' generated config (log level warning, SQLite store in a temp dir), sends 300 warm-up
# messages, zeroes the counters, sends MESSAGES messages over 4 keep-alive connections, dumps.
# The profile is of the gateway process alone (the simulators run in their own process).
# Env: DEALER (load-cg | load-mk | load-ss, default load-ss), SERVE_ARGS (e.g. "--upstream-client
# urlsession"), BIN (default .build-load/release/sms-gateway; build it with -Xswiftc -g for line
# info), SKIP_BUILD=1, RESULTS_DIR (default a new temp dir; keeps callgrind.out.* and listings).
# Loopback only; everything started is killed on exit.
set -euo pipefail
source "$(dirname "$0")/load/common.sh"
messages="${1:-2000}"
dealer="${DEALER:-load-ss}"
results="${RESULTS_DIR:-$(mktemp -d /tmp/profile-messages.XXXXXX)}"
mkdir -p "$results"
command -v valgrind >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }

build_if_needed
start_simulators 0
GW_PORT=$(free_port)
python3 "$LOAD_DIR/make_config.py" --sim-json "$WORK/sim.json" --out "$WORK/gateway.yaml" \
    --sqlite "$WORK/data/gateway.sqlite" --port "$GW_PORT" --account-max-connections 64
env --chdir="$WORK" -u PORT -u LOG_LEVEL valgrind --tool=callgrind --callgrind-out-file="$results/callgrind.out.%p" \
    "$BIN" serve --config "$WORK/gateway.yaml" ${SERVE_ARGS:-} >"$WORK/gateway.log" 2>"$results/valgrind.log" &
GW_PID=$!
for _ in $(seq 1 1200); do
    curl -fsS -o /dev/null "http://127.0.0.1:$GW_PORT/readyz" 2>/dev/null && break
    kill -0 "$GW_PID" 2>/dev/null || { cat "$WORK/gateway.log" "$results/valgrind.log" >&2; exit 1; }
    sleep 0.25
done

url="http://127.0.0.1:$GW_PORT/messages"
body="{\"dealer_id\":\"$dealer\",\"to\":\"+15551234567\",\"body\":\"Your 2019 Civic is ready for pickup.\",\"metadata\":{\"ro\":\"4411\"}}"
python3 "$(dirname "$0")/profile/send_messages.py" "$url" loadtest-token "$body" 300 4
callgrind_control -z "$GW_PID" >/dev/null
python3 "$(dirname "$0")/profile/send_messages.py" "$url" loadtest-token "$body" "$messages" 4
callgrind_control -d "$GW_PID" >/dev/null
sleep 1
dump="$(ls -t "$results"/callgrind.out.*.* 2>/dev/null | head -1 || true)"
[[ -n "$dump" ]] || { echo "no callgrind dump in $results" >&2; exit 1; }

total=$(awk '/^(summary|totals):/ {print $2; exit}' "$dump")
echo "sms-gateway serve ${SERVE_ARGS:-}: dealer=$dealer messages=$messages ($(machine_line))"
echo "gateway instructions per message: $((total / messages))"
callgrind_annotate --inclusive=yes "$dump" 2>/dev/null | swift demangle --simplified >"$results/inclusive.txt"
callgrind_annotate "$dump" 2>/dev/null | swift demangle --simplified >"$results/self.txt"
per_message() {
    awk -v n="$messages" '/^ *[0-9,]+ +\(/ { v = $1; gsub(",", "", v); $1 = ""; $2 = ""; printf "%10d  %s\n", v / n, substr($0, 3) }' "$1"
}
echo
echo "top inclusive, instructions per message ($results/inclusive.txt):"
per_message "$results/inclusive.txt" | head -70 | cut -c1-200
echo
echo "top self, instructions per message ($results/self.txt):"
per_message "$results/self.txt" | head -45 | cut -c1-200
