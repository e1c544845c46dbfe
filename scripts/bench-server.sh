#!/usr/bin/env bash
# HTTP server benchmark: sms-gateway's own server vs. a minimal Hummingbird 2 server, GET /healthz.
#
# Usage: scripts/bench-server.sh
# Environment:
#   DURATION    wrk duration per run (default 10s; wrk syntax: 10s, 1m)
#   CONNS       space-separated connection counts (default "64 256 1000")
#   OURS_PORT   port for sms-gateway (default 18080, passed as PORT)
#   HB_PORT     port for hb-baseline (default 18090)
#   WARMUP      warm-up run per server before measuring, not counted (default 2s; "0" skips)
#   SKIP_BUILD  1 = use the existing release binaries
#   SCRATCH_PATH  build sms-gateway in this scratch directory instead of .build (e.g. .build-bench)
#   RESULTS_DIR where raw wrk output and server logs go (default: a new temp dir)
#
# Loopback only. Every wait is bounded; both servers are killed on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DURATION="${DURATION:-10s}"
CONNS="${CONNS:-64 256 1000}"
OURS_PORT="${OURS_PORT:-18080}"
HB_PORT="${HB_PORT:-18090}"
WARMUP="${WARMUP:-2s}"
SKIP_BUILD="${SKIP_BUILD:-0}"
RESULTS_DIR="${RESULTS_DIR:-$(mktemp -d -t bench-server.XXXXXX)}"
mkdir -p "$RESULTS_DIR"

