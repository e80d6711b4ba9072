"""Webhook endpoints, webhook events and the x402 configuration."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from crevio_mcp.sandbox import Store
from crevio_mcp.sandbox.events import EVENT_TYPES, RECORDED_EVENT_TYPES
from crevio_mcp.sandbox.seed import DEMO_ORDER_ID, DEMO_PRODUCT_ID

from .conftest import collect, error_of

pytestmark = pytest.mark.anyio


async def test_a_webhook_secret_is_shown_only_when_the_endpoint_is_created(
    client: httpx.AsyncClient,
) -> None:
    created = await client.post(
        "/webhook_endpoints",
        json={"url": "https://example.com/hooks", "enabled_events": ["order.created"]},
    )
    assert created.status_code == 201
    endpoint = created.json()
    assert endpoint["secret"].startswith("whsec_")
    fetched = (await client.get(f"/webhook_endpoints/{endpoint['id']}")).json()
    assert "secret" not in fetched
    listed = await collect(client, "/webhook_endpoints")
    assert all("secret" not in e and "_secret" not in e for e in listed)
    patched = await client.patch(
        f"/webhook_endpoints/{endpoint['id']}", json={"enabled_events": ["*"]}
    )
    assert patched.json()["enabled_events"] == ["*"]
    assert "secret" not in patched.json()
    deleted = await client.delete(f"/webhook_endpoints/{endpoint['id']}")
    assert deleted.json()["deleted"] is True


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"url": "http://example.com/hooks", "enabled_events": ["order.created"]}, "url"),
        ({"url": "https://example.com/hooks", "enabled_events": ["order.exploded"]},
         "enabled_events"),
        ({"url": "https://example.com/hooks", "enabled_events": []}, "enabled_events"),
        ({"url": "https://example.com/hooks"}, "enabled_events"),
    ],
)  # fmt: skip
async def test_a_bad_webhook_endpoint_is_422(
    client: httpx.AsyncClient, body: dict[str, Any], param: str
) -> None:
    response = await client.post("/webhook_endpoints", json=body)
    assert response.status_code == 422
    assert error_of(response)["param"] == param


async def test_plain_http_is_allowed_for_localhost(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/webhook_endpoints",
        json={"url": "http://localhost:9000/hooks", "enabled_events": ["*"]},
    )
    assert response.status_code == 201


async def test_writes_are_listed_as_webhook_events_newest_first(
    client: httpx.AsyncClient, store: Store
) -> None:
    await client.patch(f"/products/{DEMO_PRODUCT_ID}", json={"button_cta": "Enrol"})
    await client.post("/refunds", json={"order": DEMO_ORDER_ID, "amount": 100})
    events = await collect(client, "/webhook_events")
    assert [e["type"] for e in events] == ["refund.created", "product.updated"]
    refund_event = events[0]
    assert refund_event["id"].startswith("whev_")
    assert (refund_event["object"], refund_event["api_version"]) == ("event", "v1")
    assert refund_event["data"]["object"]["order"] == DEMO_ORDER_ID
    fetched = (await client.get(f"/webhook_events/{refund_event['id']}")).json()
    assert fetched == refund_event
    only = await collect(client, "/webhook_events", type="product.updated")
    assert [e["type"] for e in only] == ["product.updated"]
    assert store.events[-1]["id"] == refund_event["id"]


async def test_an_event_keeps_the_object_as_it_was_when_written(
    client: httpx.AsyncClient, store: Store
) -> None:
    await client.patch(f"/products/{DEMO_PRODUCT_ID}", json={"button_cta": "First"})
    await client.patch(f"/products/{DEMO_PRODUCT_ID}", json={"button_cta": "Second"})
    assert [e["data"]["object"]["button_cta"] for e in store.events] == ["First", "Second"]


def test_every_recorded_event_type_can_be_subscribed_to() -> None:
    assert set(RECORDED_EVENT_TYPES) <= set(EVENT_TYPES)


async def test_x402_can_be_enabled_only_with_a_wallet(
    client: httpx.AsyncClient, store: Store
) -> None:
    initial = (await client.get("/x402_configuration")).json()
    assert (initial["object"], initial["x402_enabled"]) == ("x402_configuration", False)
    refused = await client.patch("/x402_configuration", json={"x402_enabled": True})
    assert refused.status_code == 422
    assert error_of(refused)["param"] == "x402_wallet_address"
    wallet = "0x" + "ab" * 20
    enabled = await client.patch(
        "/x402_configuration",
        json={"x402_enabled": True, "x402_wallet_address": wallet, "x402_chain": "polygon"},
    )
    assert enabled.status_code == 200
    assert (await client.get("/x402_configuration")).json()["x402_wallet_address"] == wallet
    assert store.events[-1]["type"] == "x402_configuration.updated"


@pytest.mark.parametrize(
    ("body", "status", "param"),
    [
        ({"x402_wallet_address": "0x123"}, 422, "x402_wallet_address"),
        ({"x402_chain": "dogecoin"}, 422, "x402_chain"),
        ({"x402_configuration": {"x402_enabled": False}}, 400, "x402_configuration"),
    ],
)
async def test_a_bad_x402_update_is_refused(
    client: httpx.AsyncClient, body: dict[str, Any], status: int, param: str
) -> None:
    response = await client.patch("/x402_configuration", json=body)
    assert response.status_code == status
    assert error_of(response)["param"] == param
