#!/usr/bin/env bash
# Builds one libFuzzer target and runs it for a given time, then prints libFuzzer's final stats.
#   scripts/fuzz.sh TARGET [SECONDS]        TARGET: http-parser | request-json | config; SECONDS default 60
# Environment: FUZZ_SCRATCH (SwiftPM scratch dir for request-json/config, default .build-fuzz),
#   SKIP_BUILD=1 (run the binary already in Fuzz/bin), FUZZ_ARGS (extra libFuzzer flags).
# Corpus grows in Fuzz/corpus-TARGET/ (seeds: Fuzz/seeds/TARGET/); the log and any crash-*/timeout-*/oom-*
# input land in Fuzz/artifacts/TARGET/; binaries in Fuzz/bin/. All git-ignored. Exits non-zero when the
# fuzzer found a crash or did not finish. Runs on one core; prefix with `nice -n 10` on a shared machine.
# See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:-}"
seconds="${2:-60}"
case "$target" in
  http-parser) max_len=4096 ;;
  request-json) max_len=4096 ;;
  config) max_len=8192 ;;
  *) echo "usage: scripts/fuzz.sh http-parser|request-json|config [SECONDS]" >&2; exit 2 ;;
esac
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "SECONDS must be a positive integer" >&2; exit 2; }

bin_dir=Fuzz/bin
artifacts="Fuzz/artifacts/$target"
corpus="Fuzz/corpus-$target"
binary="$bin_dir/$target-fuzz"
log="$artifacts/last-run.log"
mkdir -p "$bin_dir" "$artifacts" "$corpus"

build_http_parser() {
  # swift-http-types is the parser's only dependency: resolve it, then build it as a static module, and
  # compile the parser's files together with the entry point (no SwiftPM: the parser needs nothing else).
  swift package resolve >/dev/null
  local types=.build/checkouts/swift-http-types/Sources/HTTPTypes
  [ -d "$types" ] || { echo "swift-http-types checkout not found at $types" >&2; exit 1; }
  if [ ! -f "$bin_dir/libHTTPTypes.a" ] || [ -n "$(find "$types" -newer "$bin_dir/libHTTPTypes.a" -name '*.swift' | head -1)" ]; then
    echo "building HTTPTypes for the fuzzer..."
    (cd "$bin_dir" && swiftc -O -parse-as-library -module-name HTTPTypes -emit-module -emit-library -static \
       -o libHTTPTypes.a "$OLDPWD"/$types/*.swift)
  fi
  echo "building the fuzz target..."
  swiftc -O -g -sanitize=fuzzer,address -parse-as-library -module-name HTTPParserFuzz \
    -I "$bin_dir" -L "$bin_dir" -lHTTPTypes \
    Sources/HTTPServer/Parser/*.swift Sources/HTTPServer/HTTPServerRequest.swift Sources/HTTPServer/HTTPServerError.swift \
    Fuzz/HTTPParserFuzz/FuzzEntry.swift -o "$binary" 2>&1 | { grep -v "Cannot export local symbol" || true; }
}

build_gateway_target() {
  # Fuzz/GatewayFuzz is a package depending on this one by path; every Swift module (Gateway, Yams,
  # swift-crypto's Swift part, ...) is compiled with coverage and ASan; libFuzzer supplies `main`.
  local scratch="${FUZZ_SCRATCH:-.build-fuzz}"
  local flags=(-c release --package-path Fuzz/GatewayFuzz --scratch-path "$scratch"
               -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
  echo "building $target-fuzz (swift build ${flags[*]} --product $target-fuzz)..."
  swift build "${flags[@]}" --product "$target-fuzz" 2>&1 | { grep -v -E "Cannot export local symbol|^\[[0-9]+/[0-9]+\]" || true; }
  cp "$(swift build "${flags[@]}" --show-bin-path)/$target-fuzz" "$binary"
}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  rm -f "$binary"
  case "$target" in
    http-parser) build_http_parser ;;
    *) build_gateway_target ;;
  esac
fi
[ -x "$binary" ] || { echo "fuzz target $binary did not build" >&2; exit 1; }

dict=()
[ -f "Fuzz/GatewayFuzz/$target.dict" ] && dict=(-dict="Fuzz/GatewayFuzz/$target.dict")
echo "fuzzing $target for ${seconds}s (log: $log)..."
# Bounded twice: libFuzzer stops itself after max_total_time; `timeout` is the backstop. Swift's own
# backtracer is off so that a trap (a broken invariant) is reported by libFuzzer, not fought over with ASan.
SWIFT_BACKTRACE=enable=no timeout --signal=INT --kill-after=30 $((seconds + 120)) \
  "$binary" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  "${dict[@]}" -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} "$corpus" "Fuzz/seeds/$target" >"$log" 2>&1 &
pid=$!
trap 'kill -INT "$pid" 2>/dev/null || true' EXIT
status=0
wait "$pid" || status=$?
trap - EXIT

grep -E "^(#[0-9]+ +(INITED|DONE)|stat::|==[0-9]+==|SUMMARY|Done|Fatal error|.*invariant broken)" "$log" || true
echo "corpus: $(find "$corpus" -type f | wc -l) files, $(du -sk "$corpus" | cut -f1) KiB in $corpus"
if [ "$status" -ne 0 ] || ! grep -q "^stat::number_of_executed_units" "$log"; then
  echo "fuzzer did not finish cleanly (exit $status); see $log and $artifacts/" >&2
  exit 1
fi
