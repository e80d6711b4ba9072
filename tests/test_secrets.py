"""The API token never shows: not in a log line at any level, an error, a tool result,
the audit log, a settings repr or --help.

A recognisable token is set, every path is driven (successes against a sandbox that
accepts it; 401 from a sandbox that wants another; 404, 422, argument validation,
confirmation by token and by elicitation, 429 retries, a 500, a refused connection, a
timeout) with httpx and httpcore logging at DEBUG, and every output is searched for it:
in-process (caplog and the audit file) and over stdio (stdout, stderr, audit file).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
import uvicorn
from mcp import Client
from mcp.client import ClientRequestContext
from mcp.types import CallToolResult, ElicitRequestParams, ElicitResult
from starlette.types import ASGIApp, Receive, Scope, Send

from crevio_mcp.cli import main
from crevio_mcp.sandbox import Store, create_app
from crevio_mcp.server import SANDBOX_BASE_URL, build_server
from crevio_mcp.settings import Settings
from tests.faults import Fault, FaultyTransport
from tests.helpers import text_of
from tests.rawstdio import RawSession

pytestmark = pytest.mark.anyio

CANARY = "sk_live_CANARY_7f3a9"
OTHER_TOKEN = "sk_live_someone_else_0000"


def _leaks(text: str) -> bool:
    return CANARY in text or "CANARY" in text.upper()


def _settings(**values: Any) -> Settings:
    return Settings(**{"api_key": CANARY, "toolsets": "all", "max_retries": 1, **values})


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _slow_where(marker: str, app: ASGIApp) -> ASGIApp:
    """The app, but requests whose path holds `marker` wait first: a timeout to order."""

    async def slowed(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and marker in scope["path"]:
            await anyio.sleep(3)
        await app(scope, receive, send)

    return slowed


def _refundable_orders(store: Store) -> list[str]:
    return sorted(o["id"] for o in store.all("order") if o["status"] == "succeeded")


def _outputs(results: list[CallToolResult]) -> list[str]:
    return [text_of(r) + json.dumps(r.structured_content) for r in results]


# ----- in-process ----------------------------------------------------------------------


async def _decline(context: ClientRequestContext, params: ElicitRequestParams) -> ElicitResult:
    return ElicitResult(action="decline")


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    for name in (None, "httpx", "httpcore", "mcp", "crevio_mcp", "crevio_mcp.audit"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


async def test_no_path_in_process_shows_the_token(
    mode: Any, debug_logs: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    audit = tmp_path / "audit.jsonl"
    results: list[CallToolResult] = []
    sandbox = create_app(CANARY)
    store: Store = sandbox.state.store
    orders = _refundable_orders(store)
    customer = sorted(store.all("customer"), key=lambda c: c["id"])[0]
    faults = [
        Fault("GET", "/v1/customers", "429", times=1),
        Fault("GET", "/v1/products", "500", times=1),
    ]
    transport = FaultyTransport(httpx.ASGITransport(app=sandbox), faults)
    server = build_server(
        _settings(audit_log=audit, base_url=SANDBOX_BASE_URL), transport=transport
    )

    calls: list[tuple[str, dict[str, Any]]] = [
        ("list_orders", {"limit": 2}),
        ("get_order", {"order_id": orders[0], "expand": ["customer"]}),
        ("list_customers", {"limit": 1}),  # a 429, retried
        ("list_products", {}),  # a 500
        ("get_order", {"order_id": "ord_doesnotexist00"}),  # 404
        ("create_customer", {"email": customer["email"]}),  # 422
        ("create_customer", {"email": "fresh@example.com", "name": "Fresh"}),
        ("list_orders", {"limit": "many", "token": CANARY}),  # validation, echoing nothing
        ("no_such_tool", {}),
        ("create_refund", {"order": orders[0], "amount": 100}),  # confirmation token
    ]
    async with Client(server, mode=mode) as client:
        for tool, arguments in calls:
            results.append(await client.call_tool(tool, arguments))
        assert not results[0].is_error and not results[2].is_error, "the token was accepted"
        assert [f.fired for f in faults] == [1, 1]
        assert "HTTP 500" in text_of(results[3]) and "HTTP 422" in text_of(results[5])
        issued = results[-1].structured_content
        assert issued is not None, text_of(results[-1])
        token = issued["confirmation_token"]
        confirmed = {"order": orders[0], "amount": 100, "confirmation_token": token}
        results.append(await client.call_tool("create_refund", confirmed))
        assert not results[-1].is_error, text_of(results[-1])
        forged = {"order": orders[1], "amount": 100, "confirmation_token": token + "x"}
        results.append(await client.call_tool("create_refund", forged))

    async with Client(server, mode=mode, elicitation_callback=_decline) as asked:
        results.append(await asked.call_tool("create_refund", {"order": orders[1], "amount": 50}))
        assert "declined" in text_of(results[-1])

    # 401: an API that wants another token.
    refused = build_server(
        _settings(base_url=SANDBOX_BASE_URL),
        transport=httpx.ASGITransport(app=create_app(OTHER_TOKEN)),
    )
    async with Client(refused, mode=mode) as client:
        results.append(await client.call_tool("get_account", {}))
        assert "HTTP 401" in text_of(results[-1])

    # A refused connection, over the real network stack.
    nowhere = build_server(_settings(base_url=f"http://127.0.0.1:{_free_port()}/v1"))
    async with Client(nowhere, mode=mode) as client:
        results.append(await client.call_tool("get_order", {"order_id": orders[0]}))
        results.append(await client.call_tool("create_customer", {"email": "x@example.com"}))
        assert "could not connect" in text_of(results[-1])

    # A timeout: the call's deadline passes while the API sits on the request.
    slow = build_server(
        _settings(base_url=SANDBOX_BASE_URL, call_timeout=0.3),
        transport=httpx.ASGITransport(app=_slow_where("/orders", create_app(CANARY))),
    )
    async with Client(slow, mode=mode) as client:
        results.append(await client.call_tool("list_orders", {}))
        assert "did not answer in time" in text_of(results[-1])

    logged = [_formatted(record) for record in debug_logs.records]
    assert any(r.name.startswith("httpcore") for r in debug_logs.records), "DEBUG was on"
    written = audit.read_text(encoding="utf-8")
    assert '"outcome": "executed"' in written and '"outcome": "declined"' in written
    for output in [*_outputs(results), *logged, written]:
        assert not _leaks(output), output


def _formatted(record: logging.LogRecord) -> str:
    """The record as a handler would write it, traceback and arguments included."""
    return logging.Formatter("%(name)s %(levelname)s %(message)s").format(record) + repr(
        record.args
    )


# ----- settings and the command line ---------------------------------------------------


def test_settings_never_show_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREVIO_API_KEY", CANARY)
    monkeypatch.setenv("CREVIO_CONFIRM_SECRET", CANARY + "_confirm")
    from_env = Settings()
    given = Settings(api_key=CANARY, confirm_secret=CANARY)
    for settings in (from_env, given):
        assert settings.api_key is not None and settings.api_key.get_secret_value() == CANARY
        for shown in (
            repr(settings),
            str(settings),
            settings.model_dump_json(),
            repr(settings.model_dump()),
        ):
            assert not _leaks(shown), shown


@pytest.mark.parametrize("argv", [["--help"], ["tools", "--help"]])
def test_the_command_line_never_prints_the_token(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CREVIO_API_KEY", CANARY)
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 0
    printed = capsys.readouterr()
    assert printed.out
    assert not _leaks(printed.out + printed.err)


# ----- over stdio ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def apis() -> Iterator[tuple[Store, str, str]]:
    """Two APIs over real HTTP: one takes the canary (and is slow on /orders/ord_slow…),
    one wants another token. Their base URLs, and the first one's store."""
    ours = create_app(CANARY)
    servers = [
        uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning")
        )
        for app in (_slow_where("/orders/ord_slow", ours), create_app(OTHER_TOKEN))
    ]
    threads = [threading.Thread(target=s.run, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    with anyio.from_thread.start_blocking_portal() as portal:
        portal.call(_started, servers)
    yield ours.state.store, *(f"http://127.0.0.1:{s.config.port}/v1" for s in servers)
    for server in servers:
        server.should_exit = True
    for thread in threads:
        thread.join(timeout=5)


async def _started(servers: list[uvicorn.Server]) -> None:
    with anyio.fail_after(10):
        while not all(s.started for s in servers):
            await anyio.sleep(0.01)


async def _stdio_run(
    base_url: str, tmp_path: Path, calls: list[tuple[str, dict[str, Any]]]
) -> tuple[list[dict[str, Any]], str]:
    """Run the server over stdio at DEBUG, make the calls; the answers and everything
    the process wrote anywhere (stdout, stderr, audit log)."""
    audit = tmp_path / "audit.jsonl"
    stderr = tmp_path / "stderr.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREVIO_")}
    env.update(
        CREVIO_API_KEY=CANARY,
        CREVIO_BASE_URL=base_url,
        CREVIO_TOOLSETS="all",
        CREVIO_AUDIT_LOG=str(audit),
        CREVIO_TIMEOUT="0.5",
        CREVIO_MAX_RETRIES="0",
    )
    answers = []
    with open(stderr, "wb") as err, anyio.fail_after(60):
        async with await anyio.open_process(
            [sys.executable, "-m", "crevio_mcp", "--log-level", "DEBUG"], env=env, stderr=err
        ) as process:
            session = RawSession(process)
            await session.initialize()
            for tool, arguments in calls:
                answers.append(await session.call({"name": tool, "arguments": arguments}))
            assert process.stdin is not None
            await process.stdin.aclose()
            await process.wait()
    written = audit.read_text(encoding="utf-8") if audit.exists() else ""
    everything = b"\n".join(session.lines).decode() + stderr.read_text(encoding="utf-8") + written
    return answers, everything


