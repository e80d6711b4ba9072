"""The seeded data: deterministic, consistent, and holding the well-known values."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from crevio_mcp.sandbox import (
    DEMO_CUSTOMER_EMAIL,
    DEMO_CUSTOMER_ID,
    DEMO_PRODUCT_ID,
    DEMO_PRODUCT_SLUG,
    Store,
    create_app,
)
from crevio_mcp.sandbox.ids import ID_PREFIXES


def snapshot(store: Store) -> dict[str, list[dict[str, object]]]:
    return {kind: store.all(kind) for kind in ID_PREFIXES}


def test_the_same_seed_gives_the_same_data() -> None:
    assert snapshot(create_app().state.store) == snapshot(create_app().state.store)


def test_another_seed_gives_other_ids_but_the_same_well_known_ones() -> None:
    first: Store = create_app(seed=0).state.store
    second: Store = create_app(seed=1).state.store
    assert {o["id"] for o in first.all("order")} != {o["id"] for o in second.all("order")}
    for store in (first, second):
        assert store.get("customer", DEMO_CUSTOMER_ID) is not None
        product = store.get("product", DEMO_PRODUCT_ID)
        assert product is not None and product["slug"] == DEMO_PRODUCT_SLUG


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_seeded_data_is_internally_consistent(seed: int) -> None:
    store: Store = create_app(seed=seed).state.store
    assert len(store.all("product")) >= 30
    assert len(store.all("customer")) == 60
    assert len(store.all("order")) == 150
    statuses = Counter(p["status"] for p in store.all("product"))
    assert statuses["draft"] >= 2 and statuses["archived"] >= 2
    emails = [c["email"].casefold() for c in store.all("customer")]
    assert len(emails) == len(set(emails))
    refunds = Counter[str]()
    for refund in store.all("refund"):
        refunds[refund["order"]] += refund["amount"]
    for order in store.all("order"):
        items = [store.get("order_item", i) for i in order["line_items"]]
        assert 1 <= len(items) <= 3
        assert sum(i["amount"] * i["quantity"] for i in items if i) == order["amount"]
        assert refunds[order["id"]] == order["amount_refunded"]
        expected = (
            "refunded"
            if order["amount_refunded"] and order["amount_refunded"] == order["amount"]
            else "partially_refunded"
            if order["amount_refunded"]
            else order["status"]
        )
        assert order["status"] == expected
    assert Counter(o["status"] for o in store.all("order")).keys() == {
        "succeeded",
        "pending",
        "failed",
        "refunded",
        "partially_refunded",
    }


def test_every_seeded_id_has_its_prefix_and_14_characters() -> None:
    store: Store = create_app().state.store
    for kind, prefix in ID_PREFIXES.items():
        for record in store.all(kind):
            assert re.fullmatch(re.escape(prefix) + "[a-z0-9]{14}", record["id"])
            assert record["object"] == kind


def test_seeded_times_precede_the_reference_date() -> None:
    store: Store = create_app().state.store
    for kind in ID_PREFIXES:
        for record in store.all(kind):
            if "created_at" in record:
                assert record["created_at"] < "2026-11-30T12:00:00Z"


def test_the_demo_customer_has_several_orders() -> None:
    store: Store = create_app().state.store
    customer = store.get("customer", DEMO_CUSTOMER_ID)
    assert customer is not None and customer["email"] == DEMO_CUSTOMER_EMAIL
    orders = [o for o in store.all("order") if o["customer"] == DEMO_CUSTOMER_ID]
    assert len(orders) >= 4


def test_billing_and_content_are_seeded_with_every_state_the_tools_meet() -> None:
    store: Store = create_app().state.store
    subscriptions = Counter(s["status"] for s in store.all("subscription"))
    assert sum(subscriptions.values()) == 25
    assert {"active", "paused", "past_due", "unpaid", "canceled"} <= set(subscriptions)
    invoices = Counter(i["status"] for i in store.all("invoice"))
    assert sum(invoices.values()) == 20
    assert set(invoices) == {"open", "paid", "past_due", "void"}
    for invoice in store.all("invoice"):
        if invoice["status"] == "paid":
            order = store.get("order", invoice["order"])
            assert order is not None and order["amount"] == invoice["amount"]
    assert len(store.all("review")) >= 10
    assert store.events == [] and store.outbox == []
