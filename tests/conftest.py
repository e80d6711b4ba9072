"""Shared fixtures: a fresh sandbox per test and the server wired to it in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from crevio_mcp.sandbox import SANDBOX_TOKEN, Store, create_app
from crevio_mcp.server import SANDBOX_BASE_URL, AppState, build_server
from crevio_mcp.settings import Settings


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def every_toolset(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests call every tool, so they serve every toolset unless they say otherwise;
    tests of the default set pass `toolsets=None` explicitly."""
    monkeypatch.setenv("CREVIO_TOOLSETS", "all")


@pytest.fixture
def sandbox() -> Starlette:
    return create_app()


@pytest.fixture
def store(sandbox: Starlette) -> Store:
    store: Store = sandbox.state.store
    return store


@pytest.fixture
def settings() -> Settings:
    return Settings(api_key=SANDBOX_TOKEN, base_url=SANDBOX_BASE_URL)


@pytest.fixture
def server(sandbox: Starlette, settings: Settings) -> MCPServer[AppState]:
    return build_server(settings, transport=httpx.ASGITransport(app=sandbox))


# Real hosts use the handshake era today; the SDK's own default is the 2026-07-28 era.
# Every client-driven test runs in both.
@pytest.fixture(params=["legacy", "auto"])
def mode(request: pytest.FixtureRequest) -> Any:
    return request.param


@pytest.fixture
async def client(server: MCPServer[AppState], mode: Any) -> AsyncIterator[Client]:
    async with Client(server, mode=mode) as connected:
        yield connected


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Report how many calls the generated (property-based) tests made: each such test
    records its count with `record_property("generated_calls", n)`."""
    counts = [
        (report.nodeid, value)
        for report in terminalreporter.stats.get("passed", [])
        + terminalreporter.stats.get("failed", [])
        for name, value in getattr(report, "user_properties", [])
        if name == "generated_calls"
    ]
    if counts:
        terminalreporter.write_sep("-", "generated tool calls")
        for nodeid, value in counts:
            terminalreporter.write_line(f"{value:>6}  {nodeid}")
        terminalreporter.write_line(f"{sum(v for _, v in counts):>6}  in all")
