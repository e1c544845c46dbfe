#!/usr/bin/env bash
# POST /messages benchmark: each provider adapter (CarGurus, myKaarma, sendsms) through the gateway,
# against simulators answering at once and after 50 ms, with the gateway's URLSession transport and with
# an AsyncHTTPClient one (Benchmarks/MessagesBench). For each case:
#   - throughput: wrk, closed loop, POST /messages (and, at zero latency, the same message's upstream
#     request sent straight to the simulator: the ceiling without the gateway);
#   - added latency: `messages-bench load`, open loop at RATE msg/s, latency from each request's due time,
#     first straight to the simulator (the very request the gateway sent it), then through the gateway;
#     added = gateway percentile - direct percentile.
# The gateway and the simulators run in one process (`messages-bench serve`; STORE picks the store).
#
# Usage: scripts/bench-messages.sh
# Environment:
#   RUNS          rounds of every case (default 2)
#   TRANSPORTS    default "urlsession ahc"
#   LATENCIES     simulator latency in ms, default "0 50"
#   DEALERS       default "quirk-vw lakeside-honda sunrise-auto" (cargurus, mykaarma, sendsms)
#   DURATION      wrk duration (default 10s)
#   CONNS_0       wrk connections at zero latency (default 64)
#   CONNS_LAT     wrk connections with latency (default 256)
#   RATE          paced rate, msg/s (default 1000)
#   PACED_SECONDS measured seconds of the paced run (default 10, after a 2 s warm-up)
#   SKIP_BUILD    1 = use the existing release binary
#   SMS_GATEWAY_PATH  main package for Benchmarks/MessagesBench to build against (default: this repo;
#                 it must export the Gateway, Providers, Simulators and Store library products)
#   RESULTS_DIR   raw output (default: a new temp dir)
#   STORE         memory (default) or sqlite: the gateway's message store
#
# Loopback only (127.0.0.1:18180-18183). Every run is bounded by `timeout`; the serve process is
# stopped after each case and on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

RUNS="${RUNS:-2}"
TRANSPORTS="${TRANSPORTS:-urlsession ahc}"
LATENCIES="${LATENCIES:-0 50}"
DEALERS="${DEALERS:-quirk-vw lakeside-honda sunrise-auto}"
DURATION="${DURATION:-10s}"
CONNS_0="${CONNS_0:-64}"
CONNS_LAT="${CONNS_LAT:-256}"
RATE="${RATE:-1000}"
PACED_SECONDS="${PACED_SECONDS:-10}"
SKIP_BUILD="${SKIP_BUILD:-0}"
RESULTS_DIR="${RESULTS_DIR:-$(mktemp -d -t bench-messages.XXXXXX)}"
mkdir -p "$RESULTS_DIR"

PKG="$ROOT/Benchmarks/MessagesBench"
BIN="$PKG/.build/release/messages-bench"
CONFIG="$PKG/messages-bench.yaml"
GATEWAY_URL="http://127.0.0.1:18180/messages"

SERVE_PID=""
log() { printf '[bench] %s\n' "$*" >&2; }

stop_serve() {
    [[ -n "$SERVE_PID" ]] || return 0
    kill -TERM "$SERVE_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 50; i++)); do
        kill -0 "$SERVE_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$SERVE_PID" 2>/dev/null || true
    wait "$SERVE_PID" 2>/dev/null || true
    SERVE_PID=""
}
trap stop_serve EXIT
trap 'exit 130' INT TERM

hard_limit="$(ulimit -Hn)"
if [[ "$hard_limit" == "unlimited" ]]; then ulimit -n 65536 2>/dev/null || true; else ulimit -n "$hard_limit" 2>/dev/null || true; fi

if ! command -v wrk >/dev/null 2>&1; then
    log "installing wrk"
    SUDO=""
    if [[ "$(id -u)" -ne 0 ]]; then SUDO="sudo"; fi
    timeout 300 $SUDO apt-get update
    timeout 300 $SUDO apt-get install -y wrk
fi

if [[ "$SKIP_BUILD" != "1" ]]; then
    log "building messages-bench (release)"
    timeout 3600 swift build -c release --package-path "$PKG"
fi
[[ -x "$BIN" ]] || { log "missing $BIN"; exit 1; }

duration_seconds() {
    local d="$1"
    case "$d" in *s) echo "${d%s}" ;; *m) echo $(( ${d%m} * 60 )) ;; *) echo "$d" ;; esac
}
WRK_SECONDS="$(duration_seconds "$DURATION")"
loadavg() { cut -d' ' -f1 /proc/loadavg; }
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }
CLK_TCK="$(getconf CLK_TCK)"

# start_serve TRANSPORT LATENCY CAPTURE_DIR: bounded wait (60 s) for its "ready" line.
start_serve() {
    local out="$RESULTS_DIR/serve-$1-$2-r$run.log" i
    for port in 18180 18181 18182 18183; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then log "port $port already in use"; return 1; fi
    done
    "$BIN" serve --config "$CONFIG" --transport "$1" --store "${STORE:-memory}" --latency-ms "$2" --capture-dir "$3" --max-seconds 1200 >"$out" 2>&1 &
    SERVE_PID=$!
    for ((i = 0; i < 300; i++)); do
        grep -q '^ready' "$out" 2>/dev/null && return 0
        kill -0 "$SERVE_PID" 2>/dev/null || { log "serve exited early:"; tail -20 "$out" >&2; SERVE_PID=""; return 1; }
        sleep 0.2
    done
    log "serve not ready within 60 s"; return 1
}

