"""Logging setup: everything goes to stderr (or a file), because stdout belongs to the protocol.

The tool being run is kept in a context variable, so the client's one `api_call` line per
request can say which tool asked for it without the tool name being passed down.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

__all__ = ["configure_logging", "current_tool", "running_tool"]

# Libraries that log a line per request at INFO; their detail is only wanted when debugging.
_CHATTY = ("httpx", "httpcore", "mcp", "uvicorn.access", "sse_starlette")

_installed: list[logging.Handler] = []

current_tool: ContextVar[str | None] = ContextVar("crevio_tool", default=None)
"""Name of the MCP tool whose call is running in this task, if any."""


@contextmanager
def running_tool(name: str) -> Iterator[None]:
    """Mark the calls made inside the block as made for tool `name`."""
    token = current_tool.set(name)
    try:
        yield
    finally:
        current_tool.reset(token)


def configure_logging(level: str, file: Path | None = None) -> None:
    """Send every log record at `level` and above to stderr, or appended to `file`."""
    handler: logging.Handler
    if file is None:
        handler = logging.StreamHandler(sys.stderr)
    else:
        handler = logging.FileHandler(file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    while _installed:  # close what an earlier call opened; others' handlers are theirs
        _installed.pop().close()
    _installed.append(handler)
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet = logging.DEBUG if level == "DEBUG" else logging.WARNING
    for name in _CHATTY:
        logging.getLogger(name).setLevel(quiet)
    # Every write attempt is reported, whatever the level: the audit trail is not chatter.
    logging.getLogger("crevio_mcp.audit").setLevel(min(logging.getLevelName(level), logging.INFO))
