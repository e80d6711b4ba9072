"""A store owner's day, start to finish, through one MCP session against the sandbox."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client
from starlette.applications import Starlette

from crevio_mcp.sandbox import Store
from crevio_mcp.settings import Settings
from tests.helpers import call_ok, sandbox_api, sandbox_settings

pytestmark = pytest.mark.anyio

BUYER = "noor.haddad@example.com"


@pytest.fixture
def settings() -> Settings:
    # Guarded as in production: void and refund need the owner's confirmation below.
    return sandbox_settings()


async def _sell(
    client: Client, sandbox: Starlette, line_items: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    """Open a checkout and have the buyer pay it (the sandbox's completion route)."""
    checkout = await call_ok(client, "create_checkout", {"line_items": line_items, **extra})
    await sandbox_api(sandbox, "POST", f"/checkouts/{checkout['id']}/complete", {"email": BUYER})
    return await call_ok(client, "get_checkout", {"checkout_id": checkout["id"]})


async def _confirmed(client: Client, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """A guarded call as a model makes it: preview, the owner's yes, then the same call
    with the token."""
    preview = await call_ok(client, tool, arguments)
    assert preview["status"] == "confirmation_required", preview
    return await call_ok(
        client, tool, {**arguments, "confirmation_token": preview["confirmation_token"]}
    )


async def test_a_store_owner_sells_supports_bills_refunds_and_wires_up_webhooks(
    client: Client, store: Store, sandbox: Starlette
) -> None:
    # Morning: a new product with two prices and a launch discount.
    product = await call_ok(
        client, "create_product", {"name": "Latte Art Workshop", "status": "active"}
    )
    lifetime = await call_ok(
        client,
        "create_price_variant",
        {"product": product["id"], "name": "Lifetime", "amount": 6000, "currency": "usd"},
    )
    monthly = await call_ok(
        client,
        "create_price_variant",
        {
            "product": product["id"],
            "name": "Monthly",
            "amount": 1200,
            "billing_type": "subscription",
            "recurring_interval": "month",
        },
    )
    discount = await call_ok(
        client,
        "create_discount",
        {"code": "LATTE20", "percent_off": 20, "price_variants": [lifetime["id"]]},
    )
    link = await call_ok(
        client,
        "create_checkout_link",
        {"name": "Launch", "price_variants": [lifetime["id"]], "discount": discount["id"]},
    )
    stored_link = store.get("checkout_link", link["id"])
    assert stored_link is not None and stored_link["discount"] == discount["id"]

    # Midday: two sales, one with the launch code, one subscription.
    sale = await _sell(
        client, sandbox, [{"price_variant": lifetime["id"], "quantity": 1}], discount="latte20"
    )
    assert sale["status"] == "complete" and sale["total"] == 4800
    order = store.get("order", sale["order"])
    assert order is not None and order["amount"] == 4800
    buyer = order["customer"]
    stored_discount = store.get("discount", discount["id"])
    assert stored_discount is not None and stored_discount["times_redeemed"] == 1

    membership = await _sell(client, sandbox, [{"price_variant": monthly["id"]}])
    subs = await call_ok(client, "list_subscriptions", {"customer": buyer})
    assert [s["price_variant"] for s in subs["data"]] == [monthly["id"]]
    subscription = store.get("subscription", subs["data"][0]["id"])
    assert subscription is not None and membership["order"] is not None

    # Afternoon: thank the buyer with a review, then a pause the buyer asked for, and back.
    review = await call_ok(
        client,
        "create_review",
        {"product": product["id"], "rating": 5, "content": "Lovely!", "customer_name": "Noor"},
    )
    await call_ok(client, "set_review_position", {"review_id": review["id"], "position": 0})
    reviews = await call_ok(client, "list_reviews", {"product": product["id"]})
    assert [r["id"] for r in reviews["data"]] == [review["id"]]
    stored_product = store.get("product", product["id"])
    assert stored_product is not None and stored_product["reviews_count"] == 1

    await call_ok(client, "pause_subscription", {"subscription_id": subscription["id"]})
    assert subscription["status"] == "paused"
    await call_ok(client, "resume_subscription", {"subscription_id": subscription["id"]})
    assert subscription["status"] == "active"

    # Late afternoon: an invoice sent by mistake is voided; half the first sale refunded.
    invoice = await call_ok(
        client, "create_invoice", {"price_variant": lifetime["id"], "customer": buyer}
    )
    await _confirmed(client, "void_invoice", {"invoice_id": invoice["id"]})
    stored_invoice = store.get("invoice", invoice["id"])
    assert stored_invoice is not None and stored_invoice["status"] == "void"

    refund = await _confirmed(client, "create_refund", {"order": order["id"], "amount": 2400})
    assert order["status"] == "partially_refunded" and order["amount_refunded"] == 2400

    # Evening: a fulfilment service subscribes, and the owner reads what it would receive.
    wanted = ["order.created", "refund.created", "invoice.voided", "subscription.paused"]
    endpoint = await call_ok(
        client,
        "create_webhook_endpoint",
        {"url": "https://fulfil.example.com/hooks", "enabled_events": wanted},
    )
    assert endpoint["secret"].startswith("whsec_")
    received: dict[str, list[Any]] = {}
    for event_type in wanted:
        page = await call_ok(client, "list_webhook_events", {"type": event_type, "limit": 100})
        received[event_type] = [e["data"]["object"]["id"] for e in page["data"]]
    assert {order["id"], membership["order"]} <= set(received["order.created"])
    assert received["refund.created"] == [refund["id"]]
    assert received["invoice.voided"] == [invoice["id"]]
    assert received["subscription.paused"] == [subscription["id"]]
