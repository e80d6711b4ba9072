"""Every tool's schema is one every major client accepts, in every configuration.

The rules are the common ground of the clients' tool-schema checks (OpenAI, Gemini,
Anthropic, the MCP Inspector's --strict): a root object without combinators, arrays
with `items`, no OpenAPI-only keywords, no null types (an optional field is one left
out of `required`), and short snake_case names. The noise rules keep out what costs
tokens on every turn and tells a model nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from mcp.types import Tool

from crevio_mcp.footprint import list_served_tools
from crevio_mcp.operations.base import SHARED_PARAMETERS
from crevio_mcp.settings import Settings
from tests.helpers import id_parameters

pytestmark = pytest.mark.anyio

CONFIGURATIONS: dict[str, dict[str, Any]] = {
    "default": {"toolsets": None},
    "all": {"toolsets": frozenset({"all"})},
    "read-only": {"toolsets": frozenset({"all"}), "read_only": True},
    "dynamic": {"dynamic_toolsets": True, "toolsets": None},
    "dynamic+account": {"dynamic_toolsets": True, "toolsets": frozenset({"account"})},
}

NAME = re.compile(r"^[a-z0-9_]{1,40}$")
ALLOWED = frozenset(
    {
        "type",
        "description",
        "properties",
        "required",
        "items",
        "enum",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "pattern",
        "format",
        "additionalProperties",
    }
)
"""Keywords every major client understands; anything else (nullable, example, $ref,
anyOf, const, default, title, ...) is refused or is noise."""
TYPES = frozenset({"object", "array", "string", "integer", "number", "boolean"})


def _nodes(node: dict[str, Any], path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    yield path, node
    for name, prop in node.get("properties", {}).items():
        yield from _nodes(prop, f"{path}.{name}")
    if isinstance(node.get("items"), dict):
        yield from _nodes(node["items"], f"{path}[]")
    if isinstance(node.get("additionalProperties"), dict):
        yield from _nodes(node["additionalProperties"], f"{path}{{}}")


def lint(tool: Tool) -> list[str]:
    """Every rule a tool breaks, as readable lines."""
    problems: list[str] = []
    if not NAME.match(tool.name):
        problems.append("name is not 1-40 chars of [a-z0-9_]")
    if not tool.description or not tool.description.strip():
        problems.append("no description")
    root = tool.input_schema
    if root.get("type") != "object" or not isinstance(root.get("properties"), dict):
        problems.append("root is not an object with properties")
    if "required" in root and not root["required"]:
        problems.append("empty required")
    for name, prop in root.get("properties", {}).items():
        described_elsewhere = name in SHARED_PARAMETERS or name in id_parameters(tool.name)
        if not prop.get("description") and not described_elsewhere:
            problems.append(f"$.{name}: parameter without a description")
    for path, node in _nodes(root, "$"):
        extra = set(node) - ALLOWED
        if extra:
            problems.append(f"{path}: keywords {sorted(extra)}")
        kind = node.get("type")
        if not isinstance(kind, str) or kind not in TYPES:
            problems.append(f"{path}: type {node.get('type')!r} is not one plain type")
        if node.get("type") == "array" and "items" not in node:
            problems.append(f"{path}: array without items")
        if node.get("type") == "number" and {"minimum", "maximum"} & set(node):
            problems.append(f"{path}: float bounds (say them in words)")
        if "format" in node and node["format"] != "date-time":
            problems.append(f"{path}: format {node['format']} (Gemini takes only date-time)")
        if node.get("additionalProperties") is False:
            problems.append(f"{path}: additionalProperties false")
        missing = set(node.get("required", ())) - set(node.get("properties", {}))
        if missing:
            problems.append(f"{path}: required names no property: {sorted(missing)}")
    return problems


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
async def test_every_tool_passes_the_schema_lint(configuration: str) -> None:
    settings = Settings(api_key="lint", **CONFIGURATIONS[configuration])
    listing = await list_served_tools(settings)
    problems = [f"{tool.name}: {p}" for tool in listing.tools for p in lint(tool)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "object", "properties": {}, "anyOf": []}, "keywords ['anyOf']"),
        (
            {"type": "object", "properties": {"a": {"type": "array", "description": "x"}}},
            "array without items",
        ),
        (
            {
                "type": "object",
                "properties": {"a": {"type": "string", "nullable": True, "description": "x"}},
            },
            "['nullable']",
        ),
        (
            {
                "type": "object",
                "properties": {"a": {"type": ["string", "null"], "description": "x"}},
            },
            "one plain type",
        ),
        ({"type": "object", "properties": {}, "required": []}, "empty required"),
        (
            {
                "type": "object",
                "properties": {"a": {"type": "number", "minimum": 0.5, "description": "x"}},
            },
            "float bounds",
        ),
        ({"type": "object", "properties": {"a": {"type": "string"}}}, "without a description"),
    ],
)
def test_the_lint_catches_what_clients_refuse(schema: dict[str, Any], expected: str) -> None:
    tool = Tool(name="t", description="d", input_schema=schema)
    assert any(expected in problem for problem in lint(tool)), lint(tool)


def test_the_lint_refuses_long_or_dotted_names() -> None:
    schema = {"type": "object", "properties": {}}
    assert lint(Tool(name="a" * 41, description="d", input_schema=schema))
    assert lint(Tool(name="crevio.get", description="d", input_schema=schema))
