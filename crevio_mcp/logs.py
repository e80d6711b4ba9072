"""Logging setup: everything goes to stderr, because stdout belongs to the protocol."""

from __future__ import annotations

import logging
import sys

__all__ = ["configure_logging"]

# Libraries that log a line per request at INFO; their detail is only wanted when debugging.
_CHATTY = ("httpx", "httpcore", "mcp", "uvicorn.access", "sse_starlette")


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet = logging.DEBUG if level == "DEBUG" else logging.WARNING
    for name in _CHATTY:
        logging.getLogger(name).setLevel(quiet)
