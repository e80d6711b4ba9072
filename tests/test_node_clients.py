"""Third-party clients against `crevio-mcp --sandbox`, over stdio and streamable HTTP.

The MCP Inspector CLI (with `--strict`, which reports tool schemas other clients may
refuse) and the TypeScript MCP SDK client are what many hosts are built on, and they
were written by other people than the Python SDK. Their versions are pinned in
tests/clients/package.json; `.ci/run` installs them with `npm ci --prefix tests/clients`,
and the first test run here does the same if they are missing. Each test starts the
real command-line server in a subprocess, as a host would.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from crevio_mcp.operations import OPERATIONS
from crevio_mcp.sandbox import DEMO_ORDER_ID

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.skipif(
        shutil.which("node") is None or shutil.which("npm") is None,
        reason="node and npm are not installed; the third-party client tests need Node 20+",
    ),
]

CLIENTS = Path(__file__).parent / "clients"
INSPECTOR = CLIENTS / "node_modules" / ".bin" / "inspector"
TS_CLIENT = CLIENTS / "ts_client.mjs"
SERVER = [sys.executable, "-m", "crevio_mcp", "--sandbox"]

# Confirmation tokens are signed; over stdio the Inspector starts a fresh server for each
# call, so the servers share a secret to accept each other's tokens.
SERVER_ENV = {"CREVIO_TOOLSETS": "all", "CREVIO_CONFIRM_SECRET": "node-client-tests"}
REFUND = {"order": DEMO_ORDER_ID, "amount": 1000, "reason": "requested_by_customer"}


@pytest.fixture(scope="session")
def node_packages() -> None:
    """The pinned clients, installed from package-lock.json if they are not yet."""
    if INSPECTOR.exists():
        return
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(CLIENTS)],
        check=True,
        timeout=300,
        stdout=subprocess.DEVNULL,
    )


def _env(extra: Mapping[str, str] = SERVER_ENV) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREVIO_")}
    return {**env, **extra}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
async def http_target(node_packages: None) -> AsyncIterator[str]:
    """`crevio-mcp --sandbox --transport http` in a subprocess; its /mcp URL."""
    port = _free_port()
    async with await anyio.open_process(
        [*SERVER, "--transport", "http", "--port", str(port)],
        env=_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=None,
    ) as process:
        try:
            async with httpx.AsyncClient() as http:
                with anyio.fail_after(30):
                    while True:
                        try:
                            if (await http.get(f"http://127.0.0.1:{port}/healthz")).is_success:
                                break
                        except httpx.TransportError:
                            pass
                        assert process.returncode is None, "the HTTP server exited at start"
                        await anyio.sleep(0.1)
            yield f"http://127.0.0.1:{port}/mcp"
        finally:
            process.terminate()
            with anyio.fail_after(10):
                await process.wait()


@pytest.fixture(params=["stdio", "http"])
def target(request: pytest.FixtureRequest, node_packages: None) -> list[str]:
    """What a client is pointed at: the server command (stdio) or its URL (HTTP)."""
    if request.param == "stdio":
        return ["--", *SERVER]
    url: str = request.getfixturevalue("http_target")
    return [url]


async def _run(command: list[str], env: Mapping[str, str]) -> subprocess.CompletedProcess[bytes]:
    with anyio.fail_after(120):
        return await anyio.run_process(command, env=env, check=False)


async def _inspector(
    target: list[str], *args: str, env: Mapping[str, str] = SERVER_ENV
) -> tuple[int, dict[str, Any], str]:
    """One Inspector CLI call: its exit code, its JSON output and its stderr."""
    # Over stdio the Inspector starts the server with only the variables it is given.
    stdio = target[0] == "--"
    server_env = [arg for k, v in env.items() for arg in ("-e", f"{k}={v}")] if stdio else []
    done = await _run(
        [str(INSPECTOR), "--cli", "--format", "json", *args, *server_env, *target], _env(env)
    )
    stderr = done.stderr.decode()
    out = done.stdout.decode().strip()
    assert out, f"no output (exit {done.returncode}): {stderr}"
    output: dict[str, Any] = json.loads(out.splitlines()[-1])
    return done.returncode, output, stderr


async def _call(target: list[str], tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    code, output, stderr = await _inspector(
        target,
        "--method=tools/call",
        f"--tool-name={tool}",
        f"--tool-args-json={json.dumps(arguments)}",
    )
    assert code == 0, f"{tool} exited {code}: {stderr} {output}"
    result: dict[str, Any] = output["result"]
    assert result["isError"] is False
    return result


def _text(result: Mapping[str, Any]) -> str:
    return "\n".join(c["text"] for c in result["content"] if c["type"] == "text")


async def _strict_tool_list(target: list[str], env: Mapping[str, str]) -> set[str]:
    """Tool names, after the Inspector's --strict check found no error-severity problem."""
    code, output, stderr = await _inspector(target, "--strict", "--method=tools/list", env=env)
    assert code == 0, f"exit {code}: {stderr}"
    errors = [f for f in output.get("schemaFindings", []) if "error" in json.dumps(f)]
    assert not errors, errors
    return {tool["name"] for tool in output["result"]["tools"]}


