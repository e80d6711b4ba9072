"""Tool results: what the model reads after a call, for success and for every failure.

Successes carry a short text summary plus the API's object as structured content.
Failures are `is_error` results with one or two lines: what failed, the HTTP status and
Crevio code, the parameter at fault, the request ID, and the next step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mcp.types import CallToolResult, TextContent
from pydantic import ValidationError

from crevio_mcp.errors import (
    AuthenticationError,
    CrevioAPIError,
    CrevioConnectionError,
    CrevioTimeoutError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from crevio_mcp.objects import OBJECT_TYPES, object_type_of
from crevio_mcp.operations.base import Operation

__all__ = [
    "api_error_result",
    "connection_error_result",
    "error_result",
    "success_result",
    "validation_error_result",
]


def error_result(text: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], is_error=True)


def success_result(op: Operation, data: Any) -> CallToolResult:
    if op.paginated and isinstance(data, Mapping) and isinstance(data.get("data"), list):
        text, structured = _list_page(op, data)
    elif isinstance(data, Mapping) and data.get("deleted") is True:
        noun = OBJECT_TYPES[op.returns].noun
        text, structured = f"Deleted {noun} {data.get('id')}.", dict(data)
    elif isinstance(data, Mapping):
        text, structured = object_type_of(data, op.returns).summary(data), dict(data)
    else:
        text, structured = "Done; the API returned no content.", {}
    return CallToolResult(
        content=[TextContent(type="text", text=text)], structured_content=structured
    )


def _list_page(op: Operation, page: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    items: Sequence[Mapping[str, Any]] = page["data"]
    object_type = OBJECT_TYPES[op.returns]
    has_more = bool(page.get("has_more"))
    cursor = items[-1].get("id") if items and has_more else None

    noun = object_type.plural_noun.capitalize()
    if not items:
        header = f"{noun}: none found with these filters."
    elif has_more:
        header = (
            f"{noun}: showing {len(items)}; more exist. "
            f'Next page: call {op.name} with starting_after="{cursor}".'
        )
    else:
        header = f"{noun}: showing {len(items)}; this is the last page."
    lines = [header, *(f"- {object_type.one_line(item)}" for item in items)]
    structured = {"data": list(items), "has_more": has_more, "next_starting_after": cursor}
    return "\n".join(lines), structured


def api_error_result(op: Operation, error: CrevioAPIError) -> CallToolResult:
    what = f"{op.name} failed: HTTP {error.status}"
    if error.code:
        what += f" {error.code}"
    what += f": {error.message.rstrip('.')}."
    if error.param:
        what += f" Parameter: {error.param}."
    for field_error in error.errors:
        where = f"{field_error.param}: " if field_error.param else ""
        what += f" {where}{field_error.message.rstrip('.')}."
    if error.request_id:
        what += f" Request ID: {error.request_id}."
    return error_result(f"{what}\n{_next_step(op, error)}")


def _next_step(op: Operation, error: CrevioAPIError) -> str:
    if isinstance(error, AuthenticationError):
        return (
            "Next: the API token was refused; check CREVIO_API_KEY "
            "(or the Authorization header) and restart."
        )
    if isinstance(error, PermissionDeniedError):
        return "Next: this token may not do this; ask the store owner for a token with access."
    if isinstance(error, NotFoundError):
        object_type = OBJECT_TYPES[op.returns]
        finder = object_type.list_tool or "the matching list tool"
        slug = " or look it up by slug" if object_type.slug else ""
        return f"Next: check the ID; use {finder} to find valid {object_type.plural_noun}{slug}."
    if isinstance(error, RateLimitError):
        wait = f"{error.retry_after:.0f} seconds" if error.retry_after is not None else "a minute"
        return f"Next: the API is rate limiting; wait {wait} and try again."
    if isinstance(error, ServerError):
        return (
            _unknown_outcome(op) if not op.read_only else "Next: Crevio failed; try again shortly."
        )
    return "Next: correct the arguments named above and call again; do not retry unchanged."


def _unknown_outcome(op: Operation) -> str:
    object_type = OBJECT_TYPES[op.returns]
    check = object_type.list_tool or "the matching list or get tool"
    return (
        "Next: this write may or may not have happened; "
        f"check with {check} before calling {op.name} again."
    )


def connection_error_result(op: Operation, error: CrevioConnectionError) -> CallToolResult:
    what = (
        "timed out" if isinstance(error, CrevioTimeoutError) else "could not reach the Crevio API"
    )
    text = f"{op.name} failed: {what} ({error.method} {error.path})."
    if op.read_only:
        return error_result(
            f"{text}\nNext: nothing was changed; try again, "
            "and check the network or CREVIO_BASE_URL if it persists."
        )
    return error_result(f"{text}\n{_unknown_outcome(op)}")


def validation_error_result(op: Operation, error: ValidationError) -> CallToolResult:
    fields = list(op.params.model_fields)
    problems: list[str] = []
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"]) or "arguments"
        kind = item["type"]
        if kind == "missing":
            message = "is required"
        elif kind == "extra_forbidden":
            message = f"is not a parameter of {op.name} (it takes: {', '.join(fields)})"
        else:
            message = str(item["msg"]).removeprefix("Value error, ")
        problems.append(f"{name}: {message}")
    return error_result(
        f"{op.name} was not called: invalid arguments. " + "; ".join(problems) + ".\n"
        "Next: fix these arguments and call again."
    )
