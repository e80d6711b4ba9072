"""The embedded Crevio sandbox: a local, seeded fake of the Crevio REST API.

It imports nothing from the rest of ``crevio_mcp`` on purpose: it is a second,
independent reading of the API's conventions, so the client and the sandbox
check each other. Public entry points: ``SANDBOX_TOKEN``, ``create_app``,
``Store`` and ``serve``; the seeded well-known values live in ``seed``.
"""

from __future__ import annotations

import logging

from .app import SANDBOX_TOKEN, create_app
from .seed import (
    ACCOUNT_ID,
    DEMO_CUSTOMER_EMAIL,
    DEMO_CUSTOMER_ID,
    DEMO_CUSTOMER_NAME,
    DEMO_ORDER_ID,
    DEMO_PARTIALLY_REFUNDED_ORDER_ID,
    DEMO_PENDING_ORDER_ID,
    DEMO_PRODUCT_ID,
    DEMO_PRODUCT_NAME,
    DEMO_PRODUCT_SLUG,
    DEMO_REFUNDED_ORDER_ID,
)
from .store import RecordedRequest, Store

__all__ = [
    "ACCOUNT_ID",
    "DEMO_CUSTOMER_EMAIL",
    "DEMO_CUSTOMER_ID",
    "DEMO_CUSTOMER_NAME",
    "DEMO_ORDER_ID",
    "DEMO_PARTIALLY_REFUNDED_ORDER_ID",
    "DEMO_PENDING_ORDER_ID",
    "DEMO_PRODUCT_ID",
    "DEMO_PRODUCT_NAME",
    "DEMO_PRODUCT_SLUG",
    "DEMO_REFUNDED_ORDER_ID",
    "SANDBOX_TOKEN",
    "RecordedRequest",
    "Store",
    "create_app",
    "serve",
]


async def serve(host: str = "127.0.0.1", port: int = 8787, token: str = SANDBOX_TOKEN) -> None:
    """Run the sandbox with uvicorn until cancelled. Logs go to stderr only.

    stdout may belong to an MCP stdio transport in the same process, so
    uvicorn's own logging setup (which writes access logs to stdout) is off.
    """
    import uvicorn  # imported here so that importing the sandbox stays light

    config = uvicorn.Config(
        create_app(token),
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        lifespan="off",
    )
    logging.getLogger(__name__).info("Crevio sandbox on http://%s:%d/v1", host, port)
    await uvicorn.Server(config).serve()
