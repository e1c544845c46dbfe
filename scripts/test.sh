#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what the tests need from Debian, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build and tests use: curl and python3 drive the server as foreign clients;
# libcurl4 is what URLSession (FoundationNetworking) calls upstream with; libsqlite3-dev is the
# SQLite that GRDB builds against.
need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v python3 >/dev/null 2>&1 || need+=(python3)
ldconfig -p 2>/dev/null | grep -q 'libcurl.so.4 ' || need+=(libcurl4)
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Many sockets at once in the concurrency tests.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

swift build --build-tests
# The whole run's output is kept: every JSON log line in it is then scanned for secrets, message
# bodies and unmasked numbers (scripts/check-log-privacy.sh).
mkdir -p .build
set -o pipefail
swift test --skip-build "$@" 2>&1 | tee .build/test-output.log
scripts/check-log-privacy.sh .build/test-output.log
