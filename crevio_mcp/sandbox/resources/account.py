"""The account the token belongs to."""

from __future__ import annotations

from ..resource import public
from ..routing import Call, Reply, Route, ok
from .common import account


def retrieve_account(call: Call) -> Reply:
    return ok(public(account(call.store)))


def routes() -> list[Route]:
    return [Route("GET", "/account", retrieve_account)]
