"""Streamable HTTP transport: the MCP endpoint at /mcp, its guards, and a health check.

Requests are stateless, so any process or replica can answer any request. Each call
acts with the Crevio token that `Settings.http_auth` picks: the caller's own
`Authorization: Bearer` header, the server's CREVIO_API_KEY, or either. A request to
/mcp with no token to act with gets 401 before the MCP layer sees it; /healthz is open.
Host and Origin headers are checked against allowed lists (DNS-rebinding protection).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import uvicorn
from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from crevio_mcp import __version__
from crevio_mcp.settings import Settings

__all__ = [
    "MCP_PATH",
    "RequireBearer",
    "bearer_token",
    "http_app",
    "serve_http",
    "transport_security",
    "uvicorn_config",
]

logger = logging.getLogger(__name__)

MCP_PATH = "/mcp"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
# Addresses that mean "every interface": no client sends them as its Host.
_ANY_ADDRESS = frozenset({"0.0.0.0", "::", ""})


def bearer_token(headers: Mapping[str, str]) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, if there is one."""
    scheme, _, token = (headers.get("authorization") or "").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def requires_bearer(settings: Settings) -> bool:
    """Whether every MCP request must bring its own token: nothing else to act with."""
    own_token = bool(settings.api_key and settings.api_key.get_secret_value()) or settings.sandbox
    return settings.http_auth == "request" or (settings.http_auth == "either" and not own_token)


class RequireBearer:
    """Answers 401 with `WWW-Authenticate` to requests for `path` that carry no bearer
    token, so a client learns to send one instead of meeting a failed tool call."""

    def __init__(self, app: ASGIApp, *, path: str = MCP_PATH) -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["path"].rstrip("/") == self.path
            and scope["method"] != "OPTIONS"  # CORS preflights never carry credentials
            and bearer_token(Headers(scope=scope)) is None
        ):
            response = JSONResponse(
                {
                    "error": "invalid_request",
                    "error_description": "Send your Crevio API token as "
                    "'Authorization: Bearer <token>'.",
                },
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="crevio-mcp"'},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def transport_security(settings: Settings) -> TransportSecuritySettings:
    """The Host and Origin values /mcp accepts: the configured ones (localhost forms by
    default) plus the bound address, each with any port unless it names one."""
    hosts = list(settings.allowed_hosts or LOCAL_HOSTS)
    bound = _host_literal(settings.host)
    origins = list(settings.allowed_origins or (f"http://{host}" for host in LOCAL_HOSTS))
    if bound not in _ANY_ADDRESS:
        hosts.append(bound)
        origins.append(f"http://{bound}")
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=_with_any_port(hosts),
        allowed_origins=_with_any_port(origins),
    )


def _host_literal(host: str) -> str:
    """An address as it appears in a Host header: IPv6 in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _with_any_port(values: list[str]) -> list[str]:
    """Each value as given, plus `value:*` where it names no port (the SDK's wildcard)."""
    forms: list[str] = []
    for value in values:
        authority = value.split("://", 1)[-1]
        _, colon, port = authority.rpartition(":")
        has_port = colon and (port.isdigit() or port == "*") and not authority.endswith("]")
        forms.extend([value] if has_port else [value, f"{value}:*"])
    return list(dict.fromkeys(forms))


def http_app(server: MCPServer[Any], settings: Settings) -> Starlette:
    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})

    server.custom_route("/healthz", methods=["GET"])(healthz)

    # Stateless: no session lives in one process, so any replica can answer any request.
    # JSON responses: a call's answer is one body, which uvicorn's graceful shutdown lets
    # finish, where sse-starlette cuts SSE response streams at the first signal. The cost:
    # progress notifications sent during a call do not reach HTTP clients.
    app = server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=True,
        json_response=True,
        transport_security=transport_security(settings),
        host=settings.host,
    )
    if requires_bearer(settings):
        app.add_middleware(RequireBearer, path=MCP_PATH)
    return app


def uvicorn_config(app: ASGIApp, settings: Settings) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,  # keep our stderr logging; uvicorn's default sends access logs to stdout
        log_level=settings.log_level.lower(),
        # On SIGTERM or Ctrl-C: stop accepting, let calls in flight finish, then exit.
        timeout_graceful_shutdown=settings.shutdown_timeout,
    )


async def serve_http(server: MCPServer[Any], settings: Settings) -> None:
    app = http_app(server, settings)
    logger.warning(
        "crevio-mcp %s serving MCP at http://%s:%d%s (Crevio token: %s)",
        __version__,
        _host_literal(settings.host),
        settings.port,
        MCP_PATH,
        _token_source(settings),
    )
    if settings.host in _ANY_ADDRESS and settings.allowed_hosts is None:
        logger.warning(
            "listening on every interface but accepting only local Host names; set "
            "CREVIO_ALLOWED_HOSTS to the names clients use to reach this server"
        )
    await uvicorn.Server(uvicorn_config(app, settings)).serve()


def _token_source(settings: Settings) -> str:
    if settings.http_auth == "env":
        return "the server's own"
    if requires_bearer(settings):
        return "each caller's Authorization header"
    return "each caller's Authorization header, else the server's own"
