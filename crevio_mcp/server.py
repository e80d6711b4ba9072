"""Builds the MCP server: one tool per registered operation, one shared API client."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any

import httpx
from mcp.server.lowlevel import NotificationOptions
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.tools import Tool
from mcp.server.mcpserver.utilities.func_metadata import func_metadata
from mcp.server.models import InitializationOptions
from mcp.types import CallToolResult, InputRequiredResult, TextContent, ToolAnnotations
from pydantic import AfterValidator, ConfigDict, Field, SkipValidation, ValidationError

from crevio_mcp import __version__
from crevio_mcp.client import CrevioClient
from crevio_mcp.errors import ConfigurationError
from crevio_mcp.executor import Executor
from crevio_mcp.guard.tokens import digest
from crevio_mcp.http import bearer_token
from crevio_mcp.logs import running_tool
from crevio_mcp.operations import OPERATIONS, Operation
from crevio_mcp.operations.base import SHARED_PARAMETERS, Params, id_prefixes
from crevio_mcp.prompts import add_prompts
from crevio_mcp.render import plural
from crevio_mcp.resources import add_object_resources
from crevio_mcp.results import error_result, validation_error_result
from crevio_mcp.schema import tool_input_schema
from crevio_mcp.settings import HttpAuth, Settings
from crevio_mcp.toolsets import TOOLSETS, not_served_reason, select

__all__ = ["SANDBOX_BASE_URL", "AppState", "CrevioServer", "build_server"]

logger = logging.getLogger(__name__)

# The in-process sandbox is reached through an ASGI transport, so this host never resolves.
SANDBOX_BASE_URL = "http://sandbox.crevio.invalid/v1"

INSTRUCTIONS = (
    "Tools for one Crevio store: products and their prices (price variants), orders, "
    "refunds, customers, subscriptions, invoices, checkouts, discounts, content, files, "
    "email and webhooks. "
    + id_prefixes()
    + " Amounts you send are integers in minor units (cents: 4900 = 49.00); results show "
    "'49.00 USD'. Times are ISO 8601. update_ tools change only the fields given. Lists "
    "are newest first and paged; results say when more exist. Parameters several tools "
    "share: " + "; ".join(f"{name}: {text}" for name, text in SHARED_PARAMETERS.items()) + "."
)

DYNAMIC_INSTRUCTIONS = (
    " Only some tools are served at first: list_toolsets names the rest and enable_toolset "
    "adds them."
)
"""Appended in dynamic mode: the tool list alone would not tell the model more exists."""


@dataclass(frozen=True)
class AppState:
    client: CrevioClient
    """Acts with the server's own API token, if it has one."""
    executor: Executor
    account: str | None
    """What confirmation tokens are bound to: the API token in use (only its digest is kept)."""
    http_auth: HttpAuth = "env"

    def caller(self, headers: Mapping[str, str] | None) -> tuple[CrevioClient, str]:
        """The client and account one call acts as.

        Over HTTP (`headers` given) the caller's own bearer token is used when
        `http_auth` allows it; otherwise, and on stdio, the server's token.

        Raises:
            ToolError: there is no token to act with. Over HTTP the transport has
                normally answered 401 before a call gets here.
        """
        if headers is not None and self.http_auth != "env":
            token = bearer_token(headers)
            if token:
                return self.client.with_token(token), digest(token)
        if self.account is None or (headers is not None and self.http_auth == "request"):
            raise ToolError(
                "no Crevio API token for this request: the MCP client must send "
                "Authorization: Bearer <Crevio API token>"
            )
        return self.client, self.account


def _never_called() -> CallToolResult:
    raise AssertionError("OperationTool and DiscoveryTool replace run, which calls fn")


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
        client, account = state.caller(context.headers)
        with running_tool(self.operation.name):  # names the tool in each api_call log line
            return await state.executor.run(self.operation, arguments, context, client, account)


