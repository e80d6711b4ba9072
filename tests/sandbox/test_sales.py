"""Orders, order items, customers and refunds."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from crevio_mcp.sandbox import (
    DEMO_CUSTOMER_EMAIL,
    DEMO_CUSTOMER_ID,
    DEMO_ORDER_ID,
    DEMO_PARTIALLY_REFUNDED_ORDER_ID,
    DEMO_PENDING_ORDER_ID,
    DEMO_REFUNDED_ORDER_ID,
    Store,
)

from .conftest import collect, error_of

pytestmark = pytest.mark.anyio


# ----- orders ------------------------------------------------------------------


async def test_orders_filter_by_customer_status_and_processor(
    client: httpx.AsyncClient,
) -> None:
    mine = await collect(client, "/orders", customer=DEMO_CUSTOMER_ID)
    assert len(mine) == 5
    assert {o["customer"] for o in mine} == {DEMO_CUSTOMER_ID}
    refunded = await collect(client, "/orders", status="refunded")
    assert refunded and all(o["amount_refunded"] == o["amount"] for o in refunded)
    free = await collect(client, "/orders", processor="free")
    assert all(o["amount"] == 0 for o in free)


async def test_an_order_can_be_retrieved_with_expansions(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(
        f"/orders/{DEMO_ORDER_ID}", params={"expand": "customer,line_items"}
    )
    assert response.status_code == 200
    order = response.json()
    assert order["customer"]["email"] == DEMO_CUSTOMER_EMAIL
    assert sum(i["amount"] * i["quantity"] for i in order["line_items"]) == order["amount"]


async def test_an_order_item_names_its_order_product_and_variant(
    client: httpx.AsyncClient,
) -> None:
    order = (await client.get(f"/orders/{DEMO_ORDER_ID}")).json()
    item = (await client.get(f"/order_items/{order['line_items'][0]}")).json()
    assert item["object"] == "order_item"
    assert item["order"] == DEMO_ORDER_ID
    assert item["product"].startswith("prod_")
    assert item["price_variant"].startswith("price_")
    assert "Café Crème Masterclass" in item["description"]


async def test_there_is_no_order_item_list(client: httpx.AsyncClient) -> None:
    response = await client.get("/order_items")
    assert response.status_code == 404
    assert error_of(response)["code"] == "route_not_found"


# ----- customers ---------------------------------------------------------------


async def test_customers_are_found_by_email_case_insensitively(
    client: httpx.AsyncClient,
) -> None:
    found = await collect(client, "/customers", email=DEMO_CUSTOMER_EMAIL.upper())
    assert [c["id"] for c in found] == [DEMO_CUSTOMER_ID]
    assert found[0]["orders_count"] == 4  # the pending order is not a purchase


async def test_the_customer_query_matches_names_and_emails(
    client: httpx.AsyncClient,
) -> None:
    by_name = await collect(client, "/customers", query="garcía")
    by_mail = await collect(client, "/customers", query="GARCIA@EXAMPLE")
    assert DEMO_CUSTOMER_ID in {c["id"] for c in by_name}
    assert DEMO_CUSTOMER_ID in {c["id"] for c in by_mail}


async def test_customers_filter_by_type(client: httpx.AsyncClient) -> None:
    leads = await collect(client, "/customers", customer_type="lead")
    assert leads and all(c["orders_count"] == 0 for c in leads)


async def test_creating_a_customer_with_a_taken_email_is_422_taken(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/customers", json={"email": "Maria.Garcia@Example.com"})
    assert response.status_code == 422
    error = error_of(response)
    assert error["param"] == "email"
    assert error["errors"][0]["code"] == "taken"


@pytest.mark.parametrize(
    ("body", "code"),
    [({}, "required"), ({"email": "not-an-email"}, "invalid"), ({"email": 5}, "invalid")],
)
async def test_a_customer_needs_a_valid_email(
    client: httpx.AsyncClient, body: dict[str, Any], code: str
) -> None:
    response = await client.post("/customers", json=body)
    assert response.status_code == 422
    assert error_of(response)["errors"] == [
        {"param": "email", "code": code, "message": error_of(response)["errors"][0]["message"]}
    ]


async def test_a_new_customer_is_a_lead_and_can_be_updated(
    client: httpx.AsyncClient, store: Store
) -> None:
    created = await client.post(
        "/customers",
        json={"email": "new@example.com", "first_name": "Noé", "last_name": "Ölund"},
    )
    assert created.status_code == 201
    customer = created.json()
    assert (customer["customer_type"], customer["name"]) == ("lead", "Noé Ölund")
    patched = await client.patch(
        f"/customers/{customer['id']}", json={"phone_number": "+44 20 7946 0000"}
    )
    assert patched.json()["phone_number"] == "+44 20 7946 0000"
    assert [e["type"] for e in store.events] == ["customer.created", "customer.updated"]


async def test_an_update_cannot_take_another_customers_email(
    client: httpx.AsyncClient,
) -> None:
    other = (await client.post("/customers", json={"email": "o@example.com"})).json()
    response = await client.patch(f"/customers/{other['id']}", json={"email": DEMO_CUSTOMER_EMAIL})
    assert response.status_code == 422
    assert error_of(response)["errors"][0]["code"] == "taken"


# ----- refunds -----------------------------------------------------------------


async def test_a_full_refund_by_default_marks_the_order_refunded(
    client: httpx.AsyncClient, store: Store
) -> None:
    order = (await client.get(f"/orders/{DEMO_ORDER_ID}")).json()
    response = await client.post(
        "/refunds", json={"order": DEMO_ORDER_ID, "reason": "requested_by_customer"}
    )
    assert response.status_code == 201
    refund = response.json()
    assert (refund["object"], refund["status"], refund["amount"]) == (
        "refund",
        "succeeded",
        order["amount"],
    )
    assert refund["id"].startswith("re_")
    after = (await client.get(f"/orders/{DEMO_ORDER_ID}")).json()
    assert (after["status"], after["amount_refunded"]) == ("refunded", order["amount"])
    assert store.events[-1]["type"] == "refund.created"
    listed = await collect(client, "/refunds", order=DEMO_ORDER_ID)
    assert [r["id"] for r in listed] == [refund["id"]]


async def test_partial_refunds_add_up_until_the_order_is_refunded(
    client: httpx.AsyncClient,
) -> None:
    order = (await client.get(f"/orders/{DEMO_ORDER_ID}")).json()
    first = await client.post("/refunds", json={"order": DEMO_ORDER_ID, "amount": 100})
    assert first.status_code == 201
    middle = (await client.get(f"/orders/{DEMO_ORDER_ID}")).json()
    assert (middle["status"], middle["amount_refunded"]) == ("partially_refunded", 100)
    rest = await client.post("/refunds", json={"order": DEMO_ORDER_ID})
    assert rest.json()["amount"] == order["amount"] - 100
    final = (await client.get(f"/orders/{DEMO_ORDER_ID}")).json()
    assert final["status"] == "refunded"


async def test_refunding_more_than_is_left_is_amount_too_large(
    client: httpx.AsyncClient, store: Store
) -> None:
    order = store.get("order", DEMO_PARTIALLY_REFUNDED_ORDER_ID)
    assert order is not None
    left = order["amount"] - order["amount_refunded"]
    response = await client.post(
        "/refunds",
        json={"order": DEMO_PARTIALLY_REFUNDED_ORDER_ID, "amount": left + 1},
    )
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["param"]) == ("amount_too_large", "amount")
    assert order["amount_refunded"] == order["amount"] - left  # nothing changed


async def test_refunding_a_refunded_order_is_charge_already_refunded(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/refunds", json={"order": DEMO_REFUNDED_ORDER_ID})
    assert response.status_code == 400
    assert error_of(response)["code"] == "charge_already_refunded"


async def test_refunding_a_pending_or_failed_order_is_order_not_refundable(
    client: httpx.AsyncClient, store: Store
) -> None:
    failed = next(o for o in store.all("order") if o["status"] == "failed")
    for order_id in (DEMO_PENDING_ORDER_ID, failed["id"]):
        response = await client.post("/refunds", json={"order": order_id})
        assert response.status_code == 400
        assert error_of(response)["code"] == "order_not_refundable"


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({}, "order"),
        ({"order": DEMO_ORDER_ID, "amount": 0}, "amount"),
        ({"order": DEMO_ORDER_ID, "amount": "10"}, "amount"),
        ({"order": DEMO_ORDER_ID, "reason": "changed_mind"}, "reason"),
    ],
)
async def test_a_malformed_refund_is_422(
    client: httpx.AsyncClient, body: dict[str, Any], param: str
) -> None:
    response = await client.post("/refunds", json=body)
    assert response.status_code == 422
    assert error_of(response)["param"] == param


async def test_a_refund_for_an_unknown_order_names_the_order_field(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/refunds", json={"order": "ord_missing"})
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["param"]) == ("resource_missing", "order")
