#!/usr/bin/env bash
# Builds the libFuzzer target for the HTTP request parser and runs it for a given time.
#   scripts/fuzz-parser.sh [SECONDS]      (default 60)
# Prints libFuzzer's final stats (execution count); a crash leaves crash-* in Fuzz/artifacts/ and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
out=Fuzz/bin
mkdir -p "$out" Fuzz/artifacts Fuzz/corpus-http-parser

# swift-http-types is the parser's only dependency: resolve it, then build it as a static module.
swift package resolve >/dev/null
types=.build/checkouts/swift-http-types/Sources/HTTPTypes
[ -d "$types" ] || { echo "swift-http-types checkout not found at $types" >&2; exit 1; }
if [ ! -f "$out/libHTTPTypes.a" ] || [ -n "$(find "$types" -newer "$out/libHTTPTypes.a" -name '*.swift' | head -1)" ]; then
  echo "building HTTPTypes for the fuzzer..."
  (cd "$out" && swiftc -O -parse-as-library -module-name HTTPTypes -emit-module -emit-library -static \
     -o libHTTPTypes.a "$OLDPWD"/$types/*.swift)
fi

echo "building the fuzz target..."
swiftc -O -g -sanitize=fuzzer,address -parse-as-library -module-name HTTPParserFuzz \
  -I "$out" -L "$out" -lHTTPTypes \
  Sources/HTTPServer/Parser/*.swift Sources/HTTPServer/HTTPServerRequest.swift Sources/HTTPServer/HTTPServerError.swift \
  Fuzz/HTTPParserFuzz/FuzzEntry.swift -o "$out/http-parser-fuzz" 2>&1 | { grep -v "Cannot export local symbol" || true; }
[ -x "$out/http-parser-fuzz" ] || { echo "fuzz target did not build" >&2; exit 1; }

echo "fuzzing for ${seconds}s..."
"$out/http-parser-fuzz" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
  -artifact_prefix=Fuzz/artifacts/ Fuzz/corpus-http-parser Fuzz/seeds/http-parser 2>&1 | tee Fuzz/last-run.log | grep -E "^(#[0-9]+ +DONE|stat::|==[0-9]+==|SUMMARY|Done)" || true
grep -q "^stat::number_of_executed_units" Fuzz/last-run.log || { echo "fuzzer did not finish cleanly; see Fuzz/last-run.log" >&2; exit 1; }
