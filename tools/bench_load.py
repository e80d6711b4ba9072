"""Load-test crevio-mcp over streamable HTTP, against the same calls made without MCP.

python tools/bench_load.py                        50 sessions x 40 calls
python tools/bench_load.py --sessions 10 --calls 20 --deadline 60

It starts two processes on loopback: the sandbox API (`crevio-mcp sandbox`) and the
server (`crevio-mcp --transport http`, pointed at the sandbox), and stops both at the
end or after --deadline seconds, whichever comes first. Then:

1. MCP: N sessions, each an SDK `Client` over HTTP, connect, and together make N x M
   tool calls, a mix of list and get tools (orders, customers, products);
2. direct: N workers make the same mix of REST calls straight to the sandbox.

For each it prints calls per second, p50 and p99 latency and errors, then the ratio
MCP / direct. The clock runs from the moment every session is connected. Both phases
share the machine with the two server processes, so the figures are for comparing, not
for sizing. Exits 1 on any error.
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import anyio
import httpx
from mcp import Client

from crevio_mcp.sandbox import SANDBOX_TOKEN

# One call of the mix: the tool, its arguments, and the REST request it stands for.
CallSpec = tuple[str, dict[str, Any], str, dict[str, str]]


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def calls(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.calls / self.elapsed if self.elapsed else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return 0.0
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@asynccontextmanager
async def _process(args: list[str], env: dict[str, str], ready_url: str) -> AsyncIterator[None]:
    """Run `python -m crevio_mcp ARGS` until the block ends; wait until it answers HTTP."""
    process = subprocess.Popen(
        [sys.executable, "-m", "crevio_mcp", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        async with httpx.AsyncClient() as http:
            with anyio.fail_after(30):
                while True:
                    if process.poll() is not None:
                        raise RuntimeError(f"crevio-mcp {' '.join(args)} exited early")
                    try:
                        await http.get(ready_url)
                        break
                    except httpx.TransportError:
                        await anyio.sleep(0.1)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _call_mix(api: str) -> list[CallSpec]:
    """Six calls, list and get, on IDs that exist in the seeded sandbox."""
    async with httpx.AsyncClient(
        base_url=api, headers={"Authorization": f"Bearer {SANDBOX_TOKEN}"}
    ) as http:
        first = {
            kind: (await http.get(f"/{kind}", params={"limit": 1})).json()["data"][0]["id"]
            for kind in ("orders", "customers", "products")
        }
    page = {"limit": 10}
    rest_page = {"limit": "10"}
    return [
        ("list_orders", page, "/orders", rest_page),
        ("get_order", {"order_id": first["orders"]}, f"/orders/{first['orders']}", {}),
        ("list_customers", page, "/customers", rest_page),
        (
            "get_customer",
            {"customer_id": first["customers"]},
            f"/customers/{first['customers']}",
            {},
        ),
        ("list_products", page, "/products", rest_page),
        ("get_product", {"product_id": first["products"]}, f"/products/{first['products']}", {}),
    ]


async def _timed(phase: Phase, call: Callable[[], Awaitable[str | None]]) -> None:
    started = time.perf_counter()
    try:
        problem = await call()
    except Exception as exc:  # a failed call is counted, not fatal to the run
        problem = f"{type(exc).__name__}: {exc}"
    phase.latencies.append(time.perf_counter() - started)
    if problem:
        phase.errors.append(problem)


async def _run_mcp(url: str, mix: list[CallSpec], sessions: int, calls: int) -> Phase:
    phase = Phase("MCP over HTTP")
    connected = 0
    go = anyio.Event()

    async def session(index: int) -> None:
        nonlocal connected
        async with Client(url, mode="legacy") as client:
            connected += 1
            if connected == sessions:
                go.set()
            await go.wait()
            for n in range(calls):
                tool, arguments, _, _ = mix[(index + n) % len(mix)]

                async def call(
                    tool: str = tool, arguments: dict[str, Any] = arguments
                ) -> str | None:
                    result = await client.call_tool(tool, arguments)
                    return f"{tool}: tool error" if result.is_error else None

                await _timed(phase, call)

    async with anyio.create_task_group() as group:
        for index in range(sessions):
            group.start_soon(session, index)
        await go.wait()
        started = time.perf_counter()
    phase.elapsed = time.perf_counter() - started
    return phase


async def _run_direct(api: str, mix: list[CallSpec], workers: int, calls: int) -> Phase:
    phase = Phase("direct REST")
    limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
    async with httpx.AsyncClient(
        base_url=api, headers={"Authorization": f"Bearer {SANDBOX_TOKEN}"}, limits=limits
    ) as http:

        async def worker(index: int) -> None:
            for n in range(calls):
                _, _, path, query = mix[(index + n) % len(mix)]

                async def call(path: str = path, query: dict[str, str] = query) -> str | None:
                    response = await http.get(path, params=query)
                    return None if response.is_success else f"GET {path}: {response.status_code}"

                await _timed(phase, call)

        started = time.perf_counter()
        async with anyio.create_task_group() as group:
            for index in range(workers):
                group.start_soon(worker, index)
        phase.elapsed = time.perf_counter() - started
    return phase


def _report(phases: list[Phase], sessions: int, calls: int) -> str:
    lines = [
        f"{sessions} concurrent sessions x {calls} calls, list/get mix; "
        f"{os.cpu_count()} CPUs shared by the load, the server and the sandbox",
        "",
        f"{'':<14} {'calls':>6} {'calls/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}",
    ]
    for phase in phases:
        lines.append(
            f"{phase.name:<14} {phase.calls:>6} {phase.rate:>8.0f} "
            f"{phase.percentile(0.5) * 1000:>8.1f} {phase.percentile(0.99) * 1000:>8.1f} "
            f"{len(phase.errors):>6}"
        )
    mcp, direct = phases
    if direct.rate and direct.percentile(0.5) and direct.percentile(0.99):
        lines.append(
            f"{'MCP / direct':<14} {'':>6} {mcp.rate / direct.rate:>8.2f} "
            f"{mcp.percentile(0.5) / direct.percentile(0.5):>8.1f} "
            f"{mcp.percentile(0.99) / direct.percentile(0.99):>8.1f}"
        )
    for phase in phases:
        for problem in sorted(set(phase.errors))[:5]:
            lines.append(f"{phase.name} error: {problem}")
    return "\n".join(lines) + "\n"


async def bench(sessions: int, calls: int) -> list[Phase]:
    api_port, mcp_port = _free_port(), _free_port()
    api = f"http://127.0.0.1:{api_port}/v1"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREVIO_")}
    server_env = env | {"CREVIO_BASE_URL": api, "CREVIO_API_KEY": SANDBOX_TOKEN}
    server = ["--transport", "http", "--port", str(mcp_port)]
    async with (
        _process(["sandbox", "--port", str(api_port)], env, api),
        _process(server, server_env, f"http://127.0.0.1:{mcp_port}/healthz"),
    ):
        mix = await _call_mix(api)
        mcp = await _run_mcp(f"http://127.0.0.1:{mcp_port}/mcp", mix, sessions, calls)
        direct = await _run_direct(api, mix, sessions, calls)
    return [mcp, direct]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=50, help="concurrent MCP sessions")
    parser.add_argument("--calls", type=int, default=40, help="tool calls per session")
    parser.add_argument("--deadline", type=float, default=300, help="seconds before giving up")
    args = parser.parse_args()

    async def bounded() -> list[Phase] | None:
        with anyio.move_on_after(args.deadline):
            return await bench(args.sessions, args.calls)
        return None

    phases = anyio.run(bounded)
    if phases is None:
        sys.stderr.write(f"bench_load: gave up after {args.deadline:.0f}s\n")
        return 1
    sys.stdout.write(_report(phases, args.sessions, args.calls))
    return 1 if any(phase.errors for phase in phases) else 0


if __name__ == "__main__":
    sys.exit(main())
