"""Developer settings: webhook endpoints, webhook events, x402 configuration.

No webhook is ever delivered: the sandbox records events so they can be listed,
and makes no outbound requests.
"""

from __future__ import annotations

import hashlib
import re
from typing import Final
from urllib.parse import urlparse

from ..events import EVENT_TYPES
from ..resource import Filter, ResourceSpec, public
from ..routing import Call, Reply, Route, ok
from ..store import Record
from ..validation import Field, Problems
from .common import account

LOCAL_HOSTS: Final = frozenset({"localhost", "127.0.0.1", "::1"})
X402_CHAINS: Final = ("base", "base_sepolia", "ethereum", "polygon", "arbitrum", "optimism")
WALLET_RE: Final = re.compile(r"^0x[0-9a-fA-F]{40}$")
ALL_EVENTS: Final = "*"

# Endpoint changes record no events: they configure the event system itself.
WEBHOOK_ENDPOINTS = ResourceSpec(
    kind="webhook_endpoint", path="webhook_endpoints", event_prefix=None
)
WEBHOOK_EVENTS = ResourceSpec(
    kind="event",
    path="webhook_events",
    filters={"type": Filter(choices=EVENT_TYPES)},
    event_prefix=None,
)

ENDPOINT_SCHEMA: Final = {
    "url": Field("url", required=True, max_length=2000),
    "enabled_events": Field("list", items="string", required=True),
    "description": Field(max_length=500),
    "disabled": Field("boolean", nullable=False),
}


def _check_endpoint(problems: Problems, values: dict[str, object]) -> None:
    url = values.get("url")
    if isinstance(url, str):
        parsed = urlparse(url)
        if parsed.scheme != "https" and (parsed.hostname or "") not in LOCAL_HOSTS:
            problems.add("url", "invalid", "webhook URLs must use https (except localhost)")
    events = values.get("enabled_events")
    if isinstance(events, list):
        if not events:
            problems.add("enabled_events", "required", "subscribe to at least one event")
        unknown = [e for e in events if e != ALL_EVENTS and e not in EVENT_TYPES]
        if unknown:
            problems.add(
                "enabled_events",
                "invalid",
                f"unknown event types: {', '.join(map(str, unknown))}",
            )


def create_endpoint(call: Call) -> Reply:
    store = call.store
    problems = Problems()
    values = problems.check(call.body, ENDPOINT_SCHEMA)
    _check_endpoint(problems, values)
    problems.raise_if_any()
    new_id, now = store.new_id("webhook_endpoint"), store.now()
    # Deterministic per ID so runs are repeatable; it signs nothing real.
    secret = "whsec_" + hashlib.sha256(f"{store.seed}:{new_id}".encode()).hexdigest()[:32]
    record: Record = {
        "id": new_id,
        "object": "webhook_endpoint",
        "url": values["url"],
        "enabled_events": values["enabled_events"],
        "description": values.get("description"),
        "disabled": values.get("disabled", False),
        "created_at": now,
        "updated_at": now,
        "_secret": secret,
    }
    store.put(record)
    # The secret is shown once, here, and never again.
    return ok({**public(record), "secret": secret}, 201)


def update_endpoint(call: Call, endpoint: Record) -> None:
    problems = Problems()
    values = problems.check(call.body, ENDPOINT_SCHEMA, partial=True)
    _check_endpoint(problems, values)
    problems.raise_if_any()
    endpoint.update(values)


# ----- x402 ------------------------------------------------------------------------

X402_SCHEMA: Final = {
    "x402_enabled": Field("boolean", nullable=False),
    "x402_wallet_address": Field(),
    "x402_chain": Field(choices=X402_CHAINS, nullable=False),
}
X402_KEY: Final = "_x402_configuration"


def _x402(call: Call) -> Record:
    owner = account(call.store)
    config: Record = owner[X402_KEY]
    return config


def retrieve_x402(call: Call) -> Reply:
    return ok(dict(_x402(call)))


def update_x402(call: Call) -> Reply:
    store = call.store
    config = _x402(call)
    problems = Problems()
    values = problems.check(call.body, X402_SCHEMA, partial=True)
    wallet = values.get("x402_wallet_address", config["x402_wallet_address"])
    if isinstance(wallet, str) and not WALLET_RE.match(wallet):
        problems.add("x402_wallet_address", "invalid", "a wallet address is 0x and 40 hex digits")
    if values.get("x402_enabled", config["x402_enabled"]) and not wallet:
        problems.add("x402_wallet_address", "required", "set a wallet address to enable x402")
    problems.raise_if_any()
    config.update(values, updated_at=store.now())
    store.record_event("x402_configuration.updated", dict(config))
    return ok(dict(config))


def x402_record(updated_at: str) -> Record:
    return {
        "object": "x402_configuration",
        "x402_enabled": False,
        "x402_wallet_address": None,
        "x402_chain": "base",
        "updated_at": updated_at,
    }


def routes() -> list[Route]:
    return [
        *WEBHOOK_ENDPOINTS.routes(
            create=None, update=update_endpoint, delete=lambda call, record: None
        ),
        Route("POST", "/webhook_endpoints", create_endpoint),
        *WEBHOOK_EVENTS.routes(),
        Route("GET", "/x402_configuration", retrieve_x402),
        Route("PATCH", "/x402_configuration", update_x402),
    ]
