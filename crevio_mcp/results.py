"""Tool results: what the model reads after a call, for success and for every failure.

Successes carry a short text summary plus the API's object as structured content; a
list carries one line per item, the items shown and the cursor of the next page. No
result is larger than the token budget (`crevio_mcp.budget`), text and structured
content together: a list is cut at an item and says where to go on.

Failures are `is_error` results without structured content, in one or two lines: what
failed, the HTTP status and Crevio code, the parameter at fault and each field error,
the request ID, and the next step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from mcp.types import CallToolResult, TextContent
from pydantic import ValidationError

from crevio_mcp.budget import json_bytes, text_bytes, token_budget_bytes
from crevio_mcp.errors import (
    AuthenticationError,
    CrevioAPIError,
    CrevioConnectionError,
    CrevioTimeoutError,
    FieldError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from crevio_mcp.objects import OBJECT_TYPES, ObjectType, object_type_of
from crevio_mcp.operations.base import IdOf, Operation
from crevio_mcp.render import cut
from crevio_mcp.schema import tool_input_schema

__all__ = [
    "DEFAULT_BUDGET",
    "ListOutcome",
    "api_error_result",
    "connection_error_result",
    "error_result",
    "internal_error_result",
    "items_within_budget",
    "list_result",
    "success_result",
    "validation_error_result",
]

DEFAULT_BUDGET = 12_000
"""Tokens; the server passes `Settings.max_result_tokens`."""

_ITEM_OVERHEAD = 4
"""Bytes each list item adds beyond its line and its JSON: "- ", a newline, a comma."""


def error_result(text: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], is_error=True)


def _result(text: str, structured: dict[str, Any]) -> CallToolResult:
    return CallToolResult(
        content=[TextContent(type="text", text=text)], structured_content=structured
    )


# ----- successes ---------------------------------------------------------------------


def success_result(op: Operation, data: Any, budget: int = DEFAULT_BUDGET) -> CallToolResult:
    """The result of one API call that succeeded."""
    if op.paginated and isinstance(data, Mapping) and isinstance(data.get("data"), list):
        return list_result(
            op, ListOutcome(items=data["data"], has_more=bool(data.get("has_more"))), budget
        )
    if isinstance(data, Mapping) and data.get("deleted") is True:
        noun = OBJECT_TYPES[op.returns].noun
        return _result(f"Deleted {noun} {data.get('id')}.", dict(data))
    if isinstance(data, Mapping):
        text = object_type_of(data, op.returns).summary(data)
        return _fit_object(text, dict(data), budget)
    return _result("Done; the API returned no content.", {})


@dataclass(frozen=True)
class ListOutcome:
    """What one or more list calls brought back, before it is cut to the budget."""

    items: Sequence[Mapping[str, Any]]
    has_more: bool
    """Whether the API has items after the last one fetched."""
    pages: int = 1
    stopped: str | None = None
    """Why fetching stopped before the API ran out or max_items was reached."""
    max_items_reached: bool = False


def items_within_budget(op: Operation, items: Sequence[Mapping[str, Any]], budget: int) -> int:
    """How many of `items`, from the first, one list result can carry within `budget`."""
    object_type = OBJECT_TYPES[op.returns]
    # Room for the longest header this list can get, and the structured envelope.
    room = (
        token_budget_bytes(budget)
        - 600
        - text_bytes(op.name)
        - max((json_bytes(item.get("id")) for item in items), default=0) * 2
    )
    for index, item in enumerate(items):
        room -= text_bytes(object_type.one_line(item)) + json_bytes(item) + _ITEM_OVERHEAD
        if room < 0:
            return index
    return len(items)


def list_result(
    op: Operation, outcome: ListOutcome, budget: int = DEFAULT_BUDGET
) -> CallToolResult:
    """A page (or several) of a list as a header, one line per item, and the next cursor.

    The header never presents a page as the total: it says how many are shown and
    whether more exist, and when they do, the exact `starting_after` of the next page,
    which is the ID of the last item shown, so paging by it visits every item once.
    """
    object_type = OBJECT_TYPES[op.returns]
    items = list(outcome.items)
    fitting = items_within_budget(op, items, budget)
    shown = items[: max(fitting, 1)]
    cut_for_budget = len(shown) < len(items)
    has_more = outcome.has_more or cut_for_budget
    cursor = shown[-1].get("id") if shown and has_more else None

    header = _list_header(op, object_type, len(shown), outcome, has_more, cut_for_budget, budget)
    if has_more:
        header += (
            f' Next page: call {op.name} with starting_after="{cursor}" '
            "and the same other arguments."
        )
    lines = [header, *(f"- {object_type.one_line(item)}" for item in shown)]
    structured: dict[str, Any] = {
        "data": shown,
        "has_more": has_more,
        "next_starting_after": cursor,
    }
    stopped = outcome.stopped or ("size budget reached" if cut_for_budget else None)
    if stopped:
        structured["stopped_early"] = stopped
    return _fit_object("\n".join(lines), structured, budget)


def _list_header(
    op: Operation,
    object_type: ObjectType,
    count: int,
    outcome: ListOutcome,
    has_more: bool,
    cut_for_budget: bool,
    budget: int,
) -> str:
    noun = object_type.plural_noun.capitalize()
    if not count:
        return f"{noun}: none found with these arguments."
    pages = f" from {outcome.pages} pages" if outcome.pages > 1 else ""
    header = f"{noun}: showing {count}{pages}"
    if outcome.stopped:
        header += f"; stopped early: {outcome.stopped}"
    elif cut_for_budget:
        header += (
            f"; the {len(outcome.items)} fetched were cut there to keep this result under "
            f"{budget:,} tokens"
        )
    elif outcome.max_items_reached and has_more:
        header += "; max_items reached"
    return header + ("; more exist." if has_more else "; this is the last page.")


def _fit_object(text: str, structured: dict[str, Any], budget: int) -> CallToolResult:
    """The result, with its longest strings cut if it would pass the budget.

    Summaries are short by construction; this only bites on an object whose free text
    (a blog body, an HTML description) alone is larger than the whole budget.
    """
    limit = token_budget_bytes(budget)
    if text_bytes(text) + json_bytes(structured) <= limit:
        return _result(text, structured)
    notes: list[str] = []
    trimmed = dict(structured)
    room = limit - 600  # for the notes that say what was cut
    while text_bytes(text) + json_bytes(trimmed) > room:
        key = max(
            (k for k, v in trimmed.items() if isinstance(v, str)),
            key=lambda k: len(trimmed[k]),
            default=None,
        )
        if key is None or len(trimmed[key]) < 200:
            break
        excess = text_bytes(text) + json_bytes(trimmed) - room
        original = structured[key]
        keep = max(100, len(trimmed[key]) - excess - 200)
        trimmed[key], _ = cut(trimmed[key], keep)
        kept = len(trimmed[key]) - 1  # less the ellipsis
        notes = [n for n in notes if not n.startswith(f"{key} ")]
        notes.append(
            f"{key} is {len(original):,} characters; only the first {kept:,} are in this "
            f"result (size budget of {budget:,} tokens)"
        )
    if notes:
        trimmed["truncated_fields"] = notes
        text += "\nCut to fit: " + "; ".join(notes) + "."
    if text_bytes(text) + json_bytes(trimmed) > limit:
        # Still too large (a huge expanded list inside one object): cut the text at a
        # line and keep the structured content to what fits in the rest.
        lines: list[str] = []
        room = limit // 2
        for line in text.splitlines():
            room -= text_bytes(line) + 1
            if room < 0:
                break
            lines.append(line)
        text = "\n".join(lines) + "\n[cut here to fit the size budget]"
        trimmed = {k: v for k, v in trimmed.items() if not isinstance(v, list | dict)}
        trimmed["truncated_fields"] = [*notes, "nested lists and objects left out (size budget)"]
    return _result(text, trimmed)


# ----- failures from the API ---------------------------------------------------------


def api_error_result(op: Operation, error: CrevioAPIError) -> CallToolResult:
    what = f"{op.name} failed: HTTP {error.status}"
    if error.code:
        what += f" {error.code}"
    what += f": {error.message.rstrip('.')}."
    param = _tool_param(op, error.param)
    if param:
        what += f" Parameter: {param}."
    for field_error in error.errors:
        what += f" {_field_error(op, field_error)}."
    if error.request_id:
        what += f" Request ID: {error.request_id}."
    return error_result(f"{what}\n{_next_step(op, error)}")


def _field_error(op: Operation, field_error: FieldError) -> str:
    name = _tool_param(op, field_error.param)
    message = field_error.message.rstrip(".")
    return f"{name}: {message}" if name else message


def _tool_param(op: Operation, api_param: str | None) -> str | None:
    """The tool's name for a parameter the API names (`id` is the path's ID)."""
    if not api_param:
        return None
    if api_param in op.params.model_fields:
        return api_param
    if api_param == "id" and op.path_fields:
        return op.path_fields[-1]
    return api_param


def _id_type(op: Operation, param: str | None) -> ObjectType:
    """The object type whose ID `param` holds, else the type the operation returns."""
    names = [param] if param else []
    names += list(op.path_fields[-1:])
    for name in names:
        field = op.params.model_fields.get(name)
        if field is None:
            continue
        for marker in field.metadata:
            if isinstance(marker, IdOf):
                return OBJECT_TYPES[marker.type_name]
    return OBJECT_TYPES[op.returns]


@cache
def _allowed_values(params: type[Any]) -> dict[str, list[str]]:
    """For each parameter with a fixed set of values, those values, from its schema."""
    allowed: dict[str, list[str]] = {}
    for name, schema in tool_input_schema(params).get("properties", {}).items():
        enum = schema.get("enum") or schema.get("items", {}).get("enum")
        if enum:
            allowed[name] = [str(value) for value in enum]
    return allowed


def _next_step(op: Operation, error: CrevioAPIError) -> str:
    if isinstance(error, AuthenticationError):
        return (
            "Next: the Crevio API token was refused; the user should check it (the server's "
            "CREVIO_API_KEY, or the token their MCP client sends as Authorization: Bearer)."
        )
    if isinstance(error, PermissionDeniedError):
        return "Next: this token may not do this; ask the store owner for a token with access."
    if isinstance(error, NotFoundError):
        param = _tool_param(op, error.param)
        object_type = _id_type(op, param)
        finder = object_type.list_tool or "the matching list tool"
        slug = " or look it up by slug" if object_type.slug else ""
        return f"Next: check the ID; use {finder} to find valid {object_type.plural_noun}{slug}."
    if isinstance(error, RateLimitError):
        wait = f"{error.retry_after:.0f} seconds" if error.retry_after is not None else "a minute"
        return f"Next: the API is rate limiting; wait {wait}, then call {op.name} again."
    if isinstance(error, ServerError):
        if not op.read_only:
            return _unknown_outcome(op)
        support = " If it persists, give Crevio support the request ID." if error.request_id else ""
        return f"Next: Crevio failed, not the request; try again in a minute.{support}"
    if error.status == 409:
        object_type = _id_type(op, _tool_param(op, error.param))
        check = object_type.list_tool or "the matching get tool"
        return (
            "Next: this conflicts with the store's current state; "
            f"look at it with {check}, tell the user, and do not retry unchanged."
        )
    if op.paginated and _tool_param(op, error.param) == "starting_after":
        return (
            f"Next: give starting_after the exact value a {op.name} result named for its "
            "next page, or leave it out to start from the first page."
        )
    allowed = _allowed_values(op.params)
    named = [_tool_param(op, error.param)] + [_tool_param(op, e.param) for e in error.errors]
    hints = [
        f"{name} must be one of: {', '.join(allowed[name])}"
        for name in dict.fromkeys(n for n in named if n)
        if name in allowed
    ]
    if hints:
        return f"Next: {'; '.join(hints)}. Correct the arguments and call again."
    if not error.param and not error.errors:
        # Refusals such as order_not_refundable name no argument: the store's state is why.
        check = _id_type(op, None).list_tool or "the matching get tool"
        return (
            "Next: the store's current state does not allow this; look at it with "
            f"{check}, tell the user, and do not retry unchanged."
        )
    return "Next: correct the arguments named above and call again; do not retry unchanged."


def _unknown_outcome(op: Operation) -> str:
    object_type = OBJECT_TYPES[op.returns]
    check = object_type.list_tool or "the matching list or get tool"
    return (
        "Next: this write may or may not have happened; "
        f"check with {check} before calling {op.name} again."
    )


# ----- failures inside crevio-mcp -----------------------------------------------------


def internal_error_result(op: Operation, error: Exception) -> CallToolResult:
    """A bug in crevio-mcp, not in the call: only the exception's type is shown, since
    its message may quote anything (a path, a header) and the traceback is in the log."""
    what = f"{op.name} failed: an internal error in crevio-mcp ({type(error).__name__})."
    if op.read_only:
        return error_result(
            f"{what}\nNext: nothing was changed; try other arguments, and if it persists, "
            "report it with the server's log."
        )
    return error_result(f"{what}\n{_unknown_outcome(op)}")


# ----- failures to reach the API -----------------------------------------------------


def connection_error_result(op: Operation, error: CrevioConnectionError) -> CallToolResult:
    never_sent = not error.sent
    if isinstance(error, CrevioTimeoutError) and not never_sent:
        what = "the Crevio API did not answer in time"
    elif never_sent:
        what = "could not connect to the Crevio API"
    else:
        what = "the connection to the Crevio API failed mid-request"
    text = f"{op.name} failed: {what} ({error.method} {error.path})."
    check_network = "check the network and CREVIO_BASE_URL (and CREVIO_TIMEOUT)"
    if op.read_only:
        return error_result(
            f"{text}\nNext: nothing was changed; call again, and if it persists, {check_network}."
        )
    if never_sent:
        return error_result(
            f"{text}\nNext: the request never reached Crevio, so nothing was changed; "
            f"{check_network}, then call again."
        )
    return error_result(f"{text}\n{_unknown_outcome(op)}")


# ----- arguments that fail validation ------------------------------------------------


def validation_error_result(op: Operation, error: ValidationError) -> CallToolResult:
    fields = list(op.params.model_fields)
    problems: list[str] = []
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"]) or "arguments"
        kind = item["type"]
        if kind == "missing":
            message = "is required"
        elif kind == "extra_forbidden":
            takes = f"it takes: {', '.join(fields)}" if fields else "it takes no arguments"
            message = f"is not a parameter of {op.name} ({takes})"
        else:
            message = str(item["msg"]).removeprefix("Value error, ")
        problems.append(f"{name}: {message}")
    return error_result(
        f"{op.name} was not called: invalid arguments. " + "; ".join(problems) + ".\n"
        "Next: fix these arguments and call again."
    )
