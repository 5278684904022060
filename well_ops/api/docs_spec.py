"""An OpenAPI 3.0 rendering of the API's 3.1 document, for the bundled Swagger UI.

``swagger-ui-bundle`` 1.1.0 ships Swagger UI 4.15.5, which refuses any document whose version is not 3.0.x
("Unable to render this definition"), while FastAPI writes OpenAPI 3.1. The docs page therefore loads this
down-converted copy; ``/api/openapi.json`` stays FastAPI's own 3.1 document for clients and code generators.
Conversions (JSON Schema 2020-12 -> the OpenAPI 3.0 dialect): ``anyOf: [X, {type: null}]`` -> X with
``nullable: true``; ``examples: [...]`` in a schema -> ``example``; ``const`` -> a one-value ``enum``; numeric
``exclusiveMinimum`` / ``exclusiveMaximum`` -> ``minimum`` / ``maximum`` with the boolean flag.
"""

from __future__ import annotations

import copy
from typing import Any

_SCHEMA_PARENTS = {"schema", "schemas", "properties", "items", "anyOf", "oneOf", "allOf", "additionalProperties"}


def openapi_30(spec: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of ``spec`` that Swagger UI 4 renders."""
    out = copy.deepcopy(spec)
    out["openapi"] = "3.0.3"
    _walk(out, in_schema=False)
    return out


def _walk(node: Any, in_schema: bool) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, in_schema)
        return
    if not isinstance(node, dict):
        return
    if in_schema:
        _convert_schema(node)
    for key, value in node.items():
        if key in ("properties", "schemas"):  # maps of name -> schema
            for sub in value.values() if isinstance(value, dict) else ():
                _walk(sub, in_schema=True)
        else:
            _walk(value, in_schema=key in _SCHEMA_PARENTS)


def _convert_schema(schema: dict[str, Any]) -> None:
    variants = schema.get("anyOf")
    if isinstance(variants, list) and {"type": "null"} in variants:
        rest = [v for v in variants if v != {"type": "null"}]
        del schema["anyOf"]
        if len(rest) == 1 and "$ref" not in rest[0]:
            schema.update({k: v for k, v in rest[0].items() if k not in schema})
        elif len(rest) == 1:
            schema["allOf"] = rest
        else:
            schema["anyOf"] = rest
        schema["nullable"] = True
    if isinstance(schema.get("examples"), list):
        examples = schema.pop("examples")
        if examples:
            schema.setdefault("example", examples[0])
    if "const" in schema:
        schema["enum"] = [schema.pop("const")]
    for bound, flag in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = schema.get(bound)
        if isinstance(value, int | float) and not isinstance(value, bool):
            schema[flag] = value
            schema[bound] = True
