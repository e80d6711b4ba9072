"""HTTP mode for teams: per-caller tokens, 401s, Host and Origin checks, draining,
and confirmation tokens shared by replicas."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx
import httpx2
import pytest
import uvicorn
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from crevio_mcp.http import bearer_token, http_app, transport_security, uvicorn_config
from crevio_mcp.sandbox import ACCOUNT_ID, DEMO_ORDER_ID, SANDBOX_TOKEN, Store, create_app
from crevio_mcp.server import SANDBOX_BASE_URL, build_server
from crevio_mcp.settings import Settings
from tests.helpers import structured, text_of

pytestmark = pytest.mark.anyio

ALICE, BOB = "sk_test_alice_0001", "sk_test_bob_0002"
ACCOUNT_NAMES = {ALICE: "Alice's Atelier", BOB: "Bob's Bakery"}
EMAIL_PREFIXES = {ALICE: "alice-", BOB: "bob-"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class TwoAccounts:
    """A Crevio API with two accounts: each token reaches only its own sandbox."""

    def __init__(self) -> None:
        self.apps = {token: create_app(token) for token in (ALICE, BOB)}
        for token, app in self.apps.items():
            app.state.store.get("account", ACCOUNT_ID)["name"] = ACCOUNT_NAMES[token]

    def store(self, token: str) -> Store:
        store: Store = self.apps[token].state.store
        return store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = bearer_token(Headers(scope=scope)) or ""
        # An unknown token goes to Alice's sandbox, which refuses it with a 401.
        await self.apps.get(token, self.apps[ALICE])(scope, receive, send)


@asynccontextmanager
async def serving(app: ASGIApp, settings: Settings) -> AsyncIterator[tuple[str, uvicorn.Server]]:
    port = _free_port()
    served = settings.model_copy(update={"host": "127.0.0.1", "port": port})
    runner = uvicorn.Server(uvicorn_config(app, served))
    async with anyio.create_task_group() as group:
        group.start_soon(runner.serve)
        with anyio.fail_after(10):
            while not runner.started:
                await anyio.sleep(0.02)
        yield f"http://127.0.0.1:{port}", runner
        runner.should_exit = True


@asynccontextmanager
async def mcp_as(url: str, token: str | None, mode: Any = "legacy") -> AsyncIterator[Client]:
    """An MCP client that sends `token` as its bearer on every request."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx2.AsyncClient(headers=headers, timeout=30) as http:
        async with Client(streamable_http_client(url, http_client=http), mode=mode) as client:
            yield client


def team_settings(**fields: Any) -> Settings:
    values: dict[str, Any] = {
        "api_key": None,
        "base_url": SANDBOX_BASE_URL,
        "transport": "http",
        "http_auth": "request",
        "confirm_mode": "token",
    }
    return Settings(**(values | fields))


@asynccontextmanager
async def team_server(api: ASGIApp, **fields: Any) -> AsyncIterator[tuple[str, uvicorn.Server]]:
    settings = team_settings(**fields)
    server = build_server(settings, transport=httpx.ASGITransport(app=api))
    async with serving(http_app(server, settings), settings) as served:
        yield served


async def test_a_request_without_a_token_gets_401_and_the_health_check_stays_open() -> None:
    async with team_server(TwoAccounts()) as (url, _), httpx.AsyncClient(base_url=url) as http:
        refused = await http.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
        health = await http.get("/healthz")
        basic = await http.post("/mcp", json={}, headers={"Authorization": "Basic YTpi"})

    assert refused.status_code == 401 and basic.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Bearer ")
    assert health.status_code == 200


async def test_a_server_with_its_own_token_lets_callers_leave_theirs_out() -> None:
    api = TwoAccounts()
    async with team_server(api, api_key=ALICE, http_auth="either") as (url, _):
        async with mcp_as(f"{url}/mcp", None) as anonymous, mcp_as(f"{url}/mcp", BOB) as bob:
            fallback = structured(await anonymous.call_tool("get_account", {}))
            own = structured(await bob.call_tool("get_account", {}))
    assert fallback["name"] == ACCOUNT_NAMES[ALICE] and own["name"] == ACCOUNT_NAMES[BOB]


async def test_env_mode_ignores_the_callers_bearer_header() -> None:
    api = TwoAccounts()
    async with team_server(api, api_key=ALICE, http_auth="env") as (url, _):
        async with mcp_as(f"{url}/mcp", BOB) as bob:
            account = structured(await bob.call_tool("get_account", {}))
    assert account["name"] == ACCOUNT_NAMES[ALICE]