class CrevioServer(MCPServer[AppState]):
    """MCPServer that says why a tool it does not hold is missing, when it knows.

    The SDK answers a name it does not hold with `ToolError("Unknown tool: <name>")`,
    which reaches the client as an `is_error` result in both protocol eras, not as a
    protocol error. The model reads that text and can act on it, so the same channel
    carries the reason instead: a toolset to enable, or the setting that holds the
    tool back. `why_missing` returns None to keep the SDK's own answer.
    """

    def __init__(self, *, why_missing: Callable[[str], str | None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._why_missing = why_missing

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[AppState, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        if not _has_tool(self, name):
            reason = self._why_missing(name)
            if reason is not None:
                raise ToolError(reason)
        return await super().call_tool(name, arguments, context)


def build_server(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    operations: Iterable[Operation] = OPERATIONS,
) -> CrevioServer:
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
    # Over HTTP every caller may bring their own token, so the server needs none.
    if not api_key and not (settings.transport == "http" and settings.http_auth != "env"):
        raise ConfigurationError(
            "no Crevio API token: set CREVIO_API_KEY, pass --sandbox to try the embedded "
            "sandbox, or serve --transport http --http-auth request for per-caller tokens"
        )

    @asynccontextmanager
    async def lifespan(_: MCPServer[AppState]) -> AsyncIterator[AppState]:
        async with CrevioClient(
            base_url=base_url,
            api_key=api_key,
            timeout=settings.timeout,
            connect_timeout=settings.connect_timeout,
            transport=transport,
            max_retries=settings.max_retries,
            retry_budget=settings.call_timeout,
            call_timeout=settings.call_timeout,
        ) as client:
            yield AppState(
                client=client,
                executor=executor,
                account=digest(api_key) if api_key else None,
                http_auth=settings.http_auth,
            )

    operations = tuple(operations)
    allowed = [op for op in operations if op.read_only or not settings.read_only]
    toolsets = settings.toolsets
    if toolsets is None and settings.dynamic_toolsets:
        # The model enables toolsets as it needs them, so unset means none to start with,
        # not the default set; named toolsets and single tools are still served at once.
        toolsets = frozenset()
    selection = select(operations, toolsets, settings.tools)
    served = [op for op in allowed if selection.admits(op)]
    _check_ceiling(settings, operations, served)
    _check_policy(settings, allowed if settings.dynamic_toolsets else served)
    executor = Executor(settings)
    tools: list[Tool] = [OperationTool.for_operation(op) for op in served]
    by_name = {op.name: op for op in operations}

    def why_missing(name: str) -> str | None:
        op = by_name.get(name)
        if op is not None:
            return not_served_reason(
                op, read_only=settings.read_only, dynamic=settings.dynamic_toolsets
            )
        if settings.dynamic_toolsets:
            return f"Unknown tool: {name}.\nNext: call list_toolsets to see what can be enabled."
        return None

    server = CrevioServer(
        why_missing=why_missing,
        name="crevio",
        title="Crevio",
        version=__version__,
        instructions=INSTRUCTIONS + (DYNAMIC_INSTRUCTIONS if settings.dynamic_toolsets else ""),
        lifespan=lifespan,
        tools=tools,
        log_level=settings.log_level,
    )
    # Resources are read by the person, not listed to the model, so they are served
    # whatever the toolsets. A prompt tells the model which tools to call, so it is served
    # only where those tools are (or, in dynamic mode, can be enabled).
    add_object_resources(server)
    add_prompts(
        server,
        tools=frozenset(op.name for op in (allowed if settings.dynamic_toolsets else served)),
    )
    if settings.dynamic_toolsets:
        add_discovery_tools(server, allowed, read_only=settings.read_only)
    return server


class ListToolsetsParams(Params):
    pass


class EnableToolsetParams(Params):
    toolset: Annotated[
        str,
        Field(description="A name from list_toolsets; several as a,b; or all."),
        AfterValidator(str.lower),
    ]


def _discovery_row(name: str, title: str, description: str, params: type[Params]) -> Operation:
    """An operation row for a discovery tool, so its arguments are checked and refused
    as a store tool's are (`validation_error_result` reads a row's name and parameters).
    Nothing is ever sent for it: method and path only complete the row."""
    return Operation(
        name=name,
        title=title,
        description=description,
        method="GET",
        path="",
        params=params,
        returns="toolset",
        toolset="discovery",
    )


LIST_TOOLSETS = _discovery_row(
    "list_toolsets",
    "List toolsets",
    "List the toolsets: what each covers and whether it is enabled.",
    ListToolsetsParams,
)
ENABLE_TOOLSET = _discovery_row(
    "enable_toolset",
    "Enable a toolset",
    "Enable a toolset, so its tools are listed and can be called.",
    EnableToolsetParams,
)

DiscoveryHandler = Callable[[Any, Context[AppState, Any]], Awaitable[CallToolResult]]


class DiscoveryTool(Tool):
    """A tool that changes what this session lists, served from a row like OperationTool.

    The SDK's function tools answer bad arguments with pydantic's raw text and ignore
    unknown ones; here the row's parameter model validates, and a bad call is answered
    in the store tools' words.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    row: SkipValidation[Operation] = Field(exclude=True)
    handler: SkipValidation[DiscoveryHandler] = Field(exclude=True)

    @classmethod
    def for_row(cls, row: Operation, handler: DiscoveryHandler) -> DiscoveryTool:
        return cls(
            fn=_never_called,
            name=row.name,
            title=row.title,
            description=row.description,
            parameters=tool_input_schema(row.params),
            fn_metadata=func_metadata(_never_called),
            is_async=True,
            # Read-only in the annotation's sense: readOnlyHint is about the environment
            # the tool acts on, here the store, and neither touches it; enabling only
            # changes what this session lists. A host may then run them without asking
            # the user, which is right for a step the user never needs to weigh.
            annotations=ToolAnnotations(read_only_hint=True, open_world_hint=False),
            row=row,
            handler=handler,
        )

    async def run(
        self,
        arguments: dict[str, Any],
        context: Context[Any, Any],
        convert_result: bool = False,
    ) -> Any:
        try:
            params = self.row.params.model_validate(arguments)
        except ValidationError as exc:
            return validation_error_result(self.row, exc)
        return await self.handler(params, context)


def add_discovery_tools(
    server: MCPServer[AppState],
    allowed: Sequence[Operation],
    *,
    read_only: bool,
) -> None:
    """Serve `list_toolsets` and `enable_toolset`; enabling adds that toolset's tools.

    Tools belong to this server instance, so over stateless HTTP every client of the
    process sees what any one of them enabled.
    """
    by_toolset = {name: [op for op in allowed if op.toolset == name] for name in TOOLSETS}
    available = [name for name, ops in by_toolset.items() if ops]
    by_name = {op.name: op for op in OPERATIONS}

    async def list_toolsets(_: ListToolsetsParams, ctx: Context[AppState, Any]) -> CallToolResult:
        lines = []
        for name in available:
            ops = by_toolset[name]
            count = len(ops)
            # Read from what is served, so single tools (--tools) and toolsets enabled
            # since count too: "enabled" means every tool of the toolset is there.
            served = sum(_has_tool(server, op.name) for op in ops)
            if served == count:
                state = " (enabled)"
            elif served:
                state = f" ({served} of {count} served)"
            else:
                state = ""
            lines.append(f"{name}{state}: {TOOLSETS[name]} {count} {plural('tool', count)}.")
        return _reply("\n".join(lines))

    # Answers with results rather than raising ToolError: the SDK prefixes a ToolError
    # with "Error executing tool <name>:", which the operation tools' errors do not carry
    # and the model does not need.
    async def enable_toolset(
        params: EnableToolsetParams, ctx: Context[AppState, Any]
    ) -> CallToolResult:
        # Models ask for several at once as "billing,content", as --toolsets takes them.
        names = [name.strip() for name in params.toolset.split(",") if name.strip()]
        for name in names or [params.toolset]:
            if name != "all" and (refusal := _refusal(name)) is not None:
                return refusal
        if "all" in names:  # as --toolsets all: every toolset this server may serve
            return await _enable(available, ctx, what="every toolset")
        return await _enable(list(dict.fromkeys(names)), ctx)

    def _refusal(toolset: str) -> CallToolResult | None:
        """Why `toolset` cannot be enabled here, as the tool's answer; None if it can."""
        if toolset in available:
            return None
        if toolset in by_name:
            op = by_name[toolset]
            return error_result(
                f"{toolset} is a tool, not a toolset; it is in the {op.toolset} toolset.\n"
                f"Next: call enable_toolset with toolset={op.toolset}."
            )
        if read_only and toolset in TOOLSETS:
            return error_result(
                f"The {toolset} toolset holds only tools that change the store, and this "
                f"server is read-only (--read-only), so it has nothing to enable.\n"
                f"Next: call list_toolsets to choose another, or tell the user {toolset} "
                f"needs the server started without --read-only."
            )
        return error_result(
            f"There is no toolset {toolset!r}; the toolsets are {', '.join(available)}, "
            f"or all for every one.\n"
            f"Next: call enable_toolset with one of those names (list_toolsets says what "
            f"each covers)."
        )

    async def _enable(
        toolsets: Sequence[str], ctx: Context[AppState, Any], what: str | None = None
    ) -> CallToolResult:
        tools = [OperationTool.for_operation(op) for name in toolsets for op in by_toolset[name]]
        added = [tool.name for tool in tools if _add_tool(server, tool)]
        several = what is None and len(toolsets) > 1
        what = what or " and ".join(toolsets)
        if not added:
            # Not an error: enabling is idempotent and what was asked for holds, so the
            # model is pointed at the tools rather than told something failed.
            names = ", ".join(tool.name for tool in tools)
            is_, its = ("are", "their") if several else ("is", "its")
            return _reply(f"{what} {is_} already enabled.\nNext: call {its} tools: {names}.")
        await _notify_tool_list_changed(ctx)
        if len(added) > 20:  # naming every tool would cost what dynamic mode saves
            return _reply(f"Enabled {what}: {len(added)} more {plural('tool', len(added))}.")
        return _reply(f"Enabled {what}: {', '.join(added)}.")

    _add_tool(server, DiscoveryTool.for_row(LIST_TOOLSETS, list_toolsets))
    _add_tool(server, DiscoveryTool.for_row(ENABLE_TOOLSET, enable_toolset))
    _advertise_tool_list_changes(server)


def _reply(text: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)])


async def _notify_tool_list_changed(ctx: Context[AppState, Any]) -> None:
    """Tell the client in both protocol eras; each call is a no-op in the other era."""
    await ctx.session.send_tool_list_changed()  # handshake era (up to 2025-11-25)
    await ctx.notify_tools_changed()  # 2026-07-28: subscriptions/listen streams


# The helpers below reach into the SDK's private state. mcp 2.3 has no public way to ask
# whether a tool is registered, to add an already built Tool (add_tool only wraps a
# function, and OperationTool serves an operation row instead), nor to advertise
# tools.listChanged on the handshake. Keep every such access here so an SDK upgrade has
# one place to look.


def _has_tool(server: MCPServer[AppState], name: str) -> bool:
    # list_tools() is public but builds the whole wire listing; this is a dict lookup.
    return server._tool_manager.get_tool(name) is not None


def _add_tool(server: MCPServer[AppState], tool: Tool) -> bool:
    """Register a built tool, also on a running server; False if the name is taken."""
    if _has_tool(server, tool.name):
        return False
    server._tool_manager._tools[tool.name] = tool  # no public add for a built Tool (see above)
    return True


def _advertise_tool_list_changes(server: MCPServer[AppState]) -> None:
    """Make the handshake say `tools.listChanged: true`, which MCPServer hard-codes to false.

    Every transport (stdio, HTTP, the in-memory client) builds its InitializeResult from
    the low-level server's `create_initialization_options`, so wrapping that one method
    covers them all. The 2026-07-28 era derives the flag itself and needs nothing.
    """
    lowlevel = server._lowlevel_server  # see the note above
    original = lowlevel.create_initialization_options

    def with_tools_changed(
        notification_options: NotificationOptions | None = None,
        experimental_capabilities: dict[str, dict[str, Any]] | None = None,
        extensions: dict[str, dict[str, Any]] | None = None,
    ) -> InitializationOptions:
        options = notification_options or NotificationOptions()
        options.tools_changed = True
        return original(options, experimental_capabilities, extensions)

    lowlevel.create_initialization_options = with_tools_changed  # type: ignore[method-assign]  # see above


def _check_ceiling(
    settings: Settings, operations: Sequence[Operation], served: list[Operation]
) -> None:
    """Refuse settings that serve nothing, and say which named tools --read-only removes.

    Raises:
        ConfigurationError: outside dynamic mode, no tool is left to serve.
    """
    if not served and not settings.dynamic_toolsets:
        chosen = " ".join(
            f"{flag} {','.join(sorted(names))}"
            for flag, names in (("--toolsets", settings.toolsets), ("--tools", settings.tools))
            if names
        )
        if settings.read_only:
            raise ConfigurationError(
                f"no tools to serve: every tool chosen ({chosen}) changes the store, and "
                "--read-only serves only tools that read; choose toolsets or tools that read "
                "(`crevio-mcp tools --toolsets all --read-only` lists them), or drop --read-only"
            )
        raise ConfigurationError(
            f"no tools to serve: none are chosen{f' ({chosen})' if chosen else ''}; "
            "choose toolsets with --toolsets or single tools with --tools"
        )
    if not settings.read_only:
        return
    emptied = sorted(
        name
        for name in settings.toolsets or ()
        if name in TOOLSETS and not any(op.read_only for op in operations if op.toolset == name)
    )
    if emptied:
        one = len(emptied) == 1
        logger.warning(
            "--read-only leaves nothing of %s, named in --toolsets: every tool %s changes "
            "the store. Start without --read-only to serve %s.",
            ", ".join(emptied),
            "there" if one else "in them",
            "it" if one else "them",
        )
    writes = {op.name for op in operations if not op.read_only}
    dropped = sorted(settings.tools & writes)
    if dropped:
        one = len(dropped) == 1
        logger.warning(
            "--read-only drops %s, named in --tools: %s the store, and read-only is a ceiling "
            "over --toolsets and --tools. Start without --read-only to serve %s.",
            ", ".join(dropped),
            "it changes" if one else "they change",
            "it" if one else "them",
        )


def _check_policy(settings: Settings, served: list[Operation]) -> None:
    """Refuse settings that cannot mean what they say, and announce the risky ones."""
    if settings.dynamic_toolsets and settings.transport == "http":
        # Enabled toolsets live in one server object: over stateless HTTP every caller of
        # the process would share them, and another replica would not have them at all.
        raise ConfigurationError(
            "--dynamic-toolsets works over stdio only; over HTTP choose the tools with "
            "--toolsets or --tools"
        )
    destructive = {op.name for op in OPERATIONS if op.destructive}
    unknown = settings.skip_confirmation - destructive
    if unknown:
        raise ConfigurationError(
            f"CREVIO_SKIP_CONFIRMATION names {plural('tool', len(unknown))} that "
            f"{'is' if len(unknown) == 1 else 'are'} not destructive: "
            f"{', '.join(sorted(unknown))}; destructive tools are: {', '.join(sorted(destructive))}"
        )
    skipped = sorted(settings.skip_confirmation & {op.name for op in served})
    if skipped:
        logger.warning(
            "CONFIRMATION DISABLED for %s: %s will change the store without asking anyone. "
            "Use this only for unattended runs you trust.",
            ", ".join(skipped),
            "this tool" if len(skipped) == 1 else "these tools",
        )
    if settings.read_only:
        logger.info(
            "read-only mode: %d read %s served, no write tools",
            len(served),
            plural("tool", len(served)),
        )
