"""Small readers of tool results, shared by the tests."""

from __future__ import annotations

from typing import Any, get_args

import httpx
from mcp import Client
from mcp.types import CallToolResult, TextContent
from starlette.applications import Starlette

from crevio_mcp.operations import OPERATIONS
from crevio_mcp.operations.base import IdOf
from crevio_mcp.sandbox import SANDBOX_TOKEN
from crevio_mcp.server import SANDBOX_BASE_URL
from crevio_mcp.settings import Settings


def text_of(result: CallToolResult) -> str:
    return "\n".join(c.text for c in result.content if isinstance(c, TextContent))


def structured(result: CallToolResult) -> dict[str, Any]:
    assert result.structured_content is not None, text_of(result)
    return dict(result.structured_content)


def sandbox_settings(*, unguarded: bool = False) -> Settings:
    """Settings serving every tool against the sandbox; `unguarded` runs destructive tools
    at once, for tests about what the tools do rather than about confirmation."""
    fields: dict[str, Any] = {"api_key": SANDBOX_TOKEN, "base_url": SANDBOX_BASE_URL}
    if "toolsets" in Settings.model_fields:
        fields["toolsets"] = frozenset({"all"})
    if unguarded:
        fields["skip_confirmation"] = frozenset(op.name for op in OPERATIONS if op.destructive)
    return Settings(**fields)


async def call_ok(client: Client, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """Call a tool that must succeed; its structured result."""
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, text_of(result)
    return structured(result)


async def sandbox_api(
    sandbox: Starlette, method: str, path: str, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Call the sandbox's REST API directly, e.g. its sandbox-only checkout completion."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=sandbox),
        base_url="http://sandbox/v1",
        headers={"Authorization": f"Bearer {SANDBOX_TOKEN}"},
    ) as http:
        response = await http.request(method, path, json=body)
    assert response.is_success, response.text
    data: dict[str, Any] = response.json()
    return data


def id_parameters(tool_name: str) -> dict[str, str]:
    """The parameters of a tool that take one object type's ID (without slugs), by name.

    These carry no description in the schema: their name says which object they take,
    and the server's instructions give each type's prefix once.
    """
    found: dict[str, str] = {}
    ops = [op for op in OPERATIONS if op.name == tool_name]
    if not ops:  # a discovery tool, or one a test made up
        return found
    for name, field in ops[0].params.model_fields.items():
        for marker in _markers(field.annotation, field.metadata):
            if isinstance(marker, IdOf) and not marker.slug:
                found[field.alias or name] = marker.type_name
    return found


def _markers(annotation: Any, metadata: list[Any]) -> list[Any]:
    found = list(metadata)
    for arg in get_args(annotation):
        found.extend(getattr(arg, "__metadata__", ()))
        found.extend(_markers(arg, []))
    found.extend(getattr(annotation, "__metadata__", ()))
    return found
