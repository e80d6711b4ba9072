"""The exact text a model reads for each kind of failure.

A real MCP client session drives the server, and the server calls a real HTTP API: a
tiny Starlette app under uvicorn that answers each request as the test scripted it
(an error status and body, a slow answer). Connection failures use a port where
nothing listens.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import anyio
import pytest
import uvicorn
from mcp import Client
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from crevio_mcp.server import build_server
from crevio_mcp.settings import Settings
from tests.helpers import text_of

pytestmark = pytest.mark.anyio


@dataclass
class Scripted:
    status: int = 200
    json: Any = None
    text: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class ScriptedAPI:
    """An HTTP API that answers each request with whatever the test put in `next`, or
    with the first of `queue` while it has any."""

    def __init__(self) -> None:
        self.next = Scripted()
        self.queue: list[Scripted] = []
        self.seen: list[str] = []
        self.app = Starlette(
            routes=[
                Route(
                    "/v1/{path:path}",
                    self.answer,
                    methods=["GET", "POST", "PATCH", "DELETE"],
                )
            ]
        )

    async def answer(self, request: Request) -> Response:
        self.seen.append(f"{request.method} {request.url.path}")
        scripted = self.queue.pop(0) if self.queue else self.next
        if scripted.delay:
            await anyio.sleep(scripted.delay)
        if scripted.text is not None:
            return Response(
                scripted.text,
                status_code=scripted.status,
                headers=scripted.headers,
                media_type="text/html",
            )
        return JSONResponse(scripted.json, status_code=scripted.status, headers=scripted.headers)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def api() -> Iterator[tuple[ScriptedAPI, str]]:
    scripted = ScriptedAPI()
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            scripted.app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    with anyio.from_thread.start_blocking_portal() as portal:
        # Bounded wait for the thread's server to accept connections.
        portal.call(_wait_until, lambda: server.started)
    yield scripted, f"http://127.0.0.1:{port}/v1"
    server.should_exit = True
    thread.join(timeout=5)


async def _wait_until(ready: Any) -> None:
    with anyio.fail_after(5):
        while not ready():
            await anyio.sleep(0.01)


def _settings(base_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "api_key": "sk_test_errors",
        "base_url": base_url,
        "toolsets": "all",
        "max_retries": 0,  # each scripted answer is seen once, as the model sees it
        **overrides,
    }
    return Settings(**values)


async def _call(settings: Settings, mode: Any, tool: str, arguments: dict[str, Any]) -> str:
    async with Client(build_server(settings), mode=mode) as client:
        result = await client.call_tool(tool, arguments)
    assert result.is_error
    assert result.structured_content is None
    text = text_of(result)
    assert 1 <= len(text.splitlines()) <= 2
    return text


def _envelope(**error: Any) -> dict[str, Any]:
    return {"error": error}


# (test id, tool, arguments, scripted answer, exact text the model reads)
API_ERRORS = [
    (
        "400 bad cursor",
        "list_orders",
        {"starting_after": "ord_gone00000001"},
        Scripted(
            400,
            _envelope(
                type="invalid_request_error",
                code="invalid_cursor",
                message="No order ord_gone00000001 to start after",
                param="starting_after",
            ),
            headers={"Request-Id": "req_400"},
        ),
        "list_orders failed: HTTP 400 invalid_cursor: No order ord_gone00000001 to start "
        "after. Parameter: starting_after. Request ID: req_400.\n"
        "Next: give starting_after the exact value a list_orders result named for its "
        "next page, or leave it out to start from the first page.",
    ),
    (
        "401 bad token",
        "get_account",
        {},
        Scripted(
            401,
            _envelope(type="authentication_error", code="invalid_api_key", message="Invalid token"),
            headers={"Request-Id": "req_401"},
        ),
        "get_account failed: HTTP 401 invalid_api_key: Invalid token. Request ID: req_401.\n"
        "Next: the Crevio API token was refused; the user should check it (the server's "
        "CREVIO_API_KEY, or the token their MCP client sends as Authorization: Bearer).",
    ),
    (
        "403 forbidden",
        "list_customers",
        {},
        Scripted(
            403,
            _envelope(
                type="permission_error",
                code="forbidden",
                message="This token cannot read customers",
            ),
            headers={"Request-Id": "req_403"},
        ),
        "list_customers failed: HTTP 403 forbidden: This token cannot read customers. "
        "Request ID: req_403.\n"
        "Next: this token may not do this; ask the store owner for a token with access.",
    ),
    (
        "404 unknown order",
        "get_order",
        {"order_id": "ord_missing00001"},
        Scripted(
            404,
            _envelope(
                type="invalid_request_error",
                code="resource_missing",
                message="No such order: 'ord_missing00001'",
                param="id",
            ),
            headers={"Request-Id": "req_404"},
        ),
        "get_order failed: HTTP 404 resource_missing: No such order: 'ord_missing00001'. "
        "Parameter: order_id. Request ID: req_404.\n"
        "Next: check the ID; use list_orders to find valid orders.",
    ),
    (
        "404 unknown product slug",
        "get_product",
        {"product_id": "no-such-course"},
        Scripted(
            404,
            _envelope(code="resource_missing", message="No such product", param="id"),
        ),
        "get_product failed: HTTP 404 resource_missing: No such product. "
        "Parameter: product_id.\n"
        "Next: check the ID; use list_products to find valid products or look it up by slug.",
    ),
    (
        "409 conflict",
        "create_customer",
        {"email": "taken@example.com"},
        Scripted(
            409,
            _envelope(
                type="invalid_request_error",
                code="customer_exists",
                message="A customer with this email already exists",
                param="email",
            ),
            headers={"Request-Id": "req_409"},
        ),
        "create_customer failed: HTTP 409 customer_exists: A customer with this email already "
        "exists. Parameter: email. Request ID: req_409.\n"
        "Next: this conflicts with the store's current state; look at it with list_customers, "
        "tell the user, and do not retry unchanged.",
    ),
    (
        "422 field errors",
        "update_product",
        {"product_id": "prod_cafecreme00001", "status": "active", "name": "X"},
        Scripted(
            422,
            _envelope(
                type="invalid_request_error",
                code="validation_failed",
                message="Validation failed",
                param="status",
                errors=[
                    {"param": "status", "code": "invalid", "message": "needs a price variant"},
                    {"param": "name", "code": "too_short", "message": "is too short."},
                ],
            ),
            headers={"Request-Id": "req_422"},
        ),
        "update_product failed: HTTP 422 validation_failed: Validation failed. "
        "Parameter: status. status: needs a price variant. name: is too short. "
        "Request ID: req_422.\n"
        "Next: status must be one of: draft, active, archived. "
        "Correct the arguments and call again.",
    ),
    (
        "429 rate limited",
        "get_order",
        {"order_id": "ord_busy00000001"},
        Scripted(
            429,
            _envelope(type="rate_limit_error", code="rate_limited", message="Too many requests"),
            headers={"Retry-After": "7", "Request-Id": "req_429"},
        ),
        "get_order failed: HTTP 429 rate_limited: Too many requests. Request ID: req_429.\n"
        "Next: the API is rate limiting; wait 7 seconds, then call get_order again.",
    ),
    (
        "500 on a read",
        "list_orders",
        {},
        Scripted(
            500,
            _envelope(type="api_error", code="internal_error", message="Something went wrong"),
            headers={"Request-Id": "req_500"},
        ),
        "list_orders failed: HTTP 500 internal_error: Something went wrong. "
        "Request ID: req_500.\n"
        "Next: Crevio failed, not the request; try again in a minute. If it persists, give "
        "Crevio support the request ID.",
    ),
    (
        "500 on a write",
        "create_customer",
        {"email": "new@example.com"},
        Scripted(500, _envelope(code="internal_error", message="Something went wrong")),
        "create_customer failed: HTTP 500 internal_error: Something went wrong.\n"
        "Next: this write may or may not have happened; check with list_customers before "
        "calling create_customer again.",
    ),
    (
        "502 body not JSON",
        "get_order",
        {"order_id": "ord_gateway00001"},
        Scripted(502, text="<html><body><h1>502 Bad Gateway</h1></body></html>"),
        "get_order failed: HTTP 502: Bad Gateway (body was not JSON: "
        "'<html><body><h1>502 Bad Gateway</h1></body></html>').\n"
        "Next: Crevio failed, not the request; try again in a minute.",
    ),
]


@pytest.mark.parametrize(
    ("tool", "arguments", "scripted", "expected"),
    [case[1:] for case in API_ERRORS],
    ids=[case[0] for case in API_ERRORS],
)
async def test_each_api_error_reads_as_what_failed_and_what_to_do(
    api: tuple[ScriptedAPI, str],
    mode: Any,
    tool: str,
    arguments: dict[str, Any],
    scripted: Scripted,
    expected: str,
) -> None:
    app, base_url = api
    app.next = scripted
    assert await _call(_settings(base_url), mode, tool, arguments) == expected


async def test_a_read_that_times_out_says_nothing_changed(
    api: tuple[ScriptedAPI, str], mode: Any
) -> None:
    app, base_url = api
    app.next = Scripted(200, {"id": "ord_slow00000001"}, delay=1.0)
    text = await _call(
        _settings(base_url, timeout=0.2), mode, "get_order", {"order_id": "ord_slow00000001"}
    )
    assert text == (
        "get_order failed: the Crevio API did not answer in time "
        "(GET /orders/ord_slow00000001).\n"
        "Next: nothing was changed; call again, and if it persists, check the network and "
        "CREVIO_BASE_URL (and CREVIO_TIMEOUT)."
    )


async def test_a_write_that_times_out_may_have_happened_and_says_how_to_check(
    api: tuple[ScriptedAPI, str], mode: Any
) -> None:
    app, base_url = api
    app.next = Scripted(200, {"id": "cus_slow00000001"}, delay=1.0)
    text = await _call(
        _settings(base_url, timeout=0.2), mode, "create_customer", {"email": "slow@example.com"}
    )
    assert text == (
        "create_customer failed: the Crevio API did not answer in time (POST /customers).\n"
        "Next: this write may or may not have happened; check with list_customers before "
        "calling create_customer again."
    )


async def test_a_refused_connection_says_the_request_never_arrived(mode: Any) -> None:
    base_url = f"http://127.0.0.1:{_free_port()}/v1"  # nothing listens there
    read = await _call(_settings(base_url), mode, "get_order", {"order_id": "ord_any000000001"})
    assert read == (
        "get_order failed: could not connect to the Crevio API (GET /orders/ord_any000000001).\n"
        "Next: nothing was changed; call again, and if it persists, check the network and "
        "CREVIO_BASE_URL (and CREVIO_TIMEOUT)."
    )
    write = await _call(_settings(base_url), mode, "create_customer", {"email": "a@example.com"})
    assert write == (
        "create_customer failed: could not connect to the Crevio API (POST /customers).\n"
        "Next: the request never reached Crevio, so nothing was changed; check the network "
        "and CREVIO_BASE_URL (and CREVIO_TIMEOUT), then call again."
    )


async def test_arguments_that_fail_validation_are_explained_before_any_request(
    api: tuple[ScriptedAPI, str], mode: Any
) -> None:
    app, base_url = api
    before = len(app.seen)
    text = await _call(
        _settings(base_url),
        mode,
        "list_orders",
        {"customer": "ord_123", "status": "shipped", "limt": 5},
    )
    assert text == (
        "list_orders was not called: invalid arguments. status: Input should be 'succeeded', "
        "'pending', 'failed', 'refunded' or 'partially_refunded'; customer: customer IDs start "
        "with 'cus_' (e.g. cus_8x2kq9); find one with list_customers; limt: is not a parameter "
        "of list_orders (it takes: limit, starting_after, max_items, status, customer, "
        "processor, expand).\n"
        "Next: fix these arguments and call again."
    )
    assert len(app.seen) == before


async def test_a_walk_over_pages_that_meets_an_error_keeps_what_it_has_and_says_so(
    api: tuple[ScriptedAPI, str], mode: Any
) -> None:
    app, base_url = api
    customers = [
        {"id": f"cus_walk{n:08d}", "object": "customer", "email": f"c{n}@example.com"}
        for n in range(10)
    ]
    app.queue = [
        Scripted(200, {"object": "list", "data": customers, "has_more": True}),
        Scripted(503, _envelope(code="unavailable", message="Try later")),
    ]
    async with Client(build_server(_settings(base_url)), mode=mode) as client:
        result = await client.call_tool("list_customers", {"limit": 10, "max_items": 50})
    assert not result.is_error
    assert result.structured_content is not None
    assert result.structured_content["stopped_early"] == (
        "fetching page 2 failed (HTTP 503 unavailable)"
    )
    assert text_of(result).splitlines()[0] == (
        "Customers: showing 10; stopped early: fetching page 2 failed (HTTP 503 unavailable); "
        'more exist. Next page: call list_customers with starting_after="cus_walk00000009" '
        "and the same other arguments."
    )
