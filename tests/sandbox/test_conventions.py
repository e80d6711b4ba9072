"""Cross-cutting API conventions: auth, envelope, request IDs, bodies, idempotency."""

from __future__ import annotations

import re

import httpx
import pytest

from crevio_mcp.sandbox import SANDBOX_TOKEN, Store

from .conftest import error_of

pytestmark = pytest.mark.anyio


async def test_a_request_without_a_token_gets_401_authentication_required(
    anonymous: httpx.AsyncClient,
) -> None:
    response = await anonymous.get("/products")
    assert response.status_code == 401
    error = error_of(response)
    assert (error["type"], error["code"]) == (
        "invalid_request_error",
        "authentication_required",
    )


@pytest.mark.parametrize("header", ["Bearer sk_wrong_token", "Basic " + SANDBOX_TOKEN, "Bearer"])
async def test_a_wrong_token_gets_401_invalid_api_key_and_is_not_echoed(
    anonymous: httpx.AsyncClient, header: str
) -> None:
    response = await anonymous.get("/account", headers={"Authorization": header})
    assert response.status_code == 401
    assert error_of(response)["code"] == "invalid_api_key"
    assert "sk_wrong_token" not in response.text


async def test_every_response_carries_a_request_id_that_the_log_records(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, store: Store
) -> None:
    responses = [
        await client.get("/account"),
        await client.get("/orders/ord_nope"),
        await anonymous.get("/account"),
    ]
    ids = [r.headers["Request-Id"] for r in responses]
    assert all(re.fullmatch(r"req_[0-9a-f]+", i) for i in ids)
    assert len(set(ids)) == 3
    assert [r.request_id for r in store.requests] == ids
    assert [r.status for r in store.requests] == [200, 404, 401]


async def test_the_request_log_keeps_method_path_query_body_and_key(
    client: httpx.AsyncClient, store: Store
) -> None:
    await client.get("/products", params={"status": "active", "limit": "2"})
    await client.post(
        "/customers", json={"email": "log@example.com"}, headers={"Idempotency-Key": "k1"}
    )
    listed, created = store.requests
    assert (listed.method, listed.path, listed.query) == (
        "GET",
        "/v1/products",
        {"status": "active", "limit": "2"},
    )
    assert listed.body is None and listed.idempotency_key is None
    assert (created.method, created.body, created.status) == (
        "POST",
        {"email": "log@example.com"},
        201,
    )
    assert created.idempotency_key == "k1"


async def test_the_account_describes_the_store(client: httpx.AsyncClient) -> None:
    response = await client.get("/account")
    assert response.status_code == 200
    account = response.json()
    assert account["object"] == "account"
    assert account["id"].startswith("acct_")
    assert account["default_currency"] == "usd"
    assert account["created_at"].endswith("Z")


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/nothing_here"), ("DELETE", "/orders/ord_x"), ("GET", "/../account")],
)
async def test_an_unknown_route_is_404_route_not_found(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await client.request(method, path)
    assert response.status_code == 404
    assert error_of(response)["code"] == "route_not_found"


async def test_a_path_outside_v1_is_404_route_not_found(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("http://sandbox/products")
    assert response.status_code == 404
    assert error_of(response)["code"] == "route_not_found"


async def test_an_unknown_id_is_404_resource_missing_naming_the_id(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/orders/ord_doesnotexist01")
    assert response.status_code == 404
    error = error_of(response)
    assert (error["type"], error["code"], error["param"]) == (
        "invalid_request_error",
        "resource_missing",
        "id",
    )
    assert "ord_doesnotexist01" in error["message"]
    assert error["errors"] == []


async def test_an_unknown_query_parameter_is_400_parameter_unknown(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/orders", params={"colour": "red"})
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["param"]) == ("parameter_unknown", "colour")


async def test_an_unknown_body_field_is_400_parameter_unknown(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/customers", json={"email": "a@example.com", "nickname": "Al"})
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["param"]) == ("parameter_unknown", "nickname")


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'"text"'])
async def test_a_body_that_is_not_a_json_object_is_400_invalid_json(
    client: httpx.AsyncClient, content: bytes
) -> None:
    response = await client.post(
        "/customers", content=content, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_json"


async def test_a_repeated_idempotency_key_replays_without_writing_again(
    client: httpx.AsyncClient, store: Store
) -> None:
    headers = {"Idempotency-Key": "create-once"}
    body = {"email": "once@example.com", "name": "Once"}
    first = await client.post("/customers", json=body, headers=headers)
    events_after_first = len(store.events)
    second = await client.post("/customers", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    matching = [c for c in store.all("customer") if c["email"] == "once@example.com"]
    assert len(matching) == 1
    assert len(store.events) == events_after_first


async def test_an_idempotency_key_reused_with_another_body_is_409(
    client: httpx.AsyncClient,
) -> None:
    headers = {"Idempotency-Key": "k-reused"}
    await client.post("/customers", json={"email": "x1@example.com"}, headers=headers)
    response = await client.post("/customers", json={"email": "x2@example.com"}, headers=headers)
    assert response.status_code == 409
    error = error_of(response)
    assert (error["type"], error["code"]) == (
        "invalid_request_error",
        "idempotency_key_reused",
    )


async def test_a_rejected_request_does_not_burn_its_idempotency_key(
    client: httpx.AsyncClient,
) -> None:
    headers = {"Idempotency-Key": "fix-and-retry"}
    bad = await client.post("/customers", json={"email": "nope"}, headers=headers)
    good = await client.post("/customers", json={"email": "fixed@example.com"}, headers=headers)
    assert (bad.status_code, good.status_code) == (422, 201)


async def test_money_is_integer_minor_units_with_a_lowercase_currency(
    client: httpx.AsyncClient,
) -> None:
    orders = (await client.get("/orders", params={"limit": 100})).json()["data"]
    for order in orders:
        assert isinstance(order["amount"], int)
        assert order["currency"] in {"usd", "eur", "gbp"}
        assert order["created_at"].endswith("Z")


async def test_an_unexpected_failure_is_500_api_error_with_a_request_id(
    client: httpx.AsyncClient, store: Store
) -> None:
    # A record the list code cannot sort stands in for any bug in a handler.
    store.all("order")[0]["created_at"] = None
    response = await client.get("/orders")
    assert response.status_code == 500
    error = error_of(response)
    assert (error["type"], error["code"]) == ("api_error", "internal_error")
    assert response.headers["Request-Id"] == store.requests[-1].request_id


def test_the_store_answers_to_object_types_and_plural_names(store: Store) -> None:
    assert store.all("orders") == store.all("order")
    assert store.all("webhook_events") == store.all("event") == store.events
    with pytest.raises(KeyError):
        store.all("widgets")
