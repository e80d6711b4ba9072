"""Streamable HTTP transport: the MCP endpoint at /mcp plus a health check."""

from __future__ import annotations

import logging
from typing import Any

import uvicorn
from mcp.server.mcpserver import MCPServer
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from crevio_mcp import __version__
from crevio_mcp.settings import Settings

__all__ = ["http_app", "serve_http"]

logger = logging.getLogger(__name__)


def http_app(server: MCPServer[Any], settings: Settings) -> Any:
    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__})

    server.custom_route("/healthz", methods=["GET"])(healthz)

    # Stateless: no session lives in one process, so any replica can answer any request.
    return server.streamable_http_app(stateless_http=True, host=settings.host)


async def serve_http(server: MCPServer[Any], settings: Settings) -> None:
    app = http_app(server, settings)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,  # keep our stderr logging; uvicorn's default sends access logs to stdout
        log_level=settings.log_level.lower(),
        timeout_graceful_shutdown=10,
    )
    logger.warning(
        "crevio-mcp %s serving MCP at http://%s:%d/mcp", __version__, settings.host, settings.port
    )
    await uvicorn.Server(config).serve()
