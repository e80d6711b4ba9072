"""The server over its real transports: a stdio subprocess and streamable HTTP."""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import AsyncIterator
from typing import Any

import anyio
import httpx
import pytest
import uvicorn
from mcp import Client, StdioServerParameters
from mcp.server.mcpserver import MCPServer

from crevio_mcp.http import http_app
from crevio_mcp.server import AppState
from crevio_mcp.settings import Settings
from tests.helpers import structured, text_of

pytestmark = pytest.mark.anyio


# The handshake-era opening every raw stdio conversation below starts with.
HANDSHAKE: list[dict[str, Any]] = [
    {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "raw-test", "version": "0"},
        },
    },
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
]


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CREVIO_")}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_the_sdk_stdio_client_drives_the_sandbox_server(mode: Any) -> None:
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "crevio_mcp", "--sandbox"], env=_clean_env()
    )
    with anyio.fail_after(60):
        async with Client(params, mode=mode) as client:
            names = {tool.name for tool in (await client.list_tools()).tools}
            assert {"list_orders", "get_order", "create_customer"} <= names
            page = await client.call_tool("list_orders", {"limit": 3})
            assert len(structured(page)["data"]) == 3
            created = await client.call_tool("create_customer", {"email": "stdio@example.com"})
            assert not created.is_error, text_of(created)


async def test_every_line_on_stdout_is_a_json_rpc_message() -> None:
    requests = [
        *HANDSHAKE,
        {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
        {
            "jsonrpc": "2.0",
            "id": 3,
            "method": "tools/call",
            "params": {"name": "get_order", "arguments": {"order_id": "ord_nope"}},
        },
        {
            "jsonrpc": "2.0",
            "id": 4,
            "method": "tools/call",
            "params": {"name": "list_customers", "arguments": {"limit": 2}},
        },
    ]
    lines: list[str] = []
    with anyio.fail_after(60):
        async with await anyio.open_process(
            [sys.executable, "-m", "crevio_mcp", "--sandbox", "--log-level", "INFO"],
            env=_clean_env(),
        ) as process:
            assert process.stdin is not None and process.stdout is not None
            payload = "".join(json.dumps(r) + "\n" for r in requests)
            await process.stdin.send(payload.encode())
            buffer = b""
            # Keep stdin open until every answer is in; closing early races the replies.
            while sum(1 for line in lines if '"id"' in line) < 4:
                chunk = await process.stdout.receive()
                buffer += chunk
                *complete, buffer = buffer.split(b"\n")
                lines.extend(line.decode() for line in complete if line)
            await process.stdin.aclose()
            await process.wait()

    messages = [json.loads(line) for line in lines]
    assert all(message.get("jsonrpc") == "2.0" for message in messages)
    by_id = {m["id"]: m for m in messages if "id" in m}
    assert by_id[3]["result"]["isError"] is True
    assert len(by_id[4]["result"]["structuredContent"]["data"]) == 2


@pytest.fixture
async def http_url(server: MCPServer[AppState], settings: Settings) -> AsyncIterator[str]:
    port = _free_port()
    config = uvicorn.Config(
        http_app(server, settings), host="127.0.0.1", port=port, log_config=None
    )
    runner = uvicorn.Server(config)
    async with anyio.create_task_group() as group:
        group.start_soon(runner.serve)
        with anyio.fail_after(10):
            while not runner.started:
                await anyio.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
        runner.should_exit = True


async def test_the_same_calls_work_over_streamable_http(http_url: str, mode: Any) -> None:
    async with Client(f"{http_url}/mcp", mode=mode) as client:
        first = structured(await client.call_tool("list_orders", {"limit": 1}))["data"][0]
        order = await client.call_tool(
            "get_order", {"order_id": first["id"], "expand": ["customer", "line_items"]}
        )
        assert isinstance(structured(order)["customer"], dict)
        created = await client.call_tool("create_customer", {"email": "http@example.com"})
        customer_id = structured(created)["id"]
        updated = await client.call_tool(
            "update_customer", {"customer_id": customer_id, "name": "Over HTTP"}
        )
        assert "Over HTTP" in text_of(updated)


async def test_the_http_server_answers_its_health_check(http_url: str) -> None:
    async with httpx.AsyncClient() as http:
        response = await http.get(f"{http_url}/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


async def test_each_write_is_reported_on_stderr_at_the_default_log_level() -> None:
    requests = [
        *HANDSHAKE,
        {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "tools/call",
            "params": {"name": "create_customer", "arguments": {"email": "audit@example.com"}},
        },
    ]
    with anyio.fail_after(60):
        async with await anyio.open_process(
            [sys.executable, "-m", "crevio_mcp", "--sandbox"], env=_clean_env()
        ) as process:
            assert process.stdin and process.stdout and process.stderr
            await process.stdin.send("".join(json.dumps(r) + "\n" for r in requests).encode())
            received = b""
            while b'"id":2' not in received.replace(b" ", b""):
                received += await process.stdout.receive()
            await process.stdin.aclose()
            await process.wait()
            errors = b""
            async for chunk in process.stderr:
                errors += chunk
    log = errors.decode()
    assert "audit" in log and '"tool": "create_customer"' in log and '"outcome": "executed"' in log
    assert "audit@example.com" not in log