async def test_interleaved_calls_of_two_users_each_reach_only_their_own_account(
    mode: Any,
) -> None:
    api = TwoAccounts()
    seen: dict[str, list[str]] = {ALICE: [], BOB: []}

    async def work(client: Client, token: str, index: int) -> None:
        email = f"{EMAIL_PREFIXES[token]}{index}@example.com"
        created = await client.call_tool("create_customer", {"email": email})
        assert not created.is_error, text_of(created)
        account = structured(await client.call_tool("get_account", {}))
        seen[token].append(account["name"])

    async with team_server(api) as (url, _):
        async with (
            mcp_as(f"{url}/mcp", ALICE, mode) as alice,
            mcp_as(f"{url}/mcp", BOB, mode) as bob,
        ):
            with anyio.fail_after(60):
                async with anyio.create_task_group() as group:
                    for index in range(15):
                        group.start_soon(work, alice, ALICE, index)
                        group.start_soon(work, bob, BOB, index)
            mine = structured(await alice.call_tool("list_customers", {"limit": 100}))

    assert seen[ALICE] == [ACCOUNT_NAMES[ALICE]] * 15
    assert seen[BOB] == [ACCOUNT_NAMES[BOB]] * 15
    for token, other in ((ALICE, BOB), (BOB, ALICE)):
        emails = [c["email"] for c in api.store(token).all("customer")]
        assert sum(e.startswith(EMAIL_PREFIXES[token]) for e in emails) == 15
        assert not any(e.startswith(EMAIL_PREFIXES[other]) for e in emails)
    assert not any(c["email"].startswith("bob-") for c in mine["data"])


async def test_a_confirmation_token_from_one_user_does_not_confirm_for_another() -> None:
    api = TwoAccounts()
    refund = {"order": DEMO_ORDER_ID, "amount": 100}
    async with team_server(api) as (url, _):
        async with mcp_as(f"{url}/mcp", ALICE) as alice, mcp_as(f"{url}/mcp", BOB) as bob:
            asked = structured(await alice.call_tool("create_refund", refund))
            token = asked["confirmation_token"]
            stolen = await bob.call_tool("create_refund", refund | {"confirmation_token": token})
            done = await alice.call_tool("create_refund", refund | {"confirmation_token": token})

    assert stolen.is_error and "another account" in text_of(stolen)
    assert not done.is_error, text_of(done)
    assert [r.method for r in api.store(BOB).requests if r.path == "/v1/refunds"] == []


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Host": "evil.example"}, 421),
        ({"Origin": "http://evil.example"}, 403),
        ({"Host": "localhost"}, 401),
        ({"Origin": "http://localhost:5173"}, 401),
        ({"Host": "mcp.team.example"}, 401),
        ({"Origin": "https://chat.team.example"}, 401),
    ],
)
async def test_hosts_and_origins_are_checked_before_anything_else_runs(
    headers: dict[str, str], status: int
) -> None:
    # 401 here means the request passed the Host/Origin check and met the token check.
    settings = team_settings(
        allowed_hosts=("localhost", "127.0.0.1", "mcp.team.example"),
        allowed_origins=("http://localhost", "https://chat.team.example"),
    )
    server = build_server(settings, transport=httpx.ASGITransport(app=TwoAccounts()))
    app = http_app(server, settings)
    body = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
    async with serving(app, settings) as (url, _), httpx.AsyncClient(base_url=url) as http:
        sent = await http.post(
            "/mcp", json=body, headers=headers | {"Authorization": f"Bearer {ALICE}"}
        )
        if status == 401:  # the same request without a token
            sent = await http.post("/mcp", json=body, headers=headers)
    assert sent.status_code == status


def test_the_bound_address_and_localhost_are_allowed_by_default() -> None:
    security = transport_security(Settings(host="10.1.2.3"))
    assert {"localhost:*", "127.0.0.1", "[::1]:*", "10.1.2.3", "10.1.2.3:*"} <= set(
        security.allowed_hosts
    )
    assert "http://10.1.2.3:*" in security.allowed_origins
    everywhere = transport_security(Settings(host="0.0.0.0", allowed_hosts="mcp.example:443"))
    assert everywhere.allowed_hosts == ["mcp.example:443"]
    ipv6 = transport_security(Settings(host="::1"))
    assert "[::1]:*" in ipv6.allowed_hosts and "::1" not in ipv6.allowed_hosts


