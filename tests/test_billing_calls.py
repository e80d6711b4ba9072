"""Subscriptions, invoices, checkouts, checkout links and discounts, through MCP."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client
from starlette.applications import Starlette

from crevio_mcp.sandbox import DEMO_CUSTOMER_ID, Store
from crevio_mcp.settings import Settings
from tests.helpers import call_ok, sandbox_api, sandbox_settings, structured, text_of

pytestmark = pytest.mark.anyio


@pytest.fixture
def settings() -> Settings:
    return sandbox_settings(unguarded=True)


def _first(store: Store, kind: str, **match: Any) -> dict[str, Any]:
    return next(r for r in store.all(kind) if all(r.get(k) == v for k, v in match.items()))


def _one_time_variant(store: Store) -> dict[str, Any]:
    return _first(
        store, "price_variant", archived=False, billing_type="one_time", amount_type="fixed"
    )


# ----- subscriptions ---------------------------------------------------------------


async def test_subscriptions_are_listed_by_status_and_opened_with_their_customer(
    client: Client, store: Store
) -> None:
    page = await call_ok(client, "list_subscriptions", {"status": "past_due", "limit": 100})
    expected = {s["id"] for s in store.all("subscription") if s["status"] == "past_due"}
    assert {s["id"] for s in page["data"]} == expected and expected

    sub_id = next(iter(expected))
    result = await client.call_tool(
        "get_subscription", {"subscription_id": sub_id, "expand": ["customer"]}
    )
    sub = structured(result)
    assert sub["id"] == sub_id and isinstance(sub["customer"], dict)
    assert sub["customer"]["email"] in text_of(result)


async def test_a_subscription_is_paused_resumed_and_canceled(client: Client, store: Store) -> None:
    sub = _first(store, "subscription", status="active")
    paused = await call_ok(client, "pause_subscription", {"subscription_id": sub["id"]})
    assert paused["status"] == "paused" and sub["status"] == "paused"

    resumed = await call_ok(client, "resume_subscription", {"subscription_id": sub["id"]})
    assert resumed["status"] == "active" and sub["status"] == "active"

    canceled = await call_ok(client, "cancel_subscription", {"subscription_id": sub["id"]})
    assert canceled["status"] == "canceled" and sub["canceled_at"] is not None


async def test_a_canceled_subscription_cannot_be_paused(client: Client, store: Store) -> None:
    sub = _first(store, "subscription", status="canceled")
    result = await client.call_tool("pause_subscription", {"subscription_id": sub["id"]})
    assert result.is_error and "invalid_state_transition" in text_of(result)
    assert sub["status"] == "canceled"


# ----- invoices ----------------------------------------------------------------------


async def test_open_invoices_are_listed_and_one_opens_with_its_price_variant(
    client: Client, store: Store
) -> None:
    page = await call_ok(client, "list_invoices", {"status": "open", "limit": 100})
    expected = {i["id"] for i in store.all("invoice") if i["status"] == "open"}
    assert {i["id"] for i in page["data"]} == expected and expected

    invoice = await call_ok(
        client,
        "get_invoice",
        {"invoice_id": page["data"][0]["id"], "expand": ["price_variant"]},
    )
    assert isinstance(invoice["price_variant"], dict)


async def test_a_customer_is_invoiced_and_the_invoice_voided(client: Client, store: Store) -> None:
    variant = _one_time_variant(store)
    invoice = await call_ok(
        client,
        "create_invoice",
        {
            "price_variant": variant["id"],
            "customer": DEMO_CUSTOMER_ID,
            "due_at": "2031-01-31T00:00:00Z",
            "description": "Private lesson",
        },
    )
    stored = store.get("invoice", invoice["id"])
    assert stored is not None and stored["status"] == "open"
    assert (stored["amount"], stored["customer"]) == (variant["amount"], DEMO_CUSTOMER_ID)

    voided = await call_ok(client, "void_invoice", {"invoice_id": invoice["id"]})
    assert voided["status"] == "void" and stored["status"] == "void"

    again = await client.call_tool("void_invoice", {"invoice_id": invoice["id"]})
    assert again.is_error and "invoice_already_void" in text_of(again)


async def test_someone_not_yet_a_customer_is_invoiced_by_name_and_email(
    client: Client, store: Store
) -> None:
    invoice = await call_ok(
        client,
        "create_invoice",
        {
            "price_variant": _one_time_variant(store)["id"],
            "customer_name": "Lea Roux",
            "email_address": "lea.roux@example.com",
        },
    )
    stored = store.get("invoice", invoice["id"])
    assert stored is not None and stored["email_address"] == "lea.roux@example.com"
    assert stored["customer"] is None


async def test_an_invoice_due_in_the_past_is_an_api_validation_error(
    client: Client, store: Store
) -> None:
    result = await client.call_tool(
        "create_invoice",
        {
            "price_variant": _one_time_variant(store)["id"],
            "customer": DEMO_CUSTOMER_ID,
            "due_at": "2001-01-01T00:00:00Z",
        },
    )
    assert result.is_error
    assert "422" in text_of(result) and "due_at" in text_of(result)


# ----- checkouts ------------------------------------------------------------------------


async def test_a_checkout_is_opened_for_items_and_repriced_by_a_discount_code(
    client: Client, store: Store
) -> None:
    variant = _one_time_variant(store)
    created = await call_ok(
        client,
        "create_checkout",
        {"line_items": [{"price_variant": variant["id"], "quantity": 2}]},
    )
    checkout = store.get("checkout", created["id"])
    assert checkout is not None and checkout["status"] == "open"
    assert checkout["total"] == 2 * variant["amount"]

    code = _first(store, "discount", status="active", percent_off=10)["code"]
    updated = await call_ok(
        client,
        "update_checkout",
        {"checkout_id": created["id"], "discount": code.lower(), "customer": DEMO_CUSTOMER_ID},
    )
    assert (
        updated["total"]
        == checkout["total"]
        == 2 * variant["amount"] - round(2 * variant["amount"] * 0.10)
    )
    assert checkout["customer"] == DEMO_CUSTOMER_ID

    result = await client.call_tool("get_checkout", {"checkout_id": created["id"]})
    assert variant["id"] in text_of(result) and checkout["url"] in text_of(result)


async def test_an_invoice_is_paid_through_a_checkout_for_it(
    client: Client, store: Store, sandbox: Starlette
) -> None:
    invoice = _first(store, "invoice", status="open")
    checkout = await call_ok(client, "create_checkout", {"invoice": invoice["id"]})
    assert checkout["invoice"] == invoice["id"] and checkout["total"] == invoice["amount"]

    await sandbox_api(
        sandbox, "POST", f"/checkouts/{checkout['id']}/complete", {"email": "payer@example.com"}
    )
    assert invoice["status"] == "paid" and invoice["order"] is not None


async def test_a_void_invoice_cannot_get_a_checkout(client: Client, store: Store) -> None:
    invoice = _first(store, "invoice", status="void")
    result = await client.call_tool("create_checkout", {"invoice": invoice["id"]})
    assert result.is_error and "invoice_not_payable" in text_of(result)
    assert not store.all("checkout")


# ----- checkout links -----------------------------------------------------------------


async def test_a_checkout_link_is_created_found_renamed_and_deleted(
    client: Client, store: Store
) -> None:
    variant = _one_time_variant(store)
    link = await call_ok(
        client,
        "create_checkout_link",
        {
            "name": "Newsletter offer",
            "price_variants": [variant["id"]],
            "success_url": "https://example.com/thanks",
            "metadata": {"campaign": "autumn"},
        },
    )
    stored = store.get("checkout_link", link["id"])
    assert stored is not None and stored["price_variants"] == [variant["id"]]

    listed = await call_ok(client, "list_checkout_links", {"limit": 100})
    assert link["id"] in {row["id"] for row in listed["data"]}

    found = await client.call_tool(
        "get_checkout_link", {"checkout_link_id": link["id"], "expand": ["price_variants"]}
    )
    assert variant["name"] in text_of(found) and stored["url"] in text_of(found)

    await call_ok(
        client, "update_checkout_link", {"checkout_link_id": link["id"], "name": "Winter offer"}
    )
    assert stored["name"] == "Winter offer"

    deleted = await call_ok(client, "delete_checkout_link", {"checkout_link_id": link["id"]})
    assert deleted["deleted"] is True and store.get("checkout_link", link["id"]) is None


# ----- discounts -------------------------------------------------------------------------


async def test_percent_and_fixed_discounts_are_created_and_listed_by_status(
    client: Client, store: Store
) -> None:
    percent = await call_ok(
        client, "create_discount", {"code": "AUTUMN15", "percent_off": 15, "max_redemptions": 50}
    )
    fixed = await call_ok(
        client,
        "create_discount",
        {"code": "TENOFF", "amount_off": 1000, "currency": "USD", "duration": "once"},
    )
    stored_fixed = store.get("discount", fixed["id"])
    assert stored_fixed is not None
    assert (stored_fixed["amount_off"], stored_fixed["currency"]) == (1000, "usd")
    stored_percent = store.get("discount", percent["id"])
    assert stored_percent is not None and stored_percent["percent_off"] == 15

    result = await client.call_tool("get_discount", {"discount_id": percent["id"]})
    assert "AUTUMN15" in text_of(result) and "15% off" in text_of(result)

    scheduled = await call_ok(client, "list_discounts", {"status": "scheduled", "limit": 100})
    expected = {d["id"] for d in store.all("discount") if d["status"] == "scheduled"}
    assert {d["id"] for d in scheduled["data"]} == expected


async def test_a_fixed_discount_without_a_currency_is_refused(client: Client) -> None:
    result = await client.call_tool("create_discount", {"code": "NOCUR", "amount_off": 500})
    assert result.is_error and "currency" in text_of(result)


async def test_an_unused_discount_is_changed_and_deleted_but_a_used_one_is_kept(
    client: Client, store: Store
) -> None:
    fresh = await call_ok(client, "create_discount", {"code": "SHORTLIVED", "percent_off": 5})
    await call_ok(client, "update_discount", {"discount_id": fresh["id"], "percent_off": 8})
    stored = store.get("discount", fresh["id"])
    assert stored is not None and stored["percent_off"] == 8

    await call_ok(client, "delete_discount", {"discount_id": fresh["id"]})
    assert store.get("discount", fresh["id"]) is None

    used = next(d for d in store.all("discount") if d["times_redeemed"] > 0)
    result = await client.call_tool("delete_discount", {"discount_id": used["id"]})
    assert result.is_error and "discount_in_use" in text_of(result)
    assert store.get("discount", used["id"]) is not None
