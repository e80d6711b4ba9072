"""Asking the human through the client (MCP elicitation), in either protocol era.

The SDK's resolver machinery already speaks both eras: on a handshake-era connection it
sends `elicitation/create` and waits; on 2026-07-28 it returns an InputRequiredResult
that the client answers by retrying the call. It is driven here directly, with one
resolver whose question is the preview of the action at hand.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Annotated, Any, Literal

import anyio
from mcp.server.elicitation import AcceptedElicitation, ElicitationResult
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.resolve import (
    Elicit,
    Resolve,
    build_resolver_plans,
    find_resolved_parameters,
    resolve_arguments,
)
from mcp.types import InputRequiredResult
from pydantic import BaseModel, Field

__all__ = ["Answer", "ask_human", "client_can_elicit"]

Answer = Literal["accept", "decline", "cancel", "timeout"]


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
    context: Context[Any, Any], question: str, *, timeout: float
) -> Answer | InputRequiredResult:
    """Ask; an InputRequiredResult means the client must answer on a retry (2026-07-28).

    Raises:
        MCPError: the connection cannot carry the question (no back-channel).
    """
    reset = _QUESTION.set(question)
    try:
        with anyio.move_on_after(timeout) as scope:
            outcome = await resolve_arguments(_RESOLVED, _PLANS, {}, context)
        if scope.cancelled_caught:
            return "timeout"
    finally:
        _QUESTION.reset(reset)
    if isinstance(outcome, InputRequiredResult):
        return outcome
    answer = outcome["answer"]
    if isinstance(answer, AcceptedElicitation):
        return "accept" if answer.data.confirm else "decline"
    action: Answer = answer.action
    return action
