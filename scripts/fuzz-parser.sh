#!/usr/bin/env bash
# Builds the libFuzzer target for the HTTP request parser and runs it for a given time.
#   scripts/fuzz-parser.sh [SECONDS]      (default 60)
# Kept for existing commands: the same as `scripts/fuzz.sh http-parser [SECONDS]`, which prints libFuzzer's
# final stats (execution count); a crash leaves crash-* in Fuzz/artifacts/http-parser/ and exits non-zero.
set -euo pipefail
exec "$(dirname "$0")/fuzz.sh" http-parser "${1:-60}"
