"""The tool list a client sees: names, schemas, annotations."""

from __future__ import annotations

import pytest
from mcp import Client

from crevio_mcp.objects import OBJECT_TYPES
from crevio_mcp.operations import OPERATIONS
from crevio_mcp.operations.base import SHARED_PARAMETERS
from tests.helpers import id_parameters

pytestmark = pytest.mark.anyio

FOUNDATION_TOOLS = {
    "list_products",
    "get_product",
    "create_product",
    "update_product",
    "list_price_variants",
    "get_price_variant",
    "list_orders",
    "get_order",
    "get_order_item",
    "list_customers",
    "get_customer",
    "create_customer",
    "update_customer",
    "list_refunds",
    "get_refund",
    "get_account",
}


async def test_the_foundation_tools_are_listed(client: Client) -> None:
    tools = {tool.name for tool in (await client.list_tools()).tools}
    assert FOUNDATION_TOOLS <= tools


async def test_reads_are_read_only_and_only_registered_destructive_writes_say_so(
    client: Client,
) -> None:
    destructive = {op.name for op in OPERATIONS if op.destructive}
    for tool in (await client.list_tools()).tools:
        annotations = tool.annotations
        assert annotations is not None, tool.name
        if tool.name.startswith(("list_", "get_")):
            assert annotations.read_only_hint is True, tool.name
        else:
            assert annotations.read_only_hint is False, tool.name
            assert annotations.destructive_hint is (tool.name in destructive), tool.name


async def test_every_parameter_is_described_once(client: Client) -> None:
    """In its tool's schema; or, for a parameter many tools share and for an ID parameter
    (named after its object), once in the server's instructions."""
    instructions = client.instructions or ""
    for name, text in SHARED_PARAMETERS.items():
        assert f"{name}: {text}" in instructions, name
    for object_type in OBJECT_TYPES.values():
        if object_type.prefix is not None:
            assert f"{object_type.noun} {object_type.prefix}…" in instructions, object_type.name
    for tool in (await client.list_tools()).tools:
        described_elsewhere = set(SHARED_PARAMETERS) | set(id_parameters(tool.name))
        for name, prop in tool.input_schema["properties"].items():
            if name in SHARED_PARAMETERS:
                assert "description" not in prop, f"{tool.name}.{name} is described twice"
            elif name not in described_elsewhere:
                assert prop.get("description"), f"{tool.name}.{name}"


async def test_every_list_tool_takes_a_limit_of_1_to_100_and_a_cursor(client: Client) -> None:
    for tool in (await client.list_tools()).tools:
        if tool.name.startswith("list_"):
            props = tool.input_schema["properties"]
            assert props["limit"]["type"] == "integer", tool.name
            assert props["starting_after"]["type"] == "string", tool.name
            for limit in (0, 101):
                result = await client.call_tool(tool.name, {"limit": limit})
                assert result.is_error, (tool.name, limit)
                text = result.content[0].text  # type: ignore[union-attr]
                assert "limit: a page holds 1 to 100 items" in text, text
                assert "give max_items instead" in text, text


def _schema_keywords(node: object) -> set[str]:
    """Every keyword used anywhere in a schema (property names are not keywords)."""
    if isinstance(node, list):
        return set().union(*(_schema_keywords(item) for item in node))
    if not isinstance(node, dict):
        return set()
    found = set(node)
    for key, value in node.items():
        if key == "properties":
            found |= set().union(*(_schema_keywords(prop) for prop in value.values()))
        else:
            found |= _schema_keywords(value)
    return found


async def test_schemas_are_plain_objects_without_refs_or_titles(client: Client) -> None:
    for tool in (await client.list_tools()).tools:
        assert tool.input_schema["type"] == "object"
        noise = _schema_keywords(tool.input_schema) & {"$ref", "$defs", "title", "anyOf", "oneOf"}
        assert not noise, (tool.name, noise)


def test_the_registry_has_one_row_per_tool_name() -> None:
    names = [op.name for op in OPERATIONS]
    assert len(names) == len(set(names))
    assert all(op.read_only == (op.method == "GET") for op in OPERATIONS)


async def test_out_of_range_paging_and_a_bad_currency_say_what_to_give_instead(
    client: Client,
) -> None:
    result = await client.call_tool("list_customers", {"max_items": 501})
    text = result.content[0].text  # type: ignore[union-attr]
    assert result.is_error and "max_items: from 1 to 500" in text and "starting_after" in text
    result = await client.call_tool(
        "create_discount", {"code": "NOPE", "amount_off": 500, "currency": "dollars"}
    )
    text = result.content[0].text  # type: ignore[union-attr]
    assert result.is_error and "3-letter ISO code, e.g. usd" in text


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("create_refund", {"order": "ord_x1", "amount": 25.0}),
        ("create_refund", {"order": "ord_x1", "amount": True}),
        ("create_discount", {"code": "HALF", "amount_off": 4.5, "currency": "usd"}),
        ("create_price_variant", {"product": "prod_x1", "name": "Monthly", "amount": "90"}),
    ],
)
async def test_an_amount_that_is_not_whole_cents_is_refused_with_the_unit(
    client: Client, tool: str, arguments: dict[str, object]
) -> None:
    """25.0 would pass lax validation as 25, i.e. 0.25 where 25.00 was likely meant."""
    result = await client.call_tool(tool, arguments)
    text = result.content[0].text  # type: ignore[union-attr]
    assert result.is_error and "give whole cents, e.g. 2450 for 24.50" in text, text


async def test_expand_written_as_the_api_writes_it_is_read_as_a_list(client: Client) -> None:
    listed = await client.call_tool("list_orders", {"limit": 1, "expand": "customer"})
    assert not listed.is_error and "@example.com" in listed.content[0].text  # type: ignore[union-attr]
    both = await client.call_tool("list_orders", {"limit": 1, "expand": "line_items, customer"})
    assert not both.is_error
    wrong = await client.call_tool("list_orders", {"limit": 1, "expand": "customer,bogus"})
    assert wrong.is_error and "'line_items' or 'customer'" in wrong.content[0].text  # type: ignore[union-attr]
