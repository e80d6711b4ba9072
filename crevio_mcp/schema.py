"""Input schemas a model reads cheaply and every major MCP client accepts.

Pydantic's JSON Schema is correct but noisy for this use: a `title` on every property,
`anyOf [T, null]` for each optional field, `$defs` indirection, `default: null`. Each of
those costs tokens on every turn and tells the model nothing it needs, and some clients
reject `$ref` or top-level combinators. `tool_input_schema` rewrites a parameter model's
schema into the plain form; validation still runs against the pydantic model itself, and
its messages tell the model what it got wrong. So bounds, lengths and patterns are left to
validation rather than paid for on every turn: where a model could cross one (a page size
of 1-100, a rating of 1-5) the description says it in words, which costs a third as much.
Parameters many tools share are described once, in the server's instructions
(`operations.base.SHARED_PARAMETERS`).

Each rule below was measured with `tools/bench_tokens.py` over the whole tool list.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

__all__ = ["lean_schema", "tool_input_schema"]

_DROP = frozenset({"title", "examples", "default"})
"""Titles repeat the property name; examples belong in the description when they help;
defaults are said in the description where they matter ("default 20")."""

_PORTABLE_FORMATS = frozenset({"date-time"})
"""Gemini refuses any other `format` on a string; `email` and the like say nothing the
description does not."""

_VALIDATION = frozenset(
    {
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "pattern",
        # Pydantic writes a bound on a type with a before-validator (operations.base.Cents)
        # under its Python name instead of minimum/maximum; it is still enforced.
        "ge",
        "gt",
        "le",
        "lt",
    }
)
"""Checked by the parameter model on every call, and said in words where it matters."""


def tool_input_schema(model: type[BaseModel]) -> dict[str, Any]:
    return lean_schema(model.model_json_schema(by_alias=True))


def lean_schema(raw: dict[str, Any]) -> dict[str, Any]:
    """A pydantic JSON Schema of a tool's arguments, rewritten into the plain form."""
    raw = dict(raw)
    defs: dict[str, Any] = raw.pop("$defs", {})
    schema: dict[str, Any] = _clean(raw, defs)
    schema["type"] = "object"
    schema.setdefault("properties", {})
    if not schema.get("required"):
        schema.pop("required", None)
    schema["properties"] = _reading_order(schema["properties"], schema.get("required", []))
    return schema


def _reading_order(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """Required arguments first and the confirmation token last, so a model reading the
    schema meets what it must give before what it may give. Pydantic orders fields by
    class inheritance instead, which puts shared base fields first."""

    def rank(name: str) -> int:
        if name == "confirmation_token":
            return 2
        return 0 if name in required else 1

    return dict(sorted(properties.items(), key=lambda item: rank(item[0])))


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
        if key in _DROP and not isinstance(value, dict) or _is_noise(key, value):
            continue
        if key == "const":
            cleaned["enum"] = [value]  # the same meaning, in a keyword every client knows
            continue
        if key == "properties":
            cleaned[key] = {name: _clean(prop, defs) for name, prop in value.items()}
            continue
        if key == "items" and "description" in node and isinstance(value, dict):
            # A list of IDs: the list's own description names the prefix, so the one each
            # ID type brings would say it twice.
            value = {k: v for k, v in value.items() if k != "description"}
        cleaned[key] = _clean(value, defs)
    return cleaned


def _is_noise(key: str, value: Any) -> bool:
    """Keywords that cost tokens on every turn and tell a model nothing it acts on."""
    if key == "additionalProperties":
        return value is False
    if key == "format":
        return value not in _PORTABLE_FORMATS
    return key in _VALIDATION
