"""The one generic executor: validate, confirm if destructive, call the API once, shape.

Every tool call goes through `Executor.run`. For a destructive operation the guard
comes first: a preview read from the API, the policy checks, then a human's yes, either
through the client (elicitation) or through a signed confirmation token that the model
must bring back with the exact same arguments. Nothing irreversible is sent before that.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from mcp.server.mcpserver import Context
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolResult, InputRequiredResult, TextContent
from pydantic import ValidationError

from crevio_mcp.client import CrevioClient
from crevio_mcp.errors import CrevioAPIError, CrevioConnectionError, NotFoundError
from crevio_mcp.guard.audit import AuditLog
from crevio_mcp.guard.elicit import AnswerLedger, ask_human, client_can_elicit
from crevio_mcp.guard.previews import PREVIEWS, Preview, reader
from crevio_mcp.guard.tokens import ConfirmationTokens, TokenProblem
from crevio_mcp.objects import OBJECT_TYPES
from crevio_mcp.operations.base import ConfirmableParams, ListParams, Operation, Params
from crevio_mcp.render import format_money
from crevio_mcp.results import (
    ListOutcome,
    api_error_result,
    connection_error_result,
    error_result,
    internal_error_result,
    items_within_budget,
    list_result,
    success_result,
    validation_error_result,
)
from crevio_mcp.settings import Settings

__all__ = ["Executor"]

logger = logging.getLogger(__name__)

ToolOutcome = CallToolResult | InputRequiredResult


class Executor:
    def __init__(self, settings: Settings) -> None:
        secret = (
            settings.confirm_secret.get_secret_value()
            if settings.confirm_secret
            else secrets.token_urlsafe(32)
        )
        self.settings = settings
        self.tokens = ConfirmationTokens(secret, ttl_seconds=settings.confirm_ttl)
        self.audit = AuditLog(settings.audit_log)
        self.answers = AnswerLedger(settings.elicit_timeout)

    async def run(
        self,
        op: Operation,
        arguments: dict[str, Any],
        context: Context[Any, Any],
        client: CrevioClient,
        account: str,
    ) -> ToolOutcome:
        """The outcome of one tool call; a bug in crevio-mcp itself becomes a clean error.

        OperationTool replaces the SDK's Tool.run, so an exception escaping here would
        reach the model as its bare `str()`. It is logged with its traceback once, here,
        and the model is told what it can rely on instead.
        """
        try:
            return await self._run(op, arguments, context, client, account)
        except MCPError:
            raise  # protocol faults stay protocol faults
        except Exception as exc:
            logger.exception("tool=%s failed inside crevio-mcp", op.name)
            return internal_error_result(op, exc)

    async def _run(
        self,
        op: Operation,
        arguments: dict[str, Any],
        context: Context[Any, Any],
        client: CrevioClient,
        account: str,
    ) -> ToolOutcome:
        try:
            params = op.params.model_validate(arguments)
        except ValidationError as exc:
            return validation_error_result(op, exc)
        if too_long := _too_long_for_url(op, params):
            return error_result(
                f"{op.name} was not called: invalid arguments. {too_long}.\n"
                "Next: fix these arguments and call again."
            )
        # Built once: for upload_file, building reads the local file.
        request = None if op.paginated else op.build_request(params)
        if op.method == "PATCH" and request is not None and not request.body:
            # An update that changes nothing would succeed and mislead the model.
            changeable = [
                name
                for name in op.params.model_fields
                if name not in op.path_fields and name != "confirmation_token"
            ]
            return error_result(
                f"{op.name} was not called: nothing to change. "
                f"Give at least one of: {', '.join(changeable)}."
            )

        idempotency_key: str | None = None
        if isinstance(params, ConfirmableParams):
            confirmed = await self._confirm(op, params, context, client, account)
            if not isinstance(confirmed, str):
                return confirmed
            idempotency_key = confirmed
        elif op.method == "POST":
            # A fresh key per call: a retried send of this request is the same write.
            idempotency_key = uuid.uuid4().hex

        if op.paginated and isinstance(params, ListParams):
            return await self._list(op, params, context, client)

        assert request is not None  # only list operations build their requests per page
        if idempotency_key and request.method == "POST":
            request = replace(request, idempotency_key=idempotency_key)
        try:
            response = await client.send(request)
        except CrevioAPIError as exc:
            await self._audit_write(
                op, params, "failed", request_id=exc.request_id, detail=str(exc)
            )
            return api_error_result(op, exc)
        except CrevioConnectionError as exc:
            await self._audit_write(op, params, "unknown", detail=str(exc))
            return connection_error_result(op, exc)

        data = response.data
        object_id = data.get("id") if isinstance(data, Mapping) else None
        await self._audit_write(
            op,
            params,
            "replayed" if response.replayed else "executed",
            object_id=object_id,
            request_id=response.request_id,
        )
        result = success_result(op, data, self.settings.max_result_tokens)
        if response.replayed and result.content and isinstance(result.content[0], TextContent):
            # Another replica already ran this confirmed action; say so, or the model would
            # report a second refund that never happened.
            first = result.content[0]
            result.content[0] = TextContent(
                type="text",
                text="Already done earlier: the API returned the result of the first call "
                "with this confirmation; nothing was done twice.\n" + first.text,
            )
        return result

    async def _list(
        self,
        op: Operation,
        params: ListParams,
        context: Context[Any, Any],
        client: CrevioClient,
    ) -> ToolOutcome:
        """One page, or with `max_items` several, walked by cursor and cut to the budget.

        Pages of `limit` (100 when not given) are fetched until `max_items` items, the
        end of the list, or the size budget; progress goes to clients that sent a
        progress token. A page that fails after the first ends the walk, and the result
        says so and where to resume.
        """
        budget = self.settings.max_result_tokens
        want = params.max_items
        items: list[Mapping[str, Any]] = []
        cursor = params.starting_after
        has_more = False
        pages = 0
        stopped: str | None = None
        while True:
            # With max_items, pages are as large as the API allows unless limit was given.
            size = params.limit
            if want is not None:
                largest = 100 if "limit" not in params.model_fields_set else params.limit
                size = min(largest, want - len(items))
            page_params = params.model_copy(
                update={"max_items": None, "limit": size, "starting_after": cursor}
            )
            try:
                response = await client.send(op.build_request(page_params))
            except (CrevioAPIError, CrevioConnectionError) as exc:
                if not pages:
                    if isinstance(exc, CrevioAPIError):
                        return api_error_result(op, exc)
                    return connection_error_result(op, exc)
                stopped = f"fetching page {pages + 1} failed ({_short(exc)})"
                has_more = True
                break
            page = response.data
            if not (isinstance(page, Mapping) and isinstance(page.get("data"), list)):
                return success_result(op, page, budget)
            items.extend(page["data"])
            pages += 1
            has_more = bool(page.get("has_more")) and bool(items)
            if want is None:
                break
            await context.report_progress(
                len(items), want, f"{len(items)} {OBJECT_TYPES[op.returns].plural_noun} fetched"
            )
            if not has_more or len(items) >= want:
                break
            if items_within_budget(op, items, budget) < len(items):
                stopped = f"the size budget of {budget:,} tokens is full"
                break
            cursor = str(items[-1].get("id"))
        outcome = ListOutcome(
            items=items,
            has_more=has_more,
            pages=pages,
            stopped=stopped,
            max_items_reached=want is not None and len(items) >= want,
        )
        return list_result(op, outcome, budget)

    async def _audit_write(
        self, op: Operation, params: Params, outcome: str, **fields: Any
    ) -> None:
        if op.read_only:
            return
        await self.audit.record(
            tool=op.name, outcome=outcome, arguments=_arguments(params), **fields
        )

    async def _confirm(
        self,
        op: Operation,
        params: ConfirmableParams,
        context: Context[Any, Any],
        client: CrevioClient,
        account: str,
    ) -> str | ToolOutcome:
        """A human's yes to exactly this action, as the write's idempotency key, or the
        result to return instead of running it."""
        arguments = _arguments(params)
        if op.name in self.settings.skip_confirmation:
            return uuid.uuid4().hex

        try:
            preview = await PREVIEWS[op.name](arguments, reader(client))
        except CrevioAPIError as exc:
            if isinstance(exc, NotFoundError):
                # The preview read a related object (the order being refunded, say): name
                # the argument that pointed at it, not the API's generic `id`.
                exc.param = next(
                    (k for k, v in arguments.items() if isinstance(v, str) and v in exc.message),
                    exc.param,
                )
            return api_error_result(op, exc)
        except CrevioConnectionError as exc:
            return connection_error_result(op, exc)

        if refusal := self._policy_refusal(op, preview):
            await self._audit_write(op, params, "refused", detail=refusal)
            return error_result(f"{op.name} was not run: {refusal} Nothing was changed.")

        if params.confirmation_token:
            try:
                confirmed = self.tokens.redeem(
                    params.confirmation_token, tool=op.name, arguments=arguments, account=account
                )
            except TokenProblem as exc:
                await self._audit_write(op, params, "refused", detail=str(exc))
                return error_result(
                    f"{op.name} was not run: {exc}. Nothing was changed.\n"
                    f"Next: call {op.name} without confirmation_token to get a fresh preview, "
                    "and ask the user again."
                )
            return f"confirmed-{confirmed.nonce}"

        mode = self.settings.confirm_mode
        if mode == "elicit" or (mode == "auto" and client_can_elicit(context)):
            answered = await self._ask(op, params, preview, context)
            if answered is not None:
                return answered

        token = self.tokens.issue(tool=op.name, arguments=arguments, account=account)
        await self._audit_write(op, params, "confirmation_requested")
        lasts = _duration(self.settings.confirm_ttl)
        text = (
            f"Not done yet: {op.name} needs the user's confirmation.\n"
            f"{preview.text}\n"
            f"Next: show this to the user. Only if they say yes, call {op.name} again with the "
            f'same arguments plus confirmation_token="{token}" (valid {lasts}, once).'
        )
        return CallToolResult(
            content=[TextContent(type="text", text=text)],
            structured_content={
                "status": "confirmation_required",
                "preview": preview.text,
                "confirmation_token": token,
                "expires_in_seconds": self.settings.confirm_ttl,
            },
        )

    async def _ask(
        self,
        op: Operation,
        params: ConfirmableParams,
        preview: Preview,
        context: Context[Any, Any],
    ) -> str | ToolOutcome | None:
        """Ask through the client; None means it cannot ask here and a token should be used."""
        try:
            answer = await ask_human(
                context,
                f"{preview.text}\n\nDo this?",
                timeout=self.settings.elicit_timeout,
                ledger=self.answers,
            )
        except MCPError as exc:
            # The connection has no way to carry the question (stateless HTTP, for one).
            logger.info("elicitation unavailable for %s: %s", op.name, exc.error.message)
            if self.settings.confirm_mode == "elicit":
                return error_result(
                    f"{op.name} was not run: this server is set to confirm through the client "
                    "(CREVIO_CONFIRM_MODE=elicit), and this connection cannot show the user a "
                    "question. Nothing was changed.\n"
                    "Next: tell the user; the server's operator can set CREVIO_CONFIRM_MODE=auto "
                    "or token to confirm with a token instead."
                )
            return None
        if isinstance(answer, InputRequiredResult):
            return answer
        if answer == "accept":
            await self._audit_write(op, params, "confirmed")
            return f"elicited-{uuid.uuid4().hex}"

        said = {
            "decline": "the user declined",
            "cancel": "the user cancelled the question",
            "timeout": f"no answer came within {self.settings.elicit_timeout:.0f} seconds",
            "invalid": "the client's answer was not a yes or no",
            "stale": "the answer does not belong to a question this server has open",
            "reused": "that answer was already used once",
        }[answer]
        await self._audit_write(op, params, "declined", detail=said)
        return error_result(
            f"{op.name} was not run: {said}. Nothing was changed.\n"
            "Next: tell the user it was not done; do not retry unless they ask again."
        )

    def _policy_refusal(self, op: Operation, preview: Preview) -> str | None:
        if preview.problem:
            return preview.problem
        cap = self.settings.max_refund_amount
        if op.name == "create_refund" and cap is not None and preview.amount is not None:
            if preview.amount > cap:
                return (
                    f"the refund of {format_money(preview.amount, preview.currency)} is above this "
                    f"server's cap of {format_money(cap, preview.currency)} per refund "
                    "(CREVIO_MAX_REFUND_AMOUNT); a person must refund it in Crevio's dashboard."
                )
        return None


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} minutes" if seconds >= 120 else f"{seconds:g} seconds"


MAX_URL_VALUE = 2_000
"""Characters one argument may have when it travels in the URL. Longer URLs are refused
by proxies and servers (and httpx raises on a part over 64 KiB), so such a value is
refused before any request is built."""


def _too_long_for_url(op: Operation, params: Params) -> str | None:
    """What is wrong with an argument too long to send in the URL, if one is."""
    in_url = set(op.path_fields) | (
        set(op.params.model_fields) if op.method in ("GET", "DELETE") else op.query
    )
    for name in sorted(in_url):
        value = getattr(params, name, None)
        if isinstance(value, list):
            value = ",".join(map(str, value))
        if isinstance(value, str) and len(value) > MAX_URL_VALUE:
            return (
                f"{name}: {len(value):,} characters is too long to send "
                f"(at most {MAX_URL_VALUE:,} for this argument)"
            )
    return None


def _short(error: CrevioAPIError | CrevioConnectionError) -> str:
    if isinstance(error, CrevioAPIError):
        return f"HTTP {error.status} {error.code or ''}".rstrip()
    return "no answer from the API"


def _arguments(params: Params) -> dict[str, Any]:
    """The arguments that define the action; the token only authorises it."""
    return params.model_dump(mode="json", exclude_none=True, exclude={"confirmation_token"})
