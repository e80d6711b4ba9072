"""Asking the human through the client (MCP elicitation), in either protocol era.

The SDK's resolver machinery already speaks both eras: on a handshake-era connection it
sends `elicitation/create` and waits; on 2026-07-28 it returns an InputRequiredResult
that the client answers by retrying the call. It is driven here directly, with one
resolver whose question is the preview of the action at hand.
"""

from __future__ import annotations

import hashlib
import time
from contextvars import ContextVar
from typing import Annotated, Any, Literal

import anyio
from mcp.server.elicitation import AcceptedElicitation, ElicitationResult
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resolve import (
    Elicit,
    Resolve,
    build_resolver_plans,
    find_resolved_parameters,
    resolve_arguments,
)
from mcp.types import InputRequiredResult
from pydantic import BaseModel, Field

__all__ = ["Answer", "AnswerLedger", "ask_human", "client_can_elicit"]

Answer = Literal["accept", "decline", "cancel", "timeout", "invalid", "stale", "reused"]


class AnswerLedger:
    """Makes an answer that arrives on a retried call (2026-07-28) single-use and timely.

    On that protocol the question leaves inside an InputRequiredResult, and the client
    answers by repeating the call with the `request_state` it was given. Nothing in the
    protocol stops a client from sending that state again, or late. The ledger records
    when each state was handed out and spends it on its first answer, so a yes runs at
    most once and only within the timeout. The SDK signs request states with a
    per-process key, so per-process memory is all a state can ever be checked against.
    """

    def __init__(self, timeout: float, *, capacity: int = 10_000) -> None:
        self._timeout = timeout
        self._capacity = capacity
        self._asked: dict[str, float] = {}
        self._spent: dict[str, None] = {}

    def asked(self, state: str | None) -> None:
        if state is None:
            return
        self._asked[_key(state)] = time.monotonic()
        _trim(self._asked, self._capacity)

    def settle(self, state: str | None) -> Answer | None:
        """None if the answer riding on `state` may count, else why it may not."""
        if state is None:
            return None  # answered inside this call (handshake era): the wait was bounded here
        key = _key(state)
        if key in self._spent:
            return "reused"
        self._spent[key] = None
        _trim(self._spent, self._capacity)
        asked_at = self._asked.pop(key, None)
        if asked_at is None:
            return "stale"
        if time.monotonic() - asked_at > self._timeout:
            return "timeout"
        return None


def _key(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()


def _trim(table: dict[str, Any], capacity: int) -> None:
    while len(table) > capacity:
        del table[next(iter(table))]


class Confirm(BaseModel):
    confirm: bool = Field(description="Yes, do exactly this.")


# The resolver runs inside resolve_arguments, awaited in this task, so a context
# variable carries the question to it without a module-level global.
_QUESTION: ContextVar[str] = ContextVar("crevio_confirmation_question")


async def _ask() -> Elicit[Confirm]:
    return Elicit(_QUESTION.get(), Confirm)


async def _carrier(answer: Annotated[ElicitationResult[Confirm], Resolve(_ask)]) -> None:
    """Never called: its signature declares the one resolved parameter."""


_RESOLVED = find_resolved_parameters(_carrier)
_PLANS = build_resolver_plans(_RESOLVED, set())


def client_can_elicit(context: Context[Any, Any]) -> bool:
    capabilities = context.client_capabilities
    return bool(capabilities and capabilities.elicitation)


async def ask_human(
    context: Context[Any, Any], question: str, *, timeout: float, ledger: AnswerLedger
) -> Answer | InputRequiredResult:
    """Ask; an InputRequiredResult means the client must answer on a retry (2026-07-28).

    Raises:
        MCPError: the connection cannot carry the question (no back-channel).
    """
    reset = _QUESTION.set(question)
    try:
        with anyio.move_on_after(timeout) as scope:
            outcome = await resolve_arguments(_RESOLVED, _PLANS, {}, context)
    except ToolError:
        # The client answered with content that does not fit the yes/no form.
        return "invalid"
    finally:
        _QUESTION.reset(reset)
    if scope.cancelled_caught:
        return "timeout"
    if isinstance(outcome, InputRequiredResult):
        ledger.asked(outcome.request_state)
        return outcome
    if problem := ledger.settle(context.request_state):
        return problem
    answer = outcome["answer"]
    if isinstance(answer, AcceptedElicitation):
        return "accept" if answer.data.confirm else "decline"
    action: Answer = answer.action
    return action
