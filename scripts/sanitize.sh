#!/usr/bin/env bash
# Builds and runs the whole test suite under a sanitizer, in its own scratch path, and fails on any
# sanitizer report, even when every test passed.
#   scripts/sanitize.sh thread|address [extra `swift test` arguments, e.g. --filter HTTPServerTests]
# Scratch paths: .build-tsan (thread), .build-asan (address). The run's output is kept in
# <scratch>/sanitize-output.log; the sanitizer's own reports (from the test process and from every
# `sms-gateway` child process the CLI tests start) in <scratch>/sanitizer-reports/, and are appended
# to the output log. Time bounds: SANITIZE_BUILD_TIMEOUT and SANITIZE_TEST_TIMEOUT (seconds, 3600
# each by default); SMS_TEST_TIME_SCALE (default 6 thread, 2 address) stretches the tests' own time
# bounds. See docs/sanitizers.md for what it found, what is suppressed and what it costs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

kind="${1:-}"
case "$kind" in
  thread) scratch=.build-tsan ;;
  address) scratch=.build-asan ;;
  *) echo "usage: scripts/sanitize.sh thread|address [swift test args...]" >&2; exit 2 ;;
esac
shift

# The Debian packages the tests use, and the descriptor limit.
source scripts/test-setup.sh  # run from the repository root (cd above)

reports="$root/$scratch/sanitizer-reports"
log="$root/$scratch/sanitize-output.log"
mkdir -p "$scratch"
rm -rf "$reports"
mkdir -p "$reports"

# Runtime options. log_path sends every report to a file per process (<prefix>.<pid>), so reports
# from the `sms-gateway` processes the CLI tests start are caught too, and do not land in the
# child's stderr, which those tests read. halt_on_error=0: report everything, do not stop at the
# first report. The exit code on a report is left at the default (66 TSan, 1 ASan/LSan).
if [ "$kind" = thread ]; then
  export TSAN_OPTIONS="halt_on_error=0:second_deadlock_stack=1:history_size=4:log_path=$reports/tsan:suppressions=$root/scripts/tsan-suppressions.txt${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
else
  # detect_leaks: LeakSanitizer works in this environment (checked; see docs/sanitizers.md).
  export ASAN_OPTIONS="halt_on_error=0:detect_leaks=1:detect_stack_use_after_return=0:log_path=$reports/asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  export LSAN_OPTIONS="suppressions=$root/scripts/lsan-suppressions.txt${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi

# Instrumented code is several times slower (TSan ~5-15x, ASan ~2x), on a machine that may be busy:
# the tests that bound elapsed time or depend on a server timeout not running out multiply those
# bounds by SMS_TEST_TIME_SCALE (Tests/*/TestTime.swift). A value already set wins.
if [ "$kind" = thread ]; then
  export SMS_TEST_TIME_SCALE="${SMS_TEST_TIME_SCALE:-6}"
else
  export SMS_TEST_TIME_SCALE="${SMS_TEST_TIME_SCALE:-2}"
fi

# How many tests run at once. Unbounded, the whole suite's servers, clients and child processes share
# 2 instrumented cores and stall for seconds at a time (tests then overrun even scaled bounds); a
# small width keeps each test's timing close to a normal run's, only slower. SANITIZE_PARALLEL_WIDTH.
width="${SANITIZE_PARALLEL_WIDTH:-3}"

build_start=$(date +%s)
timeout --kill-after=30 "${SANITIZE_BUILD_TIMEOUT:-3600}" \
  swift build --build-tests --sanitize="$kind" --scratch-path "$scratch"
build_end=$(date +%s)

set +e
timeout --kill-after=30 "${SANITIZE_TEST_TIMEOUT:-3600}" \
  swift test --skip-build --sanitize="$kind" --scratch-path "$scratch" \
    --experimental-maximum-parallelization-width "$width" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
test_end=$(date +%s)

# The per-process report files join the kept output, so one file holds everything.
shopt -s nullglob
files=("$reports"/*)
for f in "${files[@]}"; do
  { echo "===== sanitizer report file: ${f#"$root"/}"; cat "$f"; } >> "$log"
done

echo "sanitize ($kind): build $((build_end - build_start)) s, tests $((test_end - build_end)) s, swift test exit $status"
found=$(grep -c -E 'WARNING: ThreadSanitizer|ERROR: AddressSanitizer|ERROR: LeakSanitizer|SUMMARY: [A-Za-z]*Sanitizer' "$log" || true)
if [ "$found" -gt 0 ]; then
  echo "FAIL: $found sanitizer report line(s); reports in ${reports#"$root"/}, output in ${log#"$root"/}:" >&2
  grep -E 'SUMMARY: [A-Za-z]*Sanitizer' "$log" | sort | uniq -c | sort -rn >&2 || true
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "FAIL: swift test exited $status (no sanitizer report); output in ${log#"$root"/}" >&2
  exit "$status"
fi
echo "OK: no sanitizer report"