class SlowAccount:
    """Holds `GET /v1/account` until released, to have a call in flight at shutdown."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.arrived = anyio.Event()
        self.release = anyio.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/v1/account":
            self.arrived.set()
            await self.release.wait()
        await self.app(scope, receive, send)


async def test_shutdown_lets_a_call_in_flight_finish_and_refuses_new_connections() -> None:
    api = SlowAccount(TwoAccounts())
    call = {"jsonrpc": "2.0", "id": 7, "method": "tools/call"}
    call["params"] = {"name": "get_account", "arguments": {}}
    headers = {
        "Authorization": f"Bearer {ALICE}",
        "Accept": "application/json, text/event-stream",
        "MCP-Protocol-Version": "2025-11-25",
    }
    answers: list[httpx.Response] = []
    async with team_server(api) as (url, runner), httpx.AsyncClient(base_url=url) as http:

        async def send() -> None:
            answers.append(await http.post("/mcp", json=call, headers=headers))

        with anyio.fail_after(20):
            async with anyio.create_task_group() as group:
                group.start_soon(send)
                await api.arrived.wait()
                runner.should_exit = True
                port = int(url.rsplit(":", 1)[1])
                while True:  # until the listening socket is closed
                    try:
                        await (await anyio.connect_tcp("127.0.0.1", port)).aclose()
                    except OSError:
                        break
                    await anyio.sleep(0.05)
                api.release.set()

    result = answers[0].json()["result"]
    assert result["structuredContent"]["name"] == ACCOUNT_NAMES[ALICE]


# Two real server processes behind one sandbox process, as replicas behind a balancer.


def _env(**extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CREVIO_")}
    return clean | extra


async def _wait_listening(url: str, process: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient() as http:
        while True:
            assert process.poll() is None, f"{url} exited with {process.returncode}"
            try:
                await http.get(url)
                return
            except httpx.TransportError:
                await anyio.sleep(0.1)


@asynccontextmanager
async def processes(*commands: tuple[list[str], dict[str, str], str]) -> AsyncIterator[None]:
    """Start each `python -m crevio_mcp` command, waiting until it answers at its URL."""
    started: list[subprocess.Popen[bytes]] = []
    try:
        for args, env, url in commands:
            process = subprocess.Popen(
                [sys.executable, "-m", "crevio_mcp", *args],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            started.append(process)
            with anyio.fail_after(30):
                await _wait_listening(url, process)
        yield
    finally:
        for process in started:
            process.send_signal(signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def test_a_confirmation_from_one_replica_is_honoured_once_by_another() -> None:
    api_port, first, second = _free_port(), _free_port(), _free_port()
    api = f"http://127.0.0.1:{api_port}/v1"
    env = _env(
        CREVIO_CONFIRM_SECRET="shared-by-every-replica-0123456789",
        CREVIO_BASE_URL=api,
        CREVIO_API_KEY=SANDBOX_TOKEN,
        CREVIO_CONFIRM_MODE="token",
        CREVIO_TOOLSETS="orders",
    )
    sandbox = (["sandbox", "--port", str(api_port)], _env(), api)
    replicas = [
        (["--transport", "http", "--port", str(port)], env, f"http://127.0.0.1:{port}/healthz")
        for port in (first, second)
    ]
    refund = {"order": DEMO_ORDER_ID, "amount": 1234, "reason": "requested_by_customer"}
    async with processes(sandbox, *replicas):
        async with (
            mcp_as(f"http://127.0.0.1:{first}/mcp", None) as one,
            mcp_as(f"http://127.0.0.1:{second}/mcp", None) as two,
        ):
            asked = structured(await one.call_tool("create_refund", refund))
            confirmed = refund | {"confirmation_token": asked["confirmation_token"]}
            done = await two.call_tool("create_refund", confirmed)
            assert not done.is_error, text_of(done)
            again = await two.call_tool("create_refund", confirmed)
            replayed = await one.call_tool("create_refund", confirmed)

        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {SANDBOX_TOKEN}"}) as http:
            listed = (await http.get(f"{api}/refunds", params={"limit": 100})).json()

    assert again.is_error and "already been used" in text_of(again)
    # The first replica never saw the token spent, but the write carries the token's
    # nonce as its Idempotency-Key, so the API replays the first refund.
    assert replayed.is_error or structured(replayed)["id"] == structured(done)["id"]
    ours = [r for r in listed["data"] if r["amount"] == 1234 and r["order"] == DEMO_ORDER_ID]
    assert [r["id"] for r in ours] == [structured(done)["id"]]
