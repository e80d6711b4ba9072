"""Discount codes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from crevio_mcp.sandbox import Store
from crevio_mcp.sandbox.seed import (
    DEMO_DISCOUNT_CODE,
    DEMO_DISCOUNT_ID,
    UNUSED_DISCOUNT_ID,
)

from .conftest import collect, error_of

pytestmark = pytest.mark.anyio


async def test_discounts_filter_by_status(client: httpx.AsyncClient) -> None:
    for status in ("active", "expired", "scheduled"):
        found = await collect(client, "/discounts", status=status)
        assert found and {d["status"] for d in found} == {status}


async def test_a_percent_discount_can_be_created_read_updated_and_deleted(
    client: httpx.AsyncClient, store: Store
) -> None:
    created = await client.post(
        "/discounts",
        json={"code": "Spring-15", "percent_off": 15, "duration": "repeating",
              "duration_in_months": 2},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    discount = created.json()
    assert (discount["discount_type"], discount["status"], discount["times_redeemed"]) == (
        "percent_off",
        "active",
        0,
    )
    patched = await client.patch(f"/discounts/{discount['id']}", json={"max_redemptions": 10})
    assert patched.json()["max_redemptions"] == 10
    deleted = await client.delete(f"/discounts/{discount['id']}")
    assert deleted.json()["deleted"] is True
    assert [e["type"] for e in store.events] == [
        "discount.created",
        "discount.updated",
        "discount.deleted",
    ]


async def test_a_fixed_discount_needs_a_currency(client: httpx.AsyncClient) -> None:
    response = await client.post("/discounts", json={"code": "TENOFF", "amount_off": 1000})
    assert response.status_code == 422
    assert error_of(response)["param"] == "currency"


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"code": "BOTH", "percent_off": 10, "amount_off": 100, "currency": "usd"},
         "amount_off", "invalid"),
        ({"code": "NONE"}, "percent_off", "required"),
        ({"code": DEMO_DISCOUNT_CODE.lower(), "percent_off": 5}, "code", "taken"),
        ({"code": "BIG", "percent_off": 101}, "percent_off", "out_of_range"),
        ({"code": "ZERO", "percent_off": 0}, "percent_off", "out_of_range"),
        ({"code": "has space", "percent_off": 5}, "code", "invalid"),
        ({"code": "REP", "percent_off": 5, "duration": "repeating"},
         "duration_in_months", "required"),
    ],
)  # fmt: skip
async def test_discount_rules_are_enforced(
    client: httpx.AsyncClient, body: dict[str, Any], param: str, code: str
) -> None:
    response = await client.post("/discounts", json=body)
    assert response.status_code == 422
    errors = {e["param"]: e["code"] for e in error_of(response)["errors"]}
    assert errors[param] == code


async def test_a_redeemed_discount_cannot_be_deleted(client: httpx.AsyncClient) -> None:
    response = await client.delete(f"/discounts/{DEMO_DISCOUNT_ID}")
    assert response.status_code == 400
    assert error_of(response)["code"] == "discount_in_use"
    assert (await client.get(f"/discounts/{DEMO_DISCOUNT_ID}")).status_code == 200


async def test_an_unredeemed_discount_can_be_deleted(client: httpx.AsyncClient) -> None:
    response = await client.delete(f"/discounts/{UNUSED_DISCOUNT_ID}")
    assert response.status_code == 200


async def test_setting_redeem_by_in_the_past_expires_a_discount(
    client: httpx.AsyncClient,
) -> None:
    response = await client.patch(
        f"/discounts/{DEMO_DISCOUNT_ID}", json={"redeem_by": "2026-01-01T00:00:00Z"}
    )
    assert response.json()["status"] == "expired"
