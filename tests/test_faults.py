"""Rate limits, gateway errors and lost connections between the server and the API."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult
from starlette.applications import Starlette

from crevio_mcp.sandbox import DEMO_ORDER_ID, SANDBOX_TOKEN, Store
from crevio_mcp.server import AppState, build_server
from crevio_mcp.settings import Settings
from tests.faults import Fault, FaultyTransport
from tests.helpers import structured, text_of

pytestmark = pytest.mark.anyio


def _server(sandbox: Starlette, faults: list[Fault], **settings: Any) -> MCPServer[AppState]:
    transport = FaultyTransport(httpx.ASGITransport(app=sandbox), faults)
    return build_server(
        Settings(api_key=SANDBOX_TOKEN, base_url="http://sandbox/v1", **settings),
        transport=transport,
    )


def _refunds(store: Store, amount: int) -> list[dict[str, object]]:
    return [r for r in store.all("refund") if r["order"] == DEMO_ORDER_ID and r["amount"] == amount]


async def _confirmed_refund(client: Client, amount: int) -> CallToolResult:
    arguments = {"order": DEMO_ORDER_ID, "amount": amount}
    token = structured(await client.call_tool("create_refund", arguments))["confirmation_token"]
    return await client.call_tool("create_refund", {**arguments, "confirmation_token": token})


async def test_a_confirmed_refund_through_a_429_storm_is_made_exactly_once(
    sandbox: Starlette, store: Store
) -> None:
    faults = [Fault("POST", "/v1/refunds", "429", times=3)]
    async with Client(_server(sandbox, faults), mode="legacy") as client:
        result = await _confirmed_refund(client, 700)
    assert not result.is_error, text_of(result)
    assert faults[0].fired == 3
    assert len(_refunds(store, 700)) == 1


async def test_a_refund_whose_answer_is_lost_is_reported_unknown_and_not_repeated(
    sandbox: Starlette, store: Store
) -> None:
    faults = [Fault("POST", "/v1/refunds", "drop-after-apply")]
    async with Client(_server(sandbox, faults), mode="legacy") as client:
        arguments = {"order": DEMO_ORDER_ID, "amount": 800}
        token = structured(await client.call_tool("create_refund", arguments))["confirmation_token"]
        lost = await client.call_tool("create_refund", {**arguments, "confirmation_token": token})
        again = await client.call_tool("create_refund", {**arguments, "confirmation_token": token})
        listed = await client.call_tool("list_refunds", {"order": DEMO_ORDER_ID})

    assert lost.is_error and "may or may not have happened" in text_of(lost)
    assert "list_refunds" in text_of(lost)
    assert again.is_error and "already been used" in text_of(again)
    assert len(_refunds(store, 800)) == 1
    assert any(r["amount"] == 800 for r in structured(listed)["data"])


async def test_a_refund_that_never_connected_is_retried_and_made_once(
    sandbox: Starlette, store: Store
) -> None:
    faults = [Fault("POST", "/v1/refunds", "connect", times=2)]
    async with Client(_server(sandbox, faults), mode="legacy") as client:
        result = await _confirmed_refund(client, 900)
    assert not result.is_error, text_of(result)
    assert len(_refunds(store, 900)) == 1


@pytest.mark.parametrize("kind", ["503", "connect"])
async def test_reads_ride_out_gateway_errors_and_lost_connections(
    sandbox: Starlette, kind: str
) -> None:
    faults = [Fault("GET", "/v1/orders", kind, times=2)]
    async with Client(_server(sandbox, faults), mode="legacy") as client:
        result = await client.call_tool("list_orders", {"limit": 2})
    assert not result.is_error and faults[0].fired == 2


async def test_a_500_on_a_write_is_not_retried_and_says_to_check(
    sandbox: Starlette, store: Store
) -> None:
    faults = [Fault("POST", "/v1/customers", "500", times=5)]
    async with Client(_server(sandbox, faults), mode="legacy") as client:
        result = await client.call_tool("create_customer", {"email": "five@example.com"})
    assert result.is_error and faults[0].fired == 1
    assert "may or may not have happened" in text_of(result)


async def test_a_rate_limit_longer_than_the_budget_ends_with_when_to_retry(
    sandbox: Starlette,
) -> None:
    faults = [Fault("GET", "/v1/orders", "429", times=10, retry_after="120")]
    server = _server(sandbox, faults, call_timeout=5.0)
    async with Client(server, mode="legacy") as client:
        result = await client.call_tool("list_orders", {})
    assert result.is_error and "429" in text_of(result) and "120 seconds" in text_of(result)
    assert faults[0].fired == 1


async def test_a_truncated_body_is_a_clear_error_not_a_crash(sandbox: Starlette) -> None:
    faults = [Fault("GET", "/v1/orders", "truncate", times=5)]
    async with Client(_server(sandbox, faults), mode="legacy") as client:
        result = await client.call_tool("list_orders", {"limit": 3})
        after = await client.call_tool("list_customers", {"limit": 1})
    assert result.is_error and "not JSON" in text_of(result)
    assert not after.is_error
