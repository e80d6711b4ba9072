"""Builds the MCP server: one tool per registered operation, one shared API client."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.tools import Tool
from mcp.server.mcpserver.utilities.func_metadata import func_metadata
from mcp.types import CallToolResult, ToolAnnotations
from pydantic import ConfigDict, Field, SkipValidation

from crevio_mcp import __version__
from crevio_mcp.client import CrevioClient
from crevio_mcp.errors import ConfigurationError
from crevio_mcp.executor import Executor
from crevio_mcp.guard.tokens import digest
from crevio_mcp.operations import OPERATIONS, Operation
from crevio_mcp.schema import tool_input_schema
from crevio_mcp.settings import Settings

__all__ = ["SANDBOX_BASE_URL", "AppState", "build_server"]

logger = logging.getLogger(__name__)

# The in-process sandbox is reached through an ASGI transport, so this host never resolves.
SANDBOX_BASE_URL = "http://sandbox.crevio.invalid/v1"

INSTRUCTIONS = (
    "Tools for one Crevio store (products, prices, orders, refunds, customers). "
    "IDs carry a type prefix (ord_, cus_, prod_, price_). Lists are paged: when a result "
    "says more exist, pass its starting_after value to see the next page. "
    "Money is shown as '49.00 USD'; API amounts are integers in minor units (cents)."
)


@dataclass(frozen=True)
class AppState:
    client: CrevioClient
    executor: Executor
    account: str
    """What confirmation tokens are bound to: the API token in use (only its digest is kept)."""


def _never_called() -> CallToolResult:
    raise AssertionError("OperationTool.run does not call fn")


class OperationTool(Tool):
    """An MCP tool served from an operation row instead of a decorated function.

    The SDK's Tool derives its schema and validation from a function signature; here
    the operation's parameter model is the single source of both, so `run` is replaced
    and the advertised schema is the lean one from `crevio_mcp.schema`.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    operation: SkipValidation[Operation] = Field(exclude=True)

    @classmethod
    def for_operation(cls, op: Operation) -> OperationTool:
        return cls(
            fn=_never_called,
            name=op.name,
            title=op.title,
            description=op.description,
            parameters=tool_input_schema(op.params),
            fn_metadata=func_metadata(_never_called),
            is_async=True,
            annotations=ToolAnnotations(
                read_only_hint=op.read_only,
                destructive_hint=op.destructive if not op.read_only else None,
                idempotent_hint=op.idempotent if not op.read_only else None,
                open_world_hint=True,
            ),
            operation=op,
        )

    async def run(
        self,
        arguments: dict[str, Any],
        context: Context[Any, Any],
        convert_result: bool = False,
    ) -> Any:
        state: AppState = context.request_context.lifespan_context
        return await state.executor.run(
            self.operation, arguments, context, state.client, state.account
        )


def build_server(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    operations: Iterable[Operation] = OPERATIONS,
) -> MCPServer[AppState]:
    """The MCP server for these settings.

    `transport` replaces the network (tests pass an ASGI transport to a sandbox they
    inspect); with `settings.sandbox` and no transport, an embedded sandbox is created.

    Raises:
        ConfigurationError: no API token and no sandbox.
    """
    base_url = settings.base_url
    api_key = settings.api_key.get_secret_value() if settings.api_key else None
    if settings.sandbox and transport is None:
        # Imported here: the sandbox is only loaded when asked for.
        from crevio_mcp.sandbox import SANDBOX_TOKEN, create_app

        transport = httpx.ASGITransport(app=create_app())
        base_url, api_key = SANDBOX_BASE_URL, SANDBOX_TOKEN
    if not api_key:
        raise ConfigurationError(
            "no Crevio API token: set CREVIO_API_KEY, or pass --sandbox to try the embedded sandbox"
        )

    @asynccontextmanager
    async def lifespan(_: MCPServer[AppState]) -> AsyncIterator[AppState]:
        async with CrevioClient(
            base_url=base_url,
            api_key=api_key,
            timeout=settings.timeout,
            connect_timeout=settings.connect_timeout,
            transport=transport,
        ) as client:
            yield AppState(client=client, executor=executor, account=digest(api_key))

    served = [op for op in operations if op.read_only or not settings.read_only]
    _check_policy(settings, served)
    executor = Executor(settings)
    tools: list[Tool] = [OperationTool.for_operation(op) for op in served]
    return MCPServer(
        "crevio",
        title="Crevio",
        version=__version__,
        instructions=INSTRUCTIONS,
        lifespan=lifespan,
        tools=tools,
        log_level=settings.log_level,
    )


def _check_policy(settings: Settings, served: list[Operation]) -> None:
    """Refuse settings that cannot mean what they say, and announce the risky ones."""
    destructive = {op.name for op in OPERATIONS if op.destructive}
    unknown = settings.skip_confirmation - destructive
    if unknown:
        raise ConfigurationError(
            f"CREVIO_SKIP_CONFIRMATION names tools that are not destructive: "
            f"{', '.join(sorted(unknown))}; destructive tools are: {', '.join(sorted(destructive))}"
        )
    skipped = sorted(settings.skip_confirmation & {op.name for op in served})
    if skipped:
        logger.warning(
            "CONFIRMATION DISABLED for %s: these tools will change the store without asking "
            "anyone. Use this only for unattended runs you trust.",
            ", ".join(skipped),
        )
    if settings.read_only:
        logger.info("read-only mode: %d read tools served, no write tools", len(served))
