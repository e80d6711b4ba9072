"""Objects by URI and ready-made tasks, through a real client in both protocol eras."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS, TextContent, TextResourceContents

from crevio_mcp.operations import OPERATIONS
from crevio_mcp.prompts import PROMPTS
from crevio_mcp.resources import OBJECT_RESOURCES
from crevio_mcp.sandbox import (
    DEMO_CUSTOMER_ID,
    DEMO_ORDER_ID,
    DEMO_PRODUCT_ID,
    DEMO_PRODUCT_SLUG,
)
from tests.helpers import structured, text_of
from tests.test_http_teams import ALICE, BOB, TwoAccounts, mcp_as, team_server

pytestmark = pytest.mark.anyio


async def _read(client: Client, uri: str) -> str:
    result = await client.read_resource(uri)
    (content,) = result.contents
    assert isinstance(content, TextResourceContents) and content.mime_type == "text/plain"
    return content.text


async def test_every_object_template_is_listed_with_its_uri(client: Client) -> None:
    listed = {
        t.uri_template: t for t in (await client.list_resource_templates()).resource_templates
    }
    assert {
        "crevio://orders/{id}",
        "crevio://customers/{id}",
        "crevio://products/{id_or_slug}",
    } <= set(listed)
    assert set(listed) == {r.uri_template for r in OBJECT_RESOURCES}
    for template in listed.values():
        assert template.description and template.mime_type == "text/plain"


async def test_reading_an_order_gives_the_summary_get_order_gives(client: Client) -> None:
    text = await _read(client, f"crevio://orders/{DEMO_ORDER_ID}")
    tool = await client.call_tool(
        "get_order", {"order_id": DEMO_ORDER_ID, "expand": ["line_items"]}
    )
    assert text == text_of(tool)
    assert text.startswith(f"Order {DEMO_ORDER_ID}: succeeded")
    assert "line items:" in text


@pytest.mark.parametrize(
    ("uri", "tool", "arguments"),
    [
        (
            f"crevio://customers/{DEMO_CUSTOMER_ID}",
            "get_customer",
            {"customer_id": DEMO_CUSTOMER_ID},
        ),
        (f"crevio://products/{DEMO_PRODUCT_ID}", "get_product", {"product_id": DEMO_PRODUCT_ID}),
        (f"crevio://products/{DEMO_PRODUCT_SLUG}", "get_product", {"product_id": DEMO_PRODUCT_ID}),
    ],
)
async def test_customers_and_products_read_as_their_tools_show_them(
    client: Client, uri: str, tool: str, arguments: dict[str, str]
) -> None:
    assert await _read(client, uri) == text_of(await client.call_tool(tool, arguments))


async def test_every_object_resource_reads_a_listed_object(client: Client) -> None:
    for resource in OBJECT_RESOURCES:
        listing = await client.call_tool(resource.object_type.list_tool or "", {"limit": 1})
        assert listing.structured_content is not None, resource.operation
        (first,) = listing.structured_content["data"]
        uri = resource.uri_template.replace("{" + resource.variable + "}", first["id"])
        text = await _read(client, uri)
        assert text.startswith(f"{resource.object_type.noun.capitalize()} {first['id']}")


@pytest.mark.parametrize(
    ("uri", "says"),
    [
        ("crevio://orders/ord_doesnotexist", r"No such order.*use list_orders"),
        ("crevio://orders/cus_x", r"not a valid order ID: order IDs start with 'ord_'"),
        ("crevio://customers/cus_doesnotexist", r"No such customer.*use list_customers"),
        ("crevio://products/no-such-slug", r"No such product.*list_products"),
    ],
)
async def test_an_unknown_id_is_a_not_found_error_that_says_where_to_look(
    client: Client, uri: str, says: str
) -> None:
    with pytest.raises(MCPError) as caught:
        await client.read_resource(uri)
    assert caught.value.error.code == INVALID_PARAMS
    assert caught.value.error.message.startswith(uri)
    assert re.search(says, caught.value.error.message, re.S)


async def test_prompts_list_with_their_arguments(client: Client) -> None:
    listed = {p.name: p for p in (await client.list_prompts()).prompts}
    assert set(listed) == {spec.name for spec in PROMPTS}
    for spec in PROMPTS:
        prompt = listed[spec.name]
        assert prompt.title and prompt.description
        arguments = {a.name: a for a in prompt.arguments or []}
        assert list(arguments) == list(spec.arguments.model_fields)
        for name, field in spec.arguments.model_fields.items():
            assert arguments[name].required == field.is_required()
            assert arguments[name].description
    refund = {a.name: a.required for a in listed["refund_order"].arguments or []}
    assert refund == {"order": True, "amount": False, "reason": False}


async def test_the_refund_prompt_renders_the_steps_for_that_order(client: Client) -> None:
    result = await client.get_prompt(
        "refund_order", {"order": DEMO_ORDER_ID, "amount": "12.50", "reason": "duplicate"}
    )
    (message,) = result.messages
    assert message.role == "user" and isinstance(message.content, TextContent)
    text = message.content.text
    assert f"order {DEMO_ORDER_ID}; refund 12.50 of it" in text
    assert f"create_refund (order={DEMO_ORDER_ID}" in text and "reason=duplicate" in text
    assert "confirmation_token" in text


async def test_the_sales_prompt_covers_the_days_asked_for(client: Client) -> None:
    result = await client.get_prompt("sales_summary", {"days": "7", "until": "2026-11-30"})
    text = result.messages[0].content
    assert isinstance(text, TextContent)
    assert "from 2026-11-24 to 2026-11-30 inclusive (7 days" in text.text

    default = await client.get_prompt("sales_summary", {})
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    content = default.messages[0].content
    assert isinstance(content, TextContent)
    assert f"to {yesterday} inclusive (7 days" in content.text


@pytest.mark.parametrize(
    ("name", "arguments", "says"),
    [
        ("refund_order", {"order": "cus_123"}, "order: order IDs start with 'ord_'"),
        ("sales_summary", {"days": "a week"}, "days: Input should be a valid integer"),
        ("failed_renewals", {"days": "0"}, "days: Input should be greater than or equal to 1"),
        ("refund_order", {"order": DEMO_ORDER_ID, "amount": "-3"}, "amount: Input should be"),
    ],
)
async def test_bad_prompt_arguments_are_refused_by_name(
    client: Client, name: str, arguments: dict[str, str], says: str
) -> None:
    with pytest.raises(MCPError) as caught:
        await client.get_prompt(name, arguments)
    assert caught.value.error.code == INVALID_PARAMS
    assert says in caught.value.error.message


async def test_every_prompt_renders_with_example_arguments(client: Client) -> None:
    examples = {
        "refund_order": {"order": DEMO_ORDER_ID},
        "customer_overview": {"customer": DEMO_CUSTOMER_ID},
    }
    for spec in PROMPTS:
        result = await client.get_prompt(spec.name, examples.get(spec.name, {}))
        assert result.messages and result.description == spec.description


def test_prompts_name_only_tools_that_exist() -> None:
    tools = {op.name for op in OPERATIONS}
    examples = {
        "refund_order": {"order": DEMO_ORDER_ID, "amount": "1", "reason": "other"},
        "customer_overview": {"customer": "maria@example.com"},
    }
    for spec in PROMPTS:
        text = spec.render(examples.get(spec.name, {}))
        named = set(re.findall(r"\b((?:list|get|create|send)_[a-z_]+)\b", text))
        assert named, spec.name
        assert named <= tools, (spec.name, named - tools)


async def test_over_http_for_teams_a_read_acts_with_the_callers_token() -> None:
    async with team_server(TwoAccounts(), api_key=ALICE, http_auth="either") as (url, _):
        async with mcp_as(f"{url}/mcp", BOB) as bob, mcp_as(f"{url}/mcp", None) as anonymous:
            created = await bob.call_tool("create_customer", {"email": "bob-only@example.com"})
            uri = f"crevio://customers/{structured(created)['id']}"
            assert "bob-only@example.com" in await _read(bob, uri)
            with pytest.raises(MCPError) as caught:  # the server's own token: Alice's store
                await anonymous.read_resource(uri)
    assert caught.value.error.code == INVALID_PARAMS


async def test_over_http_for_teams_a_read_needs_no_token_of_the_servers_own() -> None:
    async with team_server(TwoAccounts(), http_auth="request") as (url, _):
        async with mcp_as(f"{url}/mcp", ALICE) as alice:
            text = await _read(alice, f"crevio://orders/{DEMO_ORDER_ID}")
    assert text.startswith(f"Order {DEMO_ORDER_ID}")
