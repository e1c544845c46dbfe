#!/usr/bin/env bash
# Validates openapi.yaml: the OpenAPI 3.1 document itself (openapi-spec-validator), then every
# example in it against the schema it illustrates (JSON Schema 2020-12), which the validator does not.
# Exits non-zero on any error. Usage: scripts/check-openapi.sh [path/to/openapi.yaml]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
spec="$(realpath "${1:-$root/openapi.yaml}")"
python="${PYTHON:-python3}"

if ! "$python" -c 'import openapi_spec_validator' 2>/dev/null; then
    echo "check-openapi: installing openapi-spec-validator" >&2
    "$python" -m pip install --quiet --disable-pip-version-check 'openapi-spec-validator>=0.7' >&2
fi

echo "check-openapi: openapi-spec-validator $("$python" -c 'import importlib.metadata as m; print(m.version("openapi-spec-validator"))')"
"$python" -m openapi_spec_validator "$spec"

"$python" - "$spec" <<'PY'
"""Validate every `example`/`examples` of a schema, media type or parameter against its schema."""
import sys

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    doc = yaml.safe_load(f)

URI = "urn:openapi"
registry = Registry().with_resource(URI, Resource.from_contents(doc, default_specification=DRAFT202012))
errors = []
checked = 0


def check(schema, value, where):
    global checked
    checked += 1
    validator = Draft202012Validator({"$ref": f"{URI}#{schema}"} if isinstance(schema, str) else schema,
                                     registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for error in validator.iter_errors(value):
        errors.append(f"{where}: {error.message} (at {'/'.join(map(str, error.absolute_path)) or 'top level'})")


def pointer(parts):
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def walk(node, parts):
    if isinstance(node, dict):
        # A media type or parameter: {schema, example | examples: {name: {value}}}.
        if "schema" in node and isinstance(node["schema"], dict):
            schema_ptr = pointer(parts + ["schema"])
            if "example" in node:
                check(schema_ptr, node["example"], pointer(parts + ["example"]))
            if isinstance(node.get("examples"), dict):
                for name, ex in node["examples"].items():
                    if isinstance(ex, dict) and "value" in ex:
                        check(schema_ptr, ex["value"], pointer(parts + ["examples", name]))
        # A schema with JSON Schema `examples` (a list) or an OpenAPI `example`.
        is_schema = parts[-2:-1] in (["schemas"], ["properties"]) or parts[-1:] == ["items"]
        if is_schema and "$ref" not in node:
            for i, ex in enumerate(node.get("examples", []) if isinstance(node.get("examples"), list) else []):
                check(pointer(parts), ex, pointer(parts + ["examples", i]))
            if "example" in node:
                check(pointer(parts), node["example"], pointer(parts + ["example"]))
        for key, value in node.items():
            walk(value, parts + [key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            walk(value, parts + [i])


walk(doc, [])
for e in errors:
    print(f"check-openapi: example does not match its schema: {e}", file=sys.stderr)
print(f"check-openapi: {checked} examples checked, {len(errors)} invalid")
sys.exit(1 if errors else 0)
PY
echo "check-openapi: $spec OK"
