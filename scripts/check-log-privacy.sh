#!/usr/bin/env bash
# Scans every JSON log line in a file (the output of a full test run, or of `serve`) for what logs
# must never contain (api.md "Logging and privacy"): a bearer token or provider credential used
# anywhere in the tests or configs, a test message body, or an unmasked phone number.
#   scripts/check-log-privacy.sh LOGFILE
set -euo pipefail
cd "$(dirname "$0")/.."
log="${1:?usage: check-log-privacy.sh LOGFILE}"
python3 - "$log" <<'PY'
import json, pathlib, re, sys
log = pathlib.Path(sys.argv[1]).read_text(errors="replace").splitlines()
lines = [l for l in log if l.startswith('{"ts":')]
for l in lines:
    json.loads(l)  # every log line is one JSON object

sources = [p for p in pathlib.Path("Tests").rglob("*.swift")] + list(pathlib.Path("config").glob("*.yaml"))
text = "\n".join(p.read_text(errors="replace") for p in sources)
secrets = set()
# YAML/JSON-ish `key: "value"` and Swift `key: "value"` / `keyName = "value"` for credential fields.
for m in re.finditer(r'(?i)(token|api_?key|password|auth_?token|app_?id|username)\w*\s*[:=]\s*\\?"([^"\\\s$]{6,})\\?"', text):
    secrets.add(m.group(2))
bodies = set(m.group(1) for m in re.finditer(r'\\?"body\\?"\s*:\s*\\?"([^"\\]{8,})', text))
unmasked = re.compile(r'\+[1-9][0-9]{7,14}')

problems = []
for l in lines:
    for s in secrets:
        if s in l: problems.append(f"credential {s!r} in: {l}")
    for b in bodies:
        if b in l: problems.append(f"message body {b!r} in: {l}")
    if unmasked.search(l): problems.append(f"unmasked phone number in: {l}")
print(f"log privacy: {len(lines)} JSON log lines scanned against {len(secrets)} credentials, {len(bodies)} message bodies and unmasked numbers")
if problems:
    print("\n".join(problems[:50]))
    sys.exit(1)
PY
