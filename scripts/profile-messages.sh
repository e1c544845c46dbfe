#!/usr/bin/env bash
# Profiles the POST /messages hot path of the real gateway with `perf record` (cpu-clock samples,
# DWARF call graphs) while wrk drives it, and prints the top costs, self and inclusive.
#
#   scripts/profile-messages.sh [SECONDS]        (default 10)
#
# Starts `sms-gateway simulate` (latency 0, its own process) and `sms-gateway serve` (release build,
# the load scripts' generated config: log level warning, SQLite store in a temp dir), warms up for 2 s,
# then samples the serve process for SECONDS while wrk (-t2 -c64) posts one message over and over.
# valgrind's callgrind was the first choice (instruction counts do not depend on machine load), but
# valgrind 3.19 cannot read this toolchain's DWARF 5 and crashes on the stripped binary.
# Env: DEALER (load-cg | load-mk | load-ss, default load-ss), TARGET (gateway | simulator, default
# gateway: which process perf samples; the figures per message are then that process's), SERVE_ARGS (e.g. "--store memory" or
# "--upstream-client urlsession"), BIN (default .build-load/release/sms-gateway), SKIP_BUILD=1,
# RESULTS_DIR (default a new temp dir; keeps perf.data and the listings).
# Loopback only; everything started is killed on exit.
set -euo pipefail
source "$(dirname "$0")/load/common.sh"
seconds="${1:-10}"
dealer="${DEALER:-load-ss}"
target="${TARGET:-gateway}"
[[ "$target" == gateway || "$target" == simulator ]] || { echo "profile-messages: TARGET is gateway or simulator" >&2; exit 2; }
results="${RESULTS_DIR:-$(mktemp -d /tmp/profile-messages.XXXXXX)}"
mkdir -p "$results"
command -v perf >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf >/dev/null; }
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

build_if_needed
start_simulators 0
start_gateway --account-max-connections 64 >/dev/null
url="http://127.0.0.1:$GW_PORT/messages"
write_post_lua "$dealer" "$WORK/post.lua"
wrk -t2 -c64 -d2s -s "$WORK/post.lua" "$url" >/dev/null 2>&1 || true
pid="$GW_PID"; [[ "$target" == simulator ]] && pid="$SIM_PID"
before=$(cpu_ticks "$pid")
wrk -t2 -c64 -d"$((seconds + 2))s" -s "$WORK/post.lua" "$url" >"$results/wrk.txt" 2>&1 &
EXTRA_PIDS+=($!)
sleep 1
perf record -e cpu-clock -F 499 --call-graph dwarf,16384 -p "$pid" -o "$results/perf.data" -- sleep "$seconds" >/dev/null 2>"$results/perf-record.log"
wait "${EXTRA_PIDS[-1]}" 2>/dev/null || true
after=$(cpu_ticks "$pid")
total=$(awk '/requests in/ {print $1}' "$results/wrk.txt")

echo "sampled: $target; sms-gateway serve ${SERVE_ARGS:-}: dealer=$dealer, ${seconds} s sampled; $(machine_line)"
grep -E "Requests/sec|Non-2xx|Socket errors" "$results/wrk.txt" || true
if grep -q "Non-2xx" "$results/wrk.txt"; then
    echo "profile-messages: the gateway refused messages (Non-2xx above): this profile is of the refusal, not of a send" >&2
fi
echo "$target CPU per message (wrk run, perf attached): $(python3 -c "print(f'{($after - $before) / $(getconf CLK_TCK) * 1e6 / max(1, ${total:-0}):.1f}')") µs"
perf report -i "$results/perf.data" --stdio --no-children --sort symbol --percent-limit 0.7 2>/dev/null \
    | grep -E '^ +[0-9]' | swift demangle --simplified >"$results/self.txt"
perf report -i "$results/perf.data" --stdio --children --sort symbol --percent-limit 3 2>/dev/null \
    | grep -E '^ +[0-9]' | swift demangle --simplified >"$results/inclusive.txt"
echo
echo "top self (% of the $target process's samples; $results/self.txt):"
head -40 "$results/self.txt" | cut -c1-190
echo
echo "top inclusive (children included; $results/inclusive.txt):"
head -45 "$results/inclusive.txt" | cut -c1-190
