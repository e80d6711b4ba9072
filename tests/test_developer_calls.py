"""Webhook endpoints, the events they receive, and x402 settings, through MCP."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client

from crevio_mcp.sandbox import Store
from crevio_mcp.settings import Settings
from tests.helpers import call_ok, sandbox_settings, structured, text_of

pytestmark = pytest.mark.anyio

WALLET = "0x" + "ab12" * 10


@pytest.fixture
def settings() -> Settings:
    return sandbox_settings(unguarded=True)


def _x402(store: Store) -> dict[str, Any]:
    config: dict[str, Any] = store.all("account")[0]["_x402_configuration"]
    return config


async def test_a_webhook_endpoint_shows_its_secret_once_then_is_paused_and_deleted(
    client: Client, store: Store
) -> None:
    created = await client.call_tool(
        "create_webhook_endpoint",
        {
            "url": "https://hooks.example.com/crevio",
            "enabled_events": ["order.created", "refund.created"],
            "description": "Fulfilment",
        },
    )
    endpoint = structured(created)
    assert endpoint["secret"].startswith("whsec_") and endpoint["secret"] in text_of(created)
    stored = store.get("webhook_endpoint", endpoint["id"])
    assert stored is not None and stored["enabled_events"] == ["order.created", "refund.created"]

    fetched = await call_ok(client, "get_webhook_endpoint", {"webhook_endpoint_id": endpoint["id"]})
    assert "secret" not in fetched

    listed = await call_ok(client, "list_webhook_endpoints", {})
    assert endpoint["id"] in {e["id"] for e in listed["data"]}

    await call_ok(
        client,
        "update_webhook_endpoint",
        {"webhook_endpoint_id": endpoint["id"], "disabled": True, "enabled_events": ["*"]},
    )
    assert stored["disabled"] is True and stored["enabled_events"] == ["*"]

    await call_ok(client, "delete_webhook_endpoint", {"webhook_endpoint_id": endpoint["id"]})
    assert store.get("webhook_endpoint", endpoint["id"]) is None


async def test_a_plain_http_webhook_url_is_an_api_error_naming_the_url(client: Client) -> None:
    result = await client.call_tool(
        "create_webhook_endpoint",
        {"url": "http://hooks.example.com/crevio", "enabled_events": ["order.created"]},
    )
    assert result.is_error and "422" in text_of(result) and "url" in text_of(result)


async def test_events_are_listed_by_type_and_read_with_their_payload(
    client: Client, store: Store
) -> None:
    customer = await call_ok(
        client, "create_customer", {"email": "events@example.com", "name": "Eve"}
    )
    page = await call_ok(client, "list_webhook_events", {"type": "customer.created"})
    assert [e["type"] for e in page["data"]] == ["customer.created"]

    event = await call_ok(client, "get_webhook_event", {"webhook_event_id": page["data"][0]["id"]})
    assert event["data"]["object"]["id"] == customer["id"]
    assert store.get("event", event["id"]) is not None


async def test_x402_payments_are_read_then_turned_on_with_a_wallet(
    client: Client, store: Store
) -> None:
    before = await call_ok(client, "get_x402_configuration", {})
    assert before["x402_enabled"] is False

    result = await client.call_tool(
        "update_x402_configuration",
        {"x402_enabled": True, "x402_wallet_address": WALLET, "x402_chain": "base"},
    )
    assert not result.is_error, text_of(result)
    assert _x402(store)["x402_enabled"] is True and _x402(store)["x402_wallet_address"] == WALLET
    assert WALLET in text_of(result)


async def test_x402_cannot_be_turned_on_without_a_wallet(client: Client, store: Store) -> None:
    result = await client.call_tool("update_x402_configuration", {"x402_enabled": True})
    assert result.is_error
    assert "422" in text_of(result) and "x402_wallet_address" in text_of(result)
    assert _x402(store)["x402_enabled"] is False
