"""Subscriptions, invoices, checkouts and checkout links."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from crevio_mcp.sandbox import Store
from crevio_mcp.sandbox.seed import (
    DEMO_CUSTOMER_EMAIL,
    DEMO_CUSTOMER_ID,
    DEMO_DISCOUNT_CODE,
    DEMO_DISCOUNT_ID,
    DEMO_OPEN_INVOICE_ID,
    DEMO_PAID_INVOICE_ID,
    DEMO_PAUSED_SUBSCRIPTION_ID,
    DEMO_PRODUCT_ID,
    DEMO_SUBSCRIPTION_ID,
    DEMO_VOID_INVOICE_ID,
)

from .conftest import collect, error_of

pytestmark = pytest.mark.anyio


def variants_of(store: Store, product: str = DEMO_PRODUCT_ID) -> dict[str, dict[str, Any]]:
    return {v["name"]: v for v in store.all("price_variant") if v["product"] == product}


def a_subscription_variant(store: Store) -> dict[str, Any]:
    return next(
        v
        for v in store.all("price_variant")
        if v["billing_type"] == "subscription" and v["currency"] == "usd"
    )


# ----- subscriptions -------------------------------------------------------------


async def test_subscriptions_filter_by_status_and_customer(client: httpx.AsyncClient) -> None:
    past_due = await collect(client, "/subscriptions", status="past_due")
    assert past_due and {s["status"] for s in past_due} == {"past_due"}
    mine = await collect(client, "/subscriptions", customer=DEMO_CUSTOMER_ID)
    assert {s["id"] for s in mine} == {DEMO_SUBSCRIPTION_ID, DEMO_PAUSED_SUBSCRIPTION_ID}
    expanded = (
        await client.get(
            f"/subscriptions/{DEMO_SUBSCRIPTION_ID}", params={"expand": "customer,price_variant"}
        )
    ).json()
    assert expanded["customer"]["email"] == DEMO_CUSTOMER_EMAIL
    assert expanded["price_variant"]["billing_type"] == "subscription"


async def test_pause_then_resume_then_cancel_walks_the_state_machine(
    client: httpx.AsyncClient, store: Store
) -> None:
    path = f"/subscriptions/{DEMO_SUBSCRIPTION_ID}"
    paused = (await client.post(f"{path}/pause")).json()
    assert (paused["status"], paused["paused"]) == ("paused", True)
    resumed = (await client.post(f"{path}/resume")).json()
    assert (resumed["status"], resumed["paused"]) == ("active", False)
    canceled = (await client.post(f"{path}/cancel")).json()
    assert (canceled["status"], canceled["canceled"]) == ("canceled", True)
    assert canceled["canceled_at"] is not None and canceled["ends_at"] is not None
    assert [e["type"] for e in store.events] == [
        "subscription.paused",
        "subscription.resumed",
        "subscription.canceled",
    ]
    assert (await client.get(path)).json()["status"] == "canceled"


@pytest.mark.parametrize(
    ("subscription", "action"),
    [
        (DEMO_SUBSCRIPTION_ID, "resume"),
        (DEMO_PAUSED_SUBSCRIPTION_ID, "pause"),
    ],
)
async def test_a_wrong_transition_is_400_invalid_state_transition(
    client: httpx.AsyncClient, store: Store, subscription: str, action: str
) -> None:
    before = dict(store.get("subscription", subscription) or {})
    response = await client.post(f"/subscriptions/{subscription}/{action}")
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_state_transition"
    assert store.get("subscription", subscription) == before
    assert store.events == []


async def test_a_canceled_subscription_cannot_be_paused_resumed_or_canceled(
    client: httpx.AsyncClient, store: Store
) -> None:
    canceled = next(s for s in store.all("subscription") if s["status"] == "canceled")
    for action in ("pause", "resume", "cancel"):
        response = await client.post(f"/subscriptions/{canceled['id']}/{action}")
        assert response.status_code == 400
        assert error_of(response)["code"] == "invalid_state_transition"


async def test_an_action_rejects_parameters_it_does_not_take(client: httpx.AsyncClient) -> None:
    response = await client.post(
        f"/subscriptions/{DEMO_SUBSCRIPTION_ID}/cancel", json={"at_period_end": True}
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "parameter_unknown"


# ----- invoices ----------------------------------------------------------------


async def test_invoices_filter_and_expand(client: httpx.AsyncClient) -> None:
    for status in ("open", "paid", "past_due", "void"):
        found = await collect(client, "/invoices", status=status)
        assert found and {i["status"] for i in found} == {status}
    paid = (
        await client.get(
            f"/invoices/{DEMO_PAID_INVOICE_ID}", params={"expand": "customer,price_variant,order"}
        )
    ).json()
    assert paid["order"]["object"] == "order"
    assert paid["customer"]["id"] == DEMO_CUSTOMER_ID
    assert paid["number"].startswith("INV-")


async def test_creating_an_invoice_for_a_customer_numbers_it_and_takes_the_variant_price(
    client: httpx.AsyncClient, store: Store
) -> None:
    variant = variants_of(store)["Standard"]
    response = await client.post(
        "/invoices",
        json={
            "price_variant": variant["id"],
            "customer": DEMO_CUSTOMER_ID,
            "due_at": "2099-01-01T00:00:00Z",
            "description": "Coffee workshop for the team",
        },
    )
    assert response.status_code == 201, response.text
    invoice = response.json()
    assert (invoice["status"], invoice["amount"], invoice["currency"]) == (
        "open",
        variant["amount"],
        variant["currency"],
    )
    assert invoice["number"] == f"INV-{len(store.all('invoice')):04d}"
    assert invoice["email_address"] == DEMO_CUSTOMER_EMAIL
    assert store.events[-1]["type"] == "invoice.created"


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({}, "price_variant"),
        ({"customer_name": "No Email"}, "email_address"),
        ({"customer": DEMO_CUSTOMER_ID, "email_address": "x@example.com"}, "customer"),
        ({"customer": DEMO_CUSTOMER_ID, "due_at": "2020-01-01T00:00:00Z"}, "due_at"),
        ({"customer": DEMO_CUSTOMER_ID, "description": "x" * 501}, "description"),
        ({"customer_name": "Guest", "email_address": "g@example.com",
          "collection_method": "charge_automatically"}, "collection_method"),
    ],
)  # fmt: skip
async def test_a_malformed_invoice_is_422_naming_the_field(
    client: httpx.AsyncClient, store: Store, body: dict[str, Any], param: str
) -> None:
    if param != "price_variant":
        body = {"price_variant": variants_of(store)["Standard"]["id"], **body}
    response = await client.post("/invoices", json=body)
    assert response.status_code == 422
    assert param in {e["param"] for e in error_of(response)["errors"]}


async def test_voiding_an_invoice_once_works_and_twice_is_refused(
    client: httpx.AsyncClient, store: Store
) -> None:
    voided = await client.post(f"/invoices/{DEMO_OPEN_INVOICE_ID}/void")
    assert voided.status_code == 200
    assert voided.json()["status"] == "void"
    assert store.events[-1]["type"] == "invoice.voided"
    again = await client.post(f"/invoices/{DEMO_OPEN_INVOICE_ID}/void")
    assert again.status_code == 400
    assert error_of(again)["code"] == "invoice_already_void"


async def test_a_paid_invoice_can_still_be_voided(client: httpx.AsyncClient) -> None:
    response = await client.post(f"/invoices/{DEMO_PAID_INVOICE_ID}/void")
    assert response.status_code == 200


# ----- checkouts ---------------------------------------------------------------


async def test_a_checkout_for_items_totals_them_and_applies_a_discount_code(
    client: httpx.AsyncClient, store: Store
) -> None:
    standard = variants_of(store)["Standard"]
    response = await client.post(
        "/checkouts",
        json={
            "line_items": [{"price_variant": standard["id"], "quantity": 2}],
            "customer": DEMO_CUSTOMER_ID,
            "discount": DEMO_DISCOUNT_CODE.lower(),
        },
    )
    assert response.status_code == 201, response.text
    checkout = response.json()
    subtotal = standard["amount"] * 2
    assert (checkout["status"], checkout["mode"], checkout["subtotal"]) == (
        "open",
        "payment",
        subtotal,
    )
    assert checkout["total"] == subtotal - round(subtotal * 0.10)
    assert checkout["discount"] == DEMO_DISCOUNT_ID
    assert checkout["customer"] == DEMO_CUSTOMER_ID
    assert store.events[-1]["type"] == "checkout.created"
    fetched = (
        await client.get(f"/checkouts/{checkout['id']}", params={"expand": "customer"})
    ).json()
    assert fetched["customer"]["id"] == DEMO_CUSTOMER_ID


async def test_mixing_subscription_and_one_time_items_is_422(
    client: httpx.AsyncClient, store: Store
) -> None:
    standard = variants_of(store)["Standard"]
    monthly = a_subscription_variant(store)
    response = await client.post(
        "/checkouts",
        json={"line_items": [{"price_variant": standard["id"]}, {"price_variant": monthly["id"]}]},
    )
    assert response.status_code == 422
    assert error_of(response)["param"] == "line_items"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "validation_failed"),
        ({"line_items": []}, 422, "validation_failed"),
        ({"line_items": [{"price_variant": "price_nope"}]}, 400, "resource_missing"),
        ({"line_items": [{"price_variant": "x", "qty": 1}]}, 400, "parameter_unknown"),
        ({"invoice": DEMO_VOID_INVOICE_ID}, 400, "invoice_not_payable"),
        ({"invoice": DEMO_PAID_INVOICE_ID}, 400, "invoice_not_payable"),
        ({"invoice": "inv_nope"}, 400, "resource_missing"),
    ],
)
async def test_bad_checkouts_are_refused(
    client: httpx.AsyncClient, body: dict[str, Any], status: int, code: str
) -> None:
    response = await client.post("/checkouts", json=body)
    assert response.status_code == status
    assert error_of(response)["code"] == code


async def test_completing_an_invoice_checkout_pays_the_invoice_and_makes_an_order(
    client: httpx.AsyncClient, store: Store
) -> None:
    invoice = store.get("invoice", DEMO_OPEN_INVOICE_ID)
    assert invoice is not None
    checkout = (await client.post("/checkouts", json={"invoice": DEMO_OPEN_INVOICE_ID})).json()
    assert checkout["total"] == invoice["amount"]
    done = await client.post(f"/checkouts/{checkout['id']}/complete")
    assert done.status_code == 200, done.text
    completed = done.json()
    assert completed["status"] == "complete"
    order = (await client.get(f"/orders/{completed['order']}")).json()
    assert (order["status"], order["amount"], order["checkout"]) == (
        "succeeded",
        invoice["amount"],
        checkout["id"],
    )
    paid = (await client.get(f"/invoices/{DEMO_OPEN_INVOICE_ID}")).json()
    assert (paid["status"], paid["order"]) == ("paid", order["id"])
    assert paid["paid_at"] is not None
    types = [e["type"] for e in store.events]
    assert types[-3:] == ["order.created", "invoice.paid", "checkout.completed"]


async def test_a_completed_checkout_can_no_longer_change(
    client: httpx.AsyncClient, store: Store
) -> None:
    standard = variants_of(store)["Standard"]
    checkout = (
        await client.post(
            "/checkouts",
            json={"line_items": [{"price_variant": standard["id"]}], "customer": DEMO_CUSTOMER_ID},
        )
    ).json()
    assert (await client.post(f"/checkouts/{checkout['id']}/complete")).status_code == 200
    patch = await client.patch(f"/checkouts/{checkout['id']}", json={"customer": None})
    assert patch.status_code == 400
    assert error_of(patch)["code"] == "checkout_not_open"
    again = await client.post(f"/checkouts/{checkout['id']}/complete")
    assert error_of(again)["code"] == "checkout_not_open"


async def test_completing_a_subscription_checkout_starts_a_subscription_for_a_new_buyer(
    client: httpx.AsyncClient, store: Store
) -> None:
    monthly = a_subscription_variant(store)
    checkout = (
        await client.post("/checkouts", json={"line_items": [{"price_variant": monthly["id"]}]})
    ).json()
    assert checkout["mode"] == "subscription"
    missing = await client.post(f"/checkouts/{checkout['id']}/complete")
    assert missing.status_code == 422
    assert error_of(missing)["param"] == "customer"
    done = await client.post(
        f"/checkouts/{checkout['id']}/complete",
        json={"email": "new.buyer@example.com", "name": "New Buyer"},
    )
    assert done.status_code == 200
    buyer = (await collect(client, "/customers", email="new.buyer@example.com"))[0]
    assert buyer["customer_type"] == "paid"
    subs = await collect(client, "/subscriptions", customer=buyer["id"])
    assert [s["price_variant"] for s in subs] == [monthly["id"]]


async def test_patching_an_open_checkout_reprices_it(
    client: httpx.AsyncClient, store: Store
) -> None:
    demo = variants_of(store)
    checkout = (
        await client.post(
            "/checkouts", json={"line_items": [{"price_variant": demo["Standard"]["id"]}]}
        )
    ).json()
    patched = await client.patch(
        f"/checkouts/{checkout['id']}",
        json={"line_items": [{"price_variant": demo["Premium"]["id"], "quantity": 3}]},
    )
    assert patched.status_code == 200
    assert patched.json()["total"] == demo["Premium"]["amount"] * 3


async def test_there_is_no_checkout_list(client: httpx.AsyncClient) -> None:
    assert (await client.get("/checkouts")).status_code == 404


# ----- checkout links ------------------------------------------------------------


async def test_checkout_links_have_full_crud_and_expand(
    client: httpx.AsyncClient, store: Store
) -> None:
    standard = variants_of(store)["Standard"]
    created = await client.post(
        "/checkout_links",
        json={
            "name": "Spring promo",
            "price_variants": [standard["id"]],
            "discount": DEMO_DISCOUNT_ID,
            "success_url": "https://example.com/thanks",
            "metadata": {"campaign": "spring"},
        },
    )
    assert created.status_code == 201, created.text
    link = created.json()
    assert link["url"].endswith(link["id"])
    assert link["allow_discount_codes"] is True
    expanded = (
        await client.get(
            f"/checkout_links/{link['id']}", params={"expand": "discount,price_variants"}
        )
    ).json()
    assert expanded["discount"]["code"] == DEMO_DISCOUNT_CODE
    assert expanded["price_variants"][0]["id"] == standard["id"]
    patched = await client.patch(f"/checkout_links/{link['id']}", json={"name": "Summer promo"})
    assert patched.json()["name"] == "Summer promo"
    listed = await collect(client, "/checkout_links")
    assert link["id"] in {item["id"] for item in listed}
    deleted = await client.delete(f"/checkout_links/{link['id']}")
    assert deleted.json() == {"id": link["id"], "object": "checkout_link", "deleted": True}
    assert (await client.get(f"/checkout_links/{link['id']}")).status_code == 404


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"price_variants": []}, 422),
        ({}, 422),
        ({"price_variants": ["price_nope"]}, 400),
        ({"price_variants": ["PV"], "success_url": "not a url"}, 422),
    ],
)
async def test_a_checkout_link_needs_real_price_variants(
    client: httpx.AsyncClient, store: Store, body: dict[str, Any], status: int
) -> None:
    if body.get("price_variants") == ["PV"]:
        body["price_variants"] = [variants_of(store)["Standard"]["id"]]
    response = await client.post("/checkout_links", json=body)
    assert response.status_code == status