SCRATCH_PATH="${SCRATCH_PATH:-.build}"
[[ "$SCRATCH_PATH" == /* ]] || SCRATCH_PATH="$ROOT/$SCRATCH_PATH"
OURS_BIN="$SCRATCH_PATH/release/sms-gateway"
HB_PKG="$ROOT/Benchmarks/HummingbirdBaseline"
HB_BIN="$HB_PKG/.build/release/hb-baseline"
CONFIG="$ROOT/Benchmarks/server-bench.yaml"

OURS_PID=""
HB_PID=""
SAMPLER_PID=""

log() { printf '[bench] %s\n' "$*" >&2; }

cleanup() {
    local pid
    for pid in "$SAMPLER_PID" "$OURS_PID" "$HB_PID"; do
        [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
    done
    for pid in "$SAMPLER_PID" "$OURS_PID" "$HB_PID"; do
        [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Seconds in a wrk duration ("10s", "2m", "1h", "15"), for bounding each run with `timeout`.
duration_seconds() {
    local d="$1"
    case "$d" in
        *s) echo "${d%s}" ;;
        *m) echo $(( ${d%m} * 60 )) ;;
        *h) echo $(( ${d%h} * 3600 )) ;;
        *) echo "$d" ;;
    esac
}

# ---------------------------------------------------------------- environment
# As many open files as allowed: 1000 client sockets + 1000 server sockets per server.
hard_limit="$(ulimit -Hn)"
if [[ "$hard_limit" == "unlimited" ]]; then
    ulimit -n 1048576 2>/dev/null || ulimit -n 65536 2>/dev/null || true
else
    ulimit -n "$hard_limit" 2>/dev/null || true
fi
log "open-file limit: $(ulimit -n)"

if ! command -v wrk >/dev/null 2>&1; then
    log "installing wrk"
    SUDO=""
    if [[ "$(id -u)" -ne 0 ]]; then SUDO="sudo"; fi
    timeout 300 $SUDO apt-get update
    timeout 300 $SUDO apt-get install -y wrk
fi

# ---------------------------------------------------------------- build
if [[ "$SKIP_BUILD" != "1" ]]; then
    log "building sms-gateway (release)"
    swift build -c release --product sms-gateway --scratch-path "$SCRATCH_PATH"
    log "building hb-baseline (release)"
    swift build -c release --package-path "$HB_PKG"
fi
[[ -x "$OURS_BIN" ]] || { log "missing $OURS_BIN"; exit 1; }
[[ -x "$HB_BIN" ]] || { log "missing $HB_BIN"; exit 1; }

# ---------------------------------------------------------------- servers
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_healthy NAME PORT PID: bounded wait (20 s) for 200 on /healthz.
wait_healthy() {
    local name="$1" port="$2" pid="$3" i
    for ((i = 0; i < 100; i++)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "$name exited before answering /healthz (log: $RESULTS_DIR/$name.log)"
            tail -20 "$RESULTS_DIR/$name.log" >&2 || true
            return 1
        fi
        if curl -fsS --max-time 1 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.2
    done
    log "$name did not answer /healthz on 127.0.0.1:$port within 20 s"
    return 1
}

for port in "$OURS_PORT" "$HB_PORT"; do
    if port_in_use "$port"; then log "port $port already in use on 127.0.0.1"; exit 1; fi
done

PORT="$OURS_PORT" LOG_LEVEL=warning "$OURS_BIN" serve --config "$CONFIG" >"$RESULTS_DIR/ours.log" 2>&1 &
OURS_PID=$!
"$HB_BIN" "$HB_PORT" >"$RESULTS_DIR/hb.log" 2>&1 &
HB_PID=$!

wait_healthy ours "$OURS_PORT" "$OURS_PID"
wait_healthy hb "$HB_PORT" "$HB_PID"
log "both servers answer /healthz (ours pid $OURS_PID :$OURS_PORT, hb pid $HB_PID :$HB_PORT)"

# status_kb PID FIELD -> value of FIELD (e.g. VmRSS, VmHWM, Threads) from /proc/PID/status.
status_field() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

sleep 2
OURS_IDLE_RSS="$(status_field "$OURS_PID" VmRSS)"
# Proportional set size: shared library pages divided among the processes mapping them.
pss_kb() { awk '$1 == "Pss:" { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
OURS_IDLE_PSS="$(pss_kb "$OURS_PID")"
HB_IDLE_PSS="$(pss_kb "$HB_PID")"
HB_IDLE_RSS="$(status_field "$HB_PID" VmRSS)"
OURS_IDLE_THREADS="$(status_field "$OURS_PID" Threads)"
HB_IDLE_THREADS="$(status_field "$HB_PID" Threads)"

# Background sampler: max VmRSS and Threads of both servers every 0.25 s (bounded: 4 h).
SAMPLES="$RESULTS_DIR/samples.txt"
(
    for ((i = 0; i < 57600; i++)); do
        echo "$(status_field "$OURS_PID" VmRSS) $(status_field "$OURS_PID" Threads)" \
             "$(status_field "$HB_PID" VmRSS) $(status_field "$HB_PID" Threads)"
        sleep 0.25
    done
) >"$SAMPLES" &
SAMPLER_PID=$!

# ---------------------------------------------------------------- load
run_seconds=$(( $(duration_seconds "$DURATION") + 30 ))

# CPU time (user + system, clock ticks) a process has used so far; fields 14 and 15 of /proc/PID/stat.
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }
CLK_TCK="$(getconf CLK_TCK)"

# run_wrk NAME PORT CONNS DURATION OUTFILE [PID]: with PID, the server's CPU ticks used during the
# run go to OUTFILE.cpu.
run_wrk() {
    local before=0
    [[ -n "${6:-}" ]] && before="$(cpu_ticks "$6")"
    timeout "$run_seconds" wrk -t2 -c"$3" -d"$4" --latency "http://127.0.0.1:$2/healthz" >"$5" 2>&1 || {
        log "wrk against $1 failed (exit $?), see $5"
    }
    [[ -n "${6:-}" ]] && echo $(( $(cpu_ticks "$6") - before )) >"$5.cpu"
    return 0
}

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "$WARMUP" != "0" ]]; then
    log "warm-up ($WARMUP each, not counted)"
    run_wrk ours "$OURS_PORT" 64 "$WARMUP" "$RESULTS_DIR/warmup-ours.txt"
    run_wrk hb "$HB_PORT" 64 "$WARMUP" "$RESULTS_DIR/warmup-hb.txt"
fi

for n in $CONNS; do
    log "c=$n: ours"
    run_wrk ours "$OURS_PORT" "$n" "$DURATION" "$RESULTS_DIR/wrk-ours-c$n.txt" "$OURS_PID"
    log "c=$n: hummingbird"
    run_wrk hb "$HB_PORT" "$n" "$DURATION" "$RESULTS_DIR/wrk-hb-c$n.txt" "$HB_PID"
done

kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""

# ---------------------------------------------------------------- parse
# Requests/sec as a number.
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
# p99 latency in milliseconds.
wrk_p99_ms() {
    awk '$1 == "99%" {
        v = $2
        if (v ~ /us$/) { sub(/us$/, "", v); v = v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v) }
        else if (v ~ /m$/) { sub(/m$/, "", v); v = v * 60000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); v = v * 1000 }
        printf "%.2f", v
    }' "$1"
}
# "connect/read/write/timeout" socket errors (zeros when wrk reports none).
wrk_socket_errors() {
    awk '/Socket errors:/ {
        gsub(",", ""); printf "%s/%s/%s/%s", $4, $6, $8, $10; found = 1
    } END { if (!found) printf "0/0/0/0" }' "$1"
}
# Server CPU time per request in microseconds (ticks from OUTFILE.cpu, requests from wrk).
cpu_us_per_request() {
    local ticks requests
    ticks="$(cat "$1.cpu" 2>/dev/null || echo 0)"
    requests="$(awk '/ requests in / { print $1 }' "$1")"
    awk -v t="$ticks" -v r="${requests:-0}" -v hz="$CLK_TCK" \
        'BEGIN { if (r > 0) printf "%.1f", t * 1e6 / hz / r; else print "n/a" }'
}
wrk_non2xx() { awk '/Non-2xx or 3xx responses:/ { print $5; found = 1 } END { if (!found) print 0 }' "$1"; }

printf '\nHTTP server benchmark: GET /healthz, wrk -t2 -d%s --latency, loopback\n' "$DURATION"
printf 'nproc: %s   load average at start: %s, at end: %s   date: %s\n' "$(nproc)" \
    "$LOAD_START" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(date -u '+%Y-%m-%d %H:%M UTC')"
printf 'errors = socket connect/read/write/timeout, non-2xx; CPU = server user+system CPU per request\n\n'
printf '%-12s %6s %12s %10s %-18s %12s %10s\n' server conns "req/s" "p99 (ms)" "errors" "CPU us/req" "ours/HB"
printf '%-12s %6s %12s %10s %-18s %12s %10s\n' ------------ ------ ------------ ---------- ------------------ ------------ ----------
for n in $CONNS; do
    o="$RESULTS_DIR/wrk-ours-c$n.txt"
    h="$RESULTS_DIR/wrk-hb-c$n.txt"
    o_rps="$(wrk_rps "$o")"; h_rps="$(wrk_rps "$h")"
    ratio="$(awk -v a="${o_rps:-0}" -v b="${h_rps:-0}" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }')"
    printf '%-12s %6s %12s %10s %-18s %12s %10s\n' sms-gateway "$n" "${o_rps:-n/a}" "$(wrk_p99_ms "$o")" \
        "$(wrk_socket_errors "$o"), $(wrk_non2xx "$o")" "$(cpu_us_per_request "$o")" "$ratio"
    printf '%-12s %6s %12s %10s %-18s %12s %10s\n' hummingbird "$n" "${h_rps:-n/a}" "$(wrk_p99_ms "$h")" \
        "$(wrk_socket_errors "$h"), $(wrk_non2xx "$h")" "$(cpu_us_per_request "$h")" ""
done

read -r OURS_PEAK_SAMPLED OURS_MAX_THREADS HB_PEAK_SAMPLED HB_MAX_THREADS < <(
    awk 'BEGIN { a = b = c = d = 0 }
         { if ($1 > a) a = $1; if ($2 > b) b = $2; if ($3 > c) c = $3; if ($4 > d) d = $4 }
         END { print a, b, c, d }' "$SAMPLES")
# VmHWM is the kernel's own peak resident size; it also covers moments between samples.
OURS_HWM="$(status_field "$OURS_PID" VmHWM)"
HB_HWM="$(status_field "$HB_PID" VmHWM)"
[[ "${OURS_HWM:-0}" -gt "${OURS_PEAK_SAMPLED:-0}" ]] && OURS_PEAK="$OURS_HWM" || OURS_PEAK="$OURS_PEAK_SAMPLED"
[[ "${HB_HWM:-0}" -gt "${HB_PEAK_SAMPLED:-0}" ]] && HB_PEAK="$HB_HWM" || HB_PEAK="$HB_PEAK_SAMPLED"

printf '\n%-12s %14s %14s %14s %14s %14s\n' server "idle RSS (MB)" "idle PSS (MB)" "peak RSS (MB)" "idle threads" "max threads"
printf '%-12s %14s %14s %14s %14s %14s\n' sms-gateway "$(mb "$OURS_IDLE_RSS")" "$(mb "${OURS_IDLE_PSS:-0}")" \
    "$(mb "$OURS_PEAK")" "$OURS_IDLE_THREADS" "$OURS_MAX_THREADS"
printf '%-12s %14s %14s %14s %14s %14s\n' hummingbird "$(mb "$HB_IDLE_RSS")" "$(mb "${HB_IDLE_PSS:-0}")" \
    "$(mb "$HB_PEAK")" "$HB_IDLE_THREADS" "$HB_MAX_THREADS"
printf '\nraw wrk output and server logs: %s\n' "$RESULTS_DIR"