async def test_no_path_over_stdio_shows_the_token(
    apis: tuple[Store, str, str], tmp_path: Path
) -> None:
    store, ours, theirs = apis
    orders = _refundable_orders(store)
    answers, everything = await _stdio_run(
        ours,
        tmp_path,
        [
            ("list_orders", {"limit": 2}),
            ("get_order", {"order_id": orders[0]}),
            ("get_order", {"order_id": "ord_doesnotexist00"}),
            ("create_customer", {"email": "stdio-secret@example.com"}),
            ("create_customer", {"email": "stdio-secret@example.com"}),  # 422: taken
            ("list_orders", {"limit": "many"}),
            ("create_refund", {"order": orders[2], "amount": 100}),
            ("get_order", {"order_id": "ord_slow0000000001"}),  # times out
        ],
    )
    assert answers[0]["result"]["isError"] is False
    assert "HTTP 404" in answers[2]["result"]["content"][0]["text"]
    assert "HTTP 422" in answers[4]["result"]["content"][0]["text"]
    assert "confirmation_token" in answers[6]["result"]["structuredContent"]
    assert "did not answer in time" in answers[7]["result"]["content"][0]["text"]
    assert "httpcore" in everything and "DEBUG" in everything, "DEBUG logging was on"
    assert '"outcome": "executed"' in everything, "the audit log was written"
    assert not _leaks(everything)

    answers, everything = await _stdio_run(theirs, tmp_path, [("get_account", {})])
    assert "HTTP 401" in answers[0]["result"]["content"][0]["text"]
    assert not _leaks(everything)

    nowhere = f"http://127.0.0.1:{_free_port()}/v1"
    answers, everything = await _stdio_run(
        nowhere,
        tmp_path,
        [("get_order", {"order_id": orders[0]}), ("create_customer", {"email": "a@example.com"})],
    )
    assert "could not connect" in answers[0]["result"]["content"][0]["text"]
    assert "never reached Crevio" in answers[1]["result"]["content"][0]["text"]
    assert not _leaks(everything)
