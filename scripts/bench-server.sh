#!/usr/bin/env bash
# HTTP server benchmark, GET /healthz, three servers side by side in one run:
#   server       our HTTPServer module alone (Benchmarks/HTTPServerAlone: one route, nothing of SMS),
#                measured the way the baseline is: a minimal app on the server;
#   gateway      the whole product, `sms-gateway serve` (metrics, request ids, routing, the store);
#   hummingbird  a minimal Hummingbird 2 server (Benchmarks/HummingbirdBaseline), the baseline.
# Prints req/s, p99, errors and server CPU per request at each connection count, the ratio of each of
# ours to Hummingbird, and idle/peak memory and threads.
#
# Usage: scripts/bench-server.sh
# Environment:
#   DURATION    wrk duration per run (default 10s; wrk syntax: 10s, 1m)
#   CONNS       space-separated connection counts (default "64 256 1000")
#   SERVERS     which to run, in run order (default "server gateway hummingbird")
#   ALONE_PORT  port for httpserver-alone (default 18070)
#   OURS_PORT   port for sms-gateway (default 18080, passed as PORT)
#   HB_PORT     port for hb-baseline (default 18090)
#   WARMUP      warm-up run per server before measuring, not counted (default 2s; "0" skips)
#   SKIP_BUILD  1 = use the existing release binaries
#   SCRATCH_PATH  build sms-gateway in this scratch directory instead of .build (e.g. .build-bench)
#   RESULTS_DIR where raw wrk output and server logs go (default: a new temp dir)
#
# Loopback only. Every wait is bounded; every server started is killed on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DURATION="${DURATION:-10s}"
CONNS="${CONNS:-64 256 1000}"
SERVERS="${SERVERS:-server gateway hummingbird}"
ALONE_PORT="${ALONE_PORT:-18070}"
OURS_PORT="${OURS_PORT:-18080}"
HB_PORT="${HB_PORT:-18090}"
WARMUP="${WARMUP:-2s}"
SKIP_BUILD="${SKIP_BUILD:-0}"
RESULTS_DIR="${RESULTS_DIR:-$(mktemp -d -t bench-server.XXXXXX)}"
mkdir -p "$RESULTS_DIR"

