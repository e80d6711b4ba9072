"""Input schemas a model reads cheaply and every major MCP client accepts.

Pydantic's JSON Schema is correct but noisy for this use: a `title` on every property,
`anyOf [T, null]` for each optional field, `$defs` indirection, `default: null`. Each of
those costs tokens on every turn and tells the model nothing it needs, and some clients
reject `$ref` or top-level combinators. `tool_input_schema` rewrites a parameter model's
schema into the plain form; validation still runs against the pydantic model itself.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

__all__ = ["tool_input_schema"]

_DROP = frozenset({"title", "examples"})


def tool_input_schema(model: type[BaseModel]) -> dict[str, Any]:
    raw = model.model_json_schema(by_alias=True)
    defs: dict[str, Any] = raw.pop("$defs", {})
    schema: dict[str, Any] = _clean(raw, defs)
    schema["type"] = "object"
    schema.setdefault("properties", {})
    if not schema.get("required"):
        schema.pop("required", None)
    return schema


def _clean(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_clean(item, defs) for item in node]
    if not isinstance(node, dict):
        return node

    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return _clean(merged, defs)

    any_of = node.get("anyOf")
    if isinstance(any_of, list):
        # An optional field is already optional by being absent from `required`;
        # dropping the null branch leaves one plain type that every client accepts.
        kept = [branch for branch in any_of if branch != {"type": "null"}]
        if len(kept) == 1:
            rest = {k: v for k, v in node.items() if k != "anyOf"}
            return _clean({**kept[0], **rest}, defs)

    cleaned: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROP and not isinstance(value, dict):
            continue
        if key == "default" and value is None:
            continue
        if key == "additionalProperties" and value is False:
            continue
        if key == "properties":
            cleaned[key] = {name: _clean(prop, defs) for name, prop in value.items()}
            continue
        cleaned[key] = _clean(value, defs)
    return cleaned
