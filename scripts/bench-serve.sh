#!/usr/bin/env bash
# POST /messages throughput of the real gateway: `sms-gateway serve` (release build) in front of
# `sms-gateway simulate` (zero latency, its own process), driven by wrk; runs alternate the message
# store (memory, sqlite) so the SQLite store's cost is measured pair by pair in one invocation.
#
#   scripts/bench-serve.sh
#
# Env: PAIRS (default 4) memory/sqlite pairs per upstream client; CLIENTS (default
# "async-http-client"; add "urlsession" for the comparison); DEALER (load-cg | load-mk | load-ss,
# default load-ss); CONNS (default 64); DURATION (default 10s); SKIP_BUILD=1 and BIN as in
# scripts/load/common.sh. Prints one row per run and the median msg/s per store with the cost.
# Loopback only; everything started is killed on exit.
set -euo pipefail
source "$(dirname "$0")/load/common.sh"
pairs="${PAIRS:-4}"
clients="${CLIENTS:-async-http-client}"
dealer="${DEALER:-load-ss}"
conns="${CONNS:-64}"
duration="${DURATION:-10s}"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

build_if_needed
start_simulators 0
write_post_lua "$dealer" "$WORK/post.lua"

stop_gateway() {
    kill -TERM "$GW_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$GW_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$GW_PID" 2>/dev/null || true
    wait "$GW_PID" 2>/dev/null || true
    GW_PID=""
    rm -rf "$WORK/data"
}

echo "$(machine_line); dealer $dealer; wrk -t2 -c$conns -d$duration; $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
printf '| run | client | store | msg/s | p50 ms | p99 ms | non-2xx / errors | gateway CPU µs/msg | simulator CPU µs/msg | load avg |\n|---|---|---|---:|---:|---:|---|---:|---:|---|\n'
results="$WORK/results.tsv"
hz=$(getconf CLK_TCK)
for pair in $(seq 1 "$pairs"); do
    for client in $clients; do
        # Odd pairs run memory first, even pairs SQLite first: on a machine whose speed drifts during
        # the script, a fixed order would charge the drift to the second store.
        order="memory sqlite"; (( pair % 2 == 0 )) && order="sqlite memory"
        for store in $order; do
            SERVE_ARGS="--upstream-client $client --store $store" start_gateway --account-max-connections 64 >/dev/null
            url="http://127.0.0.1:$GW_PORT/messages"
            wrk -t2 -c"$conns" -d2s -s "$WORK/post.lua" "$url" >/dev/null 2>&1 || true
            before=$(cpu_ticks "$GW_PID"); sim_before=$(cpu_ticks "$SIM_PID")
            out=$(wrk -t2 -c"$conns" -d"$duration" --latency -s "$WORK/post.lua" "$url" 2>&1)
            after=$(cpu_ticks "$GW_PID"); sim_after=$(cpu_ticks "$SIM_PID")
            load=$(awk '{print $1}' /proc/loadavg)
            stop_gateway
            rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
            total=$(awk '/requests in/ {print $1}' <<<"$out")
            p50=$(awk '$1=="50%" {print $2}' <<<"$out")
            p99=$(awk '$1=="99%" {print $2}' <<<"$out")
            bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); bad=${bad:-0}
            errs=$(awk '/Socket errors/ {print $3 $4 $5 $6 $7 $8 $9}' <<<"$out"); errs=${errs:-none}
            cpu_us=$(python3 -c "print(f'{($after - $before) / $hz * 1e6 / max(1, $total):.1f}')")
            sim_us=$(python3 -c "print(f'{($sim_after - $sim_before) / $hz * 1e6 / max(1, $total):.1f}')")
            printf '| %s | %s | %s | %s | %s | %s | %s / %s | %s | %s | %s |\n' "$pair" "$client" "$store" "$rps" "$p50" "$p99" "$bad" "$errs" "$cpu_us" "$sim_us" "$load"
            printf '%s\t%s\t%s\t%s\n' "$client" "$store" "$rps" "$cpu_us" >>"$results"
        done
    done
done
echo
python3 - "$results" <<'PY'
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().split("\n") if line]
for client in dict.fromkeys(r[0] for r in rows):
    med = {s: statistics.median(float(r[2]) for r in rows if r[0] == client and r[1] == s) for s in ("memory", "sqlite")}
    cpu = {s: statistics.median(float(r[3]) for r in rows if r[0] == client and r[1] == s) for s in ("memory", "sqlite")}
    pairs = [(float(a[2]), float(b[2])) for a, b in zip([r for r in rows if r[0] == client and r[1] == "memory"],
                                                        [r for r in rows if r[0] == client and r[1] == "sqlite"])]
    per_pair = ", ".join(f"{(1 - s / m) * 100:.0f}%" for m, s in pairs)
    print(f"{client}: median msg/s memory {med['memory']:,.0f}, sqlite {med['sqlite']:,.0f}: the store costs "
          f"{(1 - med['sqlite'] / med['memory']) * 100:.1f}% of throughput (per pair: {per_pair}); "
          f"median CPU µs/msg {cpu['memory']:.1f} vs {cpu['sqlite']:.1f}")
PY
