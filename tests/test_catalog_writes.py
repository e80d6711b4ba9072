"""Pricing a product, retiring prices and products, and refunding orders, through MCP."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client

from crevio_mcp.sandbox import Store
from crevio_mcp.settings import Settings
from tests.helpers import call_ok, sandbox_settings, text_of

pytestmark = pytest.mark.anyio


@pytest.fixture
def settings() -> Settings:
    return sandbox_settings(unguarded=True)


async def _new_product(client: Client) -> str:
    product = await call_ok(client, "create_product", {"name": "Pour-Over Basics"})
    return str(product["id"])


async def test_a_product_is_priced_one_time_by_subscription_free_and_pay_what_you_want(
    client: Client, store: Store
) -> None:
    product = await _new_product(client)
    one_time = await call_ok(
        client,
        "create_price_variant",
        {"product": product, "name": "Lifetime", "amount": 4900, "currency": "USD"},
    )
    monthly = await call_ok(
        client,
        "create_price_variant",
        {
            "product": product,
            "name": "Monthly",
            "amount": 900,
            "billing_type": "subscription",
            "recurring_interval": "month",
            "trial_period_days": 7,
        },
    )
    free = await call_ok(
        client,
        "create_price_variant",
        {"product": product, "name": "Sampler", "amount_type": "free"},
    )
    pwyw = await call_ok(
        client,
        "create_price_variant",
        {
            "product": product,
            "name": "Support us",
            "amount_type": "custom",
            "minimum_amount": 500,
            "preset_amount": 1500,
        },
    )

    stored: dict[str, dict[str, Any]] = {}
    for variant in (one_time, monthly, free, pwyw):
        record = store.get("price_variant", variant["id"])
        assert record is not None and record["product"] == product
        stored[variant["id"]] = record
    assert (stored[one_time["id"]]["amount"], stored[one_time["id"]]["currency"]) == (4900, "usd")
    assert stored[monthly["id"]]["billing_type"] == "subscription"
    assert stored[monthly["id"]]["recurring_interval"] == "month"
    assert stored[monthly["id"]]["trial_period_days"] == 7
    assert (stored[free["id"]]["amount_type"], stored[free["id"]]["amount"]) == ("free", 0)
    assert stored[pwyw["id"]]["amount_type"] == "custom"
    assert stored[pwyw["id"]]["preset_amount"] == 1500


async def test_a_subscription_price_without_an_interval_is_refused_before_sending(
    client: Client, store: Store
) -> None:
    product = await _new_product(client)
    before = len(store.requests)
    result = await client.call_tool(
        "create_price_variant",
        {"product": product, "name": "Yearly", "amount": 9000, "billing_type": "subscription"},
    )
    assert result.is_error and "recurring_interval" in text_of(result)
    assert len(store.requests) == before


async def test_a_price_is_changed_then_archived_and_cannot_be_archived_twice(
    client: Client, store: Store
) -> None:
    product = await _new_product(client)
    variant = await call_ok(
        client, "create_price_variant", {"product": product, "name": "Basic", "amount": 1900}
    )
    updated = await call_ok(
        client, "update_price_variant", {"price_variant_id": variant["id"], "amount": 2400}
    )
    assert updated["amount"] == 2400
    stored = store.get("price_variant", variant["id"])
    assert stored is not None and stored["amount"] == 2400

    archived = await call_ok(client, "archive_price_variant", {"price_variant_id": variant["id"]})
    assert archived["archived"] is True and stored["archived"] is True

    again = await client.call_tool("archive_price_variant", {"price_variant_id": variant["id"]})
    assert again.is_error and "price_variant_archived" in text_of(again)


async def test_deleting_a_product_removes_it_and_retires_its_prices(
    client: Client, store: Store
) -> None:
    product = await _new_product(client)
    variant = await call_ok(
        client, "create_price_variant", {"product": product, "name": "Only", "amount": 1000}
    )
    result = await client.call_tool("delete_product", {"product_id": product})
    assert not result.is_error, text_of(result)
    assert result.structured_content == {"id": product, "object": "product", "deleted": True}
    assert store.get("product", product) is None
    stored_variant = store.get("price_variant", variant["id"])
    assert stored_variant is not None and stored_variant["archived"] is True


def _refundable_order(store: Store) -> dict[str, Any]:
    return next(
        o
        for o in store.all("order")
        if o["status"] == "succeeded" and o["amount_refunded"] == 0 and o["amount"] >= 200
    )


async def test_half_an_order_is_refunded_and_the_order_shows_it(
    client: Client, store: Store
) -> None:
    order = _refundable_order(store)
    half = order["amount"] // 2
    refund = await call_ok(
        client,
        "create_refund",
        {"order": order["id"], "amount": half, "reason": "requested_by_customer", "notes": "late"},
    )
    assert refund["amount"] == half and refund["order"] == order["id"]
    stored = store.get("refund", refund["id"])
    assert stored is not None and stored["notes"] == "late"
    assert order["status"] == "partially_refunded" and order["amount_refunded"] == half


async def test_refunding_more_than_is_left_is_an_api_error_naming_the_amount(
    client: Client, store: Store
) -> None:
    order = _refundable_order(store)
    result = await client.call_tool(
        "create_refund", {"order": order["id"], "amount": order["amount"] + 1}
    )
    assert result.is_error
    text = text_of(result)
    assert "amount_too_large" in text and "amount" in text
    assert order["amount_refunded"] == 0
