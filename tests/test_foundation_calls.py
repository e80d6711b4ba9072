"""Calls through a real MCP client session against the sandbox, in both protocol eras."""

from __future__ import annotations

import pytest
from mcp import Client

from crevio_mcp.sandbox import Store
from tests.helpers import structured, text_of

pytestmark = pytest.mark.anyio


async def test_paging_through_orders_visits_every_order_exactly_once(
    client: Client, store: Store
) -> None:
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        arguments: dict[str, object] = {"limit": 37}
        if cursor:
            arguments["starting_after"] = cursor
        result = await client.call_tool("list_orders", arguments)
        assert not result.is_error, text_of(result)
        page = structured(result)
        seen.extend(item["id"] for item in page["data"])
        pages += 1
        if not page["has_more"]:
            assert "last page" in text_of(result)
            break
        cursor = page["next_starting_after"]
        assert f'starting_after="{cursor}"' in text_of(result)

    assert len(seen) == len(set(seen)) == len(store.all("order")) >= 150
    assert pages == -(-len(seen) // 37)


async def test_an_order_opens_with_its_customer_and_line_items_expanded(client: Client) -> None:
    first = structured(await client.call_tool("list_orders", {"limit": 1}))["data"][0]
    result = await client.call_tool(
        "get_order", {"order_id": first["id"], "expand": ["line_items", "customer"]}
    )
    assert not result.is_error
    order = structured(result)
    assert isinstance(order["customer"], dict) and "@" in order["customer"]["email"]
    assert order["line_items"] and all(isinstance(item, dict) for item in order["line_items"])
    text = text_of(result)
    assert order["customer"]["email"] in text
    assert all(item["id"] in text for item in order["line_items"])


async def test_an_unknown_order_is_an_error_that_names_the_id_and_the_list_tool(
    client: Client,
) -> None:
    result = await client.call_tool("get_order", {"order_id": "ord_doesnotexist"})
    assert result.is_error
    assert result.structured_content is None
    text = text_of(result)
    assert "ord_doesnotexist" in text and "404" in text and "list_orders" in text


async def test_an_id_of_the_wrong_type_is_refused_before_any_request(
    client: Client, store: Store
) -> None:
    before = len(store.requests)
    result = await client.call_tool("get_order", {"order_id": "cus_123"})
    assert result.is_error
    assert "ord_" in text_of(result) and "list_orders" in text_of(result)
    assert len(store.requests) == before


async def test_an_unknown_argument_is_named_in_the_error(client: Client) -> None:
    result = await client.call_tool("list_orders", {"limt": 5})
    assert result.is_error
    assert "limt" in text_of(result) and "limit" in text_of(result)


async def test_a_customer_is_found_by_email_created_and_updated(
    client: Client, store: Store
) -> None:
    created = await client.call_tool(
        "create_customer", {"email": "new.buyer@example.com", "name": "New Buyer"}
    )
    assert not created.is_error, text_of(created)
    customer_id = structured(created)["id"]
    assert customer_id.startswith("cus_")

    found = await client.call_tool("list_customers", {"email": "NEW.BUYER@example.com"})
    assert [c["id"] for c in structured(found)["data"]] == [customer_id]

    updated = await client.call_tool(
        "update_customer", {"customer_id": customer_id, "name": "Renamed Buyer"}
    )
    assert not updated.is_error, text_of(updated)
    assert "Renamed Buyer" in text_of(updated)
    stored = store.get("customer", customer_id)
    assert stored is not None and stored["name"] == "Renamed Buyer"


async def test_a_duplicate_customer_email_is_a_validation_error(client: Client) -> None:
    existing = structured(await client.call_tool("list_customers", {"limit": 1}))["data"][0]
    result = await client.call_tool("create_customer", {"email": existing["email"]})
    assert result.is_error
    text = text_of(result)
    assert "422" in text and "email" in text


async def test_a_product_is_found_by_slug_and_created_and_updated(client: Client) -> None:
    product = structured(await client.call_tool("list_products", {"limit": 1}))["data"][0]
    by_slug = await client.call_tool("get_product", {"product_id": product["slug"]})
    assert structured(by_slug)["id"] == product["id"]

    created = await client.call_tool("create_product", {"name": "Sourdough Basics 🍞"})
    assert not created.is_error, text_of(created)
    new = structured(created)
    assert new["status"] == "draft" and "Sourdough Basics 🍞" in text_of(created)

    updated = await client.call_tool(
        "update_product", {"product_id": new["id"], "status": "active"}
    )
    assert structured(updated)["status"] == "active"


async def test_price_variants_refunds_items_and_account_are_readable(client: Client) -> None:
    variants = structured(await client.call_tool("list_price_variants", {"limit": 3}))["data"]
    variant = await client.call_tool("get_price_variant", {"price_variant_id": variants[0]["id"]})
    assert not variant.is_error and variants[0]["id"] in text_of(variant)

    refunds = structured(await client.call_tool("list_refunds", {"limit": 2}))["data"]
    refund = await client.call_tool("get_refund", {"refund_id": refunds[0]["id"]})
    assert refunds[0]["order"] in text_of(refund)

    order = structured(await client.call_tool("get_order", {"order_id": refunds[0]["order"]}))
    item_id = order["line_items"][0]
    item = await client.call_tool("get_order_item", {"order_item_id": item_id})
    assert structured(item)["order"] == order["id"]

    account = await client.call_tool("get_account", {})
    assert structured(account)["id"].startswith("acct_")


async def test_a_page_size_out_of_range_is_refused_with_the_bounds(client: Client) -> None:
    result = await client.call_tool("list_orders", {"limit": 500})
    assert result.is_error and "100" in text_of(result)


async def test_an_argument_to_a_tool_that_takes_none_says_so(client: Client) -> None:
    result = await client.call_tool("get_account", {"id": "acct_1"})
    assert result.is_error and "takes no arguments" in text_of(result)


async def test_an_absurdly_long_id_is_refused_before_any_request(
    client: Client, store: Store
) -> None:
    before = len(store.requests)
    result = await client.call_tool("get_order", {"order_id": "ord_" + "a" * 100_000})
    assert result.is_error and "at most 255 characters" in text_of(result)
    assert len(store.requests) == before


async def test_an_update_with_nothing_to_change_says_so(client: Client, store: Store) -> None:
    before = len(store.requests)
    result = await client.call_tool("update_customer", {"customer_id": "cus_mariagarcia001"})
    assert result.is_error and "nothing to change" in text_of(result) and "email" in text_of(result)
    assert len(store.requests) == before