async def test_the_inspector_finds_no_schema_portability_errors(target: list[str]) -> None:
    tools = await _strict_tool_list(target, SERVER_ENV)
    assert len(tools) == len(OPERATIONS)


# A server with one tool whose schema uses a bare `true` for a property, which the
# Inspector's --strict check calls an error: proof that the check above can fail.
UNPORTABLE_SERVER = """
from mcp.server.mcpserver import MCPServer
server = MCPServer("unportable")
@server.tool()
def anything(x: int) -> str:
    return "ok"
server._tool_manager.get_tool("anything").parameters = {
    "type": "object", "properties": {"x": True}
}
server.run()
"""


async def test_the_strict_check_fails_a_schema_other_clients_would_refuse(
    node_packages: None,
) -> None:
    code, output, stderr = await _inspector(
        ["--", sys.executable, "-c", UNPORTABLE_SERVER], "--strict", "--method=tools/list", env={}
    )
    assert code == 6, stderr  # the Inspector's exit code for schema portability errors
    assert "boolean-schema" in json.dumps(output["schemaFindings"])


async def test_the_discovery_tools_pass_the_strict_check_too(node_packages: None) -> None:
    env = {"CREVIO_DYNAMIC_TOOLSETS": "true"}  # no CREVIO_TOOLSETS: discovery picks them
    tools = await _strict_tool_list(["--", *SERVER], env)
    assert {"list_toolsets", "enable_toolset"} <= tools


async def test_the_inspector_reads_an_order_then_refunds_it_with_a_token(
    target: list[str],
) -> None:
    order = await _call(target, "get_order", {"order_id": DEMO_ORDER_ID})
    assert _text(order).startswith(f"Order {DEMO_ORDER_ID}: succeeded")

    preview = (await _call(target, "create_refund", REFUND))["structuredContent"]
    assert preview["status"] == "confirmation_required"
    assert "10.00 USD" in preview["preview"]

    token = preview["confirmation_token"]
    refund = await _call(target, "create_refund", {**REFUND, "confirmation_token": token})
    assert refund["structuredContent"]["object"] == "refund"
    assert refund["structuredContent"]["amount"] == 1000

    code, output, stderr = await _inspector(
        target, "--method=resources/read", f"--uri=crevio://orders/{DEMO_ORDER_ID}"
    )
    assert code == 0, stderr
    (content,) = output["result"]["contents"]
    assert content["text"].startswith(f"Order {DEMO_ORDER_ID}: ")
    if target[0] != "--":  # one HTTP server saw every call, so the order shows the refund
        assert "refunded: 10.00 USD" in content["text"]


@pytest.mark.parametrize("era", ["legacy", "modern"])
async def test_the_inspector_reads_an_order_resource_in_either_era(
    target: list[str], era: str
) -> None:
    code, output, stderr = await _inspector(
        target,
        f"--protocol-era={era}",
        "--method=resources/read",
        f"--uri=crevio://orders/{DEMO_ORDER_ID}",
    )
    assert code == 0, stderr
    (content,) = output["result"]["contents"]
    assert content["text"].startswith(f"Order {DEMO_ORDER_ID}: succeeded")
    assert "line items:" in content["text"]


async def test_the_inspector_reports_a_refused_call_as_a_tool_error(target: list[str]) -> None:
    code, output, _ = await _inspector(
        target,
        "--method=tools/call",
        "--tool-name=create_refund",
        f"--tool-args-json={json.dumps({**REFUND, 'confirmation_token': 'forged'})}",
    )
    assert code == 5  # the Inspector's exit code for an isError result
    assert "was not run" in _text(output["result"])


async def test_the_typescript_client_refunds_once_after_a_yes(target: list[str]) -> None:
    if target[0] == "--":
        command = ["node", str(TS_CLIENT), "stdio", *target[1:]]
    else:
        command = ["node", str(TS_CLIENT), "http", target[0]]
    done = await _run(command, _env())
    assert done.returncode == 0, done.stderr.decode()
    report = json.loads(done.stdout.decode())

    assert report["server"]["name"] == "crevio"
    assert {"get_order", "create_refund", "list_refunds"} <= set(report["tools"])
    order = report["order"]
    assert not report["get_order"]["isError"]
    (content,) = report["resource"]
    assert content["uri"] == f"crevio://orders/{order}"
    assert content["text"].startswith(report["get_order"]["text"].splitlines()[0])
    assert {p["name"] for p in report["prompts"]} >= {"refund_order", "sales_summary"}

    *asked, done_call = report["refund_calls"]
    assert not done_call["isError"], done_call["text"]
    assert done_call["structured"]["object"] == "refund"
    assert report["refunds_after"] == report["refunds_before"] + 1
    if target[0] == "--":
        # stdio has a back-channel: the server asks through the client, which says yes.
        (question,) = report["elicitations"]
        assert f"Refund 5.00 USD of order {order}" in question
        assert not asked
    else:
        # Stateless HTTP cannot carry a question: a preview and a token instead.
        assert report["elicitations"] == []
        (preview,) = asked
        assert preview["structured"]["status"] == "confirmation_required"
