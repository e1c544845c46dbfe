#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what the tests need from Debian, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Debian packages the tests use, and the descriptor limit.
source scripts/test-setup.sh  # run from the repository root (cd above)

swift build --build-tests
# The whole run's output is kept: every JSON log line in it is then scanned for secrets, message
# bodies and unmasked numbers (scripts/check-log-privacy.sh).
mkdir -p .build
set -o pipefail
swift test --skip-build "$@" 2>&1 | tee .build/test-output.log
scripts/check-log-privacy.sh .build/test-output.log