# wrk_case NAME SCRIPT URL CONNS -> prints "rps p50_ms p99_ms errors cpu_us_per_msg load"
wrk_case() {
    local out="$RESULTS_DIR/$1.txt" before after load
    load="$(loadavg)"
    before="$(cpu_ticks "$SERVE_PID")"
    timeout $((WRK_SECONDS + 30)) wrk -t2 -c"$4" -d"$DURATION" --latency -s "$2" "$3" >"$out" 2>&1 || log "wrk $1 failed ($?)"
    after="$(cpu_ticks "$SERVE_PID")"
    awk -v t=$((after - before)) -v hz="$CLK_TCK" -v load="$load" '
        function ms(v) {
            if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
            if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
            if (v ~ /s$/) { sub(/s$/, "", v); return v * 1000 }
            return v
        }
        /^Requests\/sec:/ { rps = $2 }
        / requests in / { n = $1 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { bad += $5 }
        /Socket errors:/ { gsub(",", ""); bad += $4 + $6 + $8 + $10 }
        END { printf "%.0f %.2f %.2f %d %s %s\n", rps, p50, p99, bad,
                    (n > 0 ? sprintf("%.1f", t * 1e6 / hz / n) : "n/a"), load }' "$out"
}

# paced_case NAME CAPTURE TARGET -> prints the load client's key=value line plus load=
paced_case() {
    local out="$RESULTS_DIR/$1.txt" load
    load="$(loadavg)"
    timeout $((PACED_SECONDS + 60)) "$BIN" load --capture "$2" --target "$3" --rate "$RATE" \
        --seconds "$PACED_SECONDS" --warmup 2 --label "$1" >"$out" 2>&1 || log "load $1 failed ($?)"
    printf '%s load=%s\n' "$(grep '^result' "$out" || echo "result failed")" "$load"
}

kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

TSV="$RESULTS_DIR/results.tsv"
printf 'run\ttransport\tlatency_ms\tadapter\tmeasure\tvalue\n' >"$TSV"
START_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"

for ((run = 1; run <= RUNS; run++)); do
    for latency in $LATENCIES; do
        for transport in $TRANSPORTS; do
            cap="$RESULTS_DIR/capture-$transport-$latency-r$run"
            log "run $run: transport=$transport latency=${latency}ms"
            start_serve "$transport" "$latency" "$cap"
            conns="$CONNS_0"; [[ "$latency" != "0" ]] && conns="$CONNS_LAT"
            for dealer in $DEALERS; do
                tag="r$run-$transport-$latency-$dealer"
                timeout $((WRK_SECONDS + 30)) wrk -t2 -c16 -d2s -s "$cap/gateway-$dealer.lua" "$GATEWAY_URL" >/dev/null 2>&1 || true
                read -r rps p50 p99 bad cpu load < <(wrk_case "wrk-gw-$tag" "$cap/gateway-$dealer.lua" "$GATEWAY_URL" "$conns")
                printf '%s\t%s\t%s\t%s\twrk_gateway\trps=%s p50=%s p99=%s errors=%s cpu_us=%s conns=%s load=%s\n' \
                    "$run" "$transport" "$latency" "$dealer" "$rps" "$p50" "$p99" "$bad" "$cpu" "$conns" "$load" >>"$TSV"
                if [[ "$latency" == "0" ]]; then
                    read -r rps p50 p99 bad cpu load < <(wrk_case "wrk-direct-$tag" "$cap/direct-$dealer.lua" "$(cat "$cap/direct-$dealer.url")" "$conns")
                    printf '%s\t%s\t%s\t%s\twrk_direct\trps=%s p50=%s p99=%s errors=%s cpu_us=%s conns=%s load=%s\n' \
                        "$run" "$transport" "$latency" "$dealer" "$rps" "$p50" "$p99" "$bad" "$cpu" "$conns" "$load" >>"$TSV"
                fi
                direct="$(paced_case "paced-direct-$tag" "$cap/$dealer.json" direct)"
                gateway="$(paced_case "paced-gw-$tag" "$cap/$dealer.json" gateway)"
                printf '%s\t%s\t%s\t%s\tpaced_direct\t%s\n' "$run" "$transport" "$latency" "$dealer" "${direct#result }" >>"$TSV"
                printf '%s\t%s\t%s\t%s\tpaced_gateway\t%s\n' "$run" "$transport" "$latency" "$dealer" "${gateway#result }" >>"$TSV"
                added="$(awk -v g50="$(kv p50_ms "$gateway")" -v d50="$(kv p50_ms "$direct")" \
                             -v g99="$(kv p99_ms "$gateway")" -v d99="$(kv p99_ms "$direct")" \
                             'BEGIN { printf "added_p50_ms=%.3f added_p99_ms=%.3f", g50 - d50, g99 - d99 }')"
                printf '%s\t%s\t%s\t%s\tadded\t%s\n' "$run" "$transport" "$latency" "$dealer" "$added" >>"$TSV"
                log "  $dealer: $(grep -P "^$run\t$transport\t$latency\t$dealer\twrk_gateway\t" "$TSV" | cut -f6) | $added"
            done
            stop_serve
        done
    done
done

printf '\nPOST /messages benchmark, loopback; nproc %s; %s to %s\n' "$(nproc)" "$START_DATE" "$(date -u '+%H:%M UTC')"
printf 'wrk -t2 -d%s (connections: %s at 0 ms, %s with latency); paced: %s msg/s for %s s after 2 s warm-up\n\n' \
    "$DURATION" "$CONNS_0" "$CONNS_LAT" "$RATE" "$PACED_SECONDS"
column -t -s $'\t' "$TSV"
printf '\nraw output: %s\n' "$RESULTS_DIR"