SCRATCH_PATH="${SCRATCH_PATH:-.build}"
[[ "$SCRATCH_PATH" == /* ]] || SCRATCH_PATH="$ROOT/$SCRATCH_PATH"
OURS_BIN="$SCRATCH_PATH/release/sms-gateway"
ALONE_PKG="$ROOT/Benchmarks/HTTPServerAlone"
ALONE_BIN="$ALONE_PKG/.build/release/httpserver-alone"
HB_PKG="$ROOT/Benchmarks/HummingbirdBaseline"
HB_BIN="$HB_PKG/.build/release/hb-baseline"
CONFIG="$ROOT/Benchmarks/server-bench.yaml"

declare -A PID PORT
PORT[server]="$ALONE_PORT"; PORT[gateway]="$OURS_PORT"; PORT[hummingbird]="$HB_PORT"
SAMPLER_PID=""

log() { printf '[bench] %s\n' "$*" >&2; }

cleanup() {
    local pid
    for pid in "$SAMPLER_PID" "${PID[@]}"; do
        [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
    done
    for pid in "$SAMPLER_PID" "${PID[@]}"; do
        [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for name in $SERVERS; do
    [[ -n "${PORT[$name]:-}" ]] || { log "unknown server '$name' (server, gateway, hummingbird)"; exit 2; }
done
has() { [[ " $SERVERS " == *" $1 "* ]]; }

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
    if has gateway; then
        log "building sms-gateway (release)"
        swift build -c release --product sms-gateway --scratch-path "$SCRATCH_PATH"
    fi
    if has server; then
        log "building httpserver-alone (release)"
        swift build -c release --package-path "$ALONE_PKG"
    fi
    if has hummingbird; then
        log "building hb-baseline (release)"
        swift build -c release --package-path "$HB_PKG"
    fi
fi
if has gateway; then [[ -x "$OURS_BIN" ]] || { log "missing $OURS_BIN"; exit 1; }; fi
if has server; then [[ -x "$ALONE_BIN" ]] || { log "missing $ALONE_BIN"; exit 1; }; fi
if has hummingbird; then [[ -x "$HB_BIN" ]] || { log "missing $HB_BIN"; exit 1; }; fi

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

for name in $SERVERS; do
    if port_in_use "${PORT[$name]}"; then log "port ${PORT[$name]} already in use on 127.0.0.1"; exit 1; fi
done

for name in $SERVERS; do
    case "$name" in
        server) "$ALONE_BIN" "${PORT[$name]}" >"$RESULTS_DIR/$name.log" 2>&1 & ;;
        gateway) PORT="${PORT[$name]}" LOG_LEVEL=warning "$OURS_BIN" serve --config "$CONFIG" >"$RESULTS_DIR/$name.log" 2>&1 & ;;
        hummingbird) "$HB_BIN" "${PORT[$name]}" >"$RESULTS_DIR/$name.log" 2>&1 & ;;
    esac
    PID[$name]=$!
done
for name in $SERVERS; do
    wait_healthy "$name" "${PORT[$name]}" "${PID[$name]}"
done
log "all answer /healthz: $(for name in $SERVERS; do printf '%s pid %s :%s  ' "$name" "${PID[$name]}" "${PORT[$name]}"; done)"

# status_field PID FIELD -> value of FIELD (e.g. VmRSS, VmHWM, Threads) from /proc/PID/status.
status_field() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
# Proportional set size: shared library pages divided among the processes mapping them.
pss_kb() { awk '$1 == "Pss:" { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

sleep 2
declare -A IDLE_RSS IDLE_PSS IDLE_THREADS
for name in $SERVERS; do
    IDLE_RSS[$name]="$(status_field "${PID[$name]}" VmRSS)"
    IDLE_PSS[$name]="$(pss_kb "${PID[$name]}")"
    IDLE_THREADS[$name]="$(status_field "${PID[$name]}" Threads)"
done

# Background sampler: VmRSS and Threads of each server every 0.25 s (bounded: 4 h), one file each.
(
    for ((i = 0; i < 57600; i++)); do
        for name in $SERVERS; do
            echo "$(status_field "${PID[$name]}" VmRSS) $(status_field "${PID[$name]}" Threads)" >>"$RESULTS_DIR/samples-$name.txt"
        done
        sleep 0.25
    done
) &
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
    for name in $SERVERS; do
        run_wrk "$name" "${PORT[$name]}" 64 "$WARMUP" "$RESULTS_DIR/warmup-$name.txt"
    done
fi

for n in $CONNS; do
    for name in $SERVERS; do
        log "c=$n: $name"
        run_wrk "$name" "${PORT[$name]}" "$n" "$DURATION" "$RESULTS_DIR/wrk-$name-c$n.txt" "${PID[$name]}"
    done
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
printf 'server = HTTPServer module alone; gateway = sms-gateway serve; hummingbird = baseline\n'
printf 'errors = socket connect/read/write/timeout, non-2xx; CPU = server user+system CPU per request\n\n'
printf '%-12s %6s %12s %10s %-18s %12s %10s\n' server conns "req/s" "p99 (ms)" "errors" "CPU us/req" "vs HB"
printf '%-12s %6s %12s %10s %-18s %12s %10s\n' ------------ ------ ------------ ---------- ------------------ ------------ ----------
for n in $CONNS; do
    h_rps=""
    has hummingbird && h_rps="$(wrk_rps "$RESULTS_DIR/wrk-hummingbird-c$n.txt")"
    for name in $SERVERS; do
        f="$RESULTS_DIR/wrk-$name-c$n.txt"
        rps="$(wrk_rps "$f")"
        ratio=""
        if [[ "$name" != hummingbird ]]; then
            ratio="$(awk -v a="${rps:-0}" -v b="${h_rps:-0}" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }')"
        fi
        printf '%-12s %6s %12s %10s %-18s %12s %10s\n' "$name" "$n" "${rps:-n/a}" "$(wrk_p99_ms "$f")" \
            "$(wrk_socket_errors "$f"), $(wrk_non2xx "$f")" "$(cpu_us_per_request "$f")" "$ratio"
    done
done

printf '\n%-12s %14s %14s %14s %14s %14s\n' server "idle RSS (MB)" "idle PSS (MB)" "peak RSS (MB)" "idle threads" "max threads"
for name in $SERVERS; do
    read -r peak_sampled max_threads < <(
        awk 'BEGIN { a = b = 0 } { if ($1 > a) a = $1; if ($2 > b) b = $2 } END { print a, b }' \
            "$RESULTS_DIR/samples-$name.txt" 2>/dev/null || echo "0 0")
    # VmHWM is the kernel's own peak resident size; it also covers moments between samples.
    hwm="$(status_field "${PID[$name]}" VmHWM)"
    peak="$peak_sampled"
    [[ "${hwm:-0}" -gt "${peak_sampled:-0}" ]] && peak="$hwm"
    printf '%-12s %14s %14s %14s %14s %14s\n' "$name" "$(mb "${IDLE_RSS[$name]}")" "$(mb "${IDLE_PSS[$name]:-0}")" \
        "$(mb "$peak")" "${IDLE_THREADS[$name]}" "$max_threads"
done
printf '\nraw wrk output and server logs: %s\n' "$RESULTS_DIR"
