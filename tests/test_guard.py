"""Nothing irreversible happens without a human's yes to exactly that action."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client
from mcp.client import ClientRequestContext
from mcp.types import CallToolResult, ElicitRequestParams, ElicitResult, InputRequiredResult
from starlette.applications import Starlette

from crevio_mcp.guard.tokens import ConfirmationTokens, TokenProblem
from crevio_mcp.operations import OPERATIONS
from crevio_mcp.sandbox import (
    DEMO_CUSTOMER_EMAIL,
    DEMO_CUSTOMER_ID,
    DEMO_ORDER_ID,
    DEMO_PENDING_ORDER_ID,
    DEMO_PRODUCT_ID,
    SANDBOX_TOKEN,
    Store,
)
from crevio_mcp.sandbox.seed import DEMO_DISCOUNT_ID, DEMO_VOID_INVOICE_ID
from crevio_mcp.server import build_server
from crevio_mcp.settings import Settings
from tests.helpers import structured, text_of

pytestmark = pytest.mark.anyio

DESTRUCTIVE = sorted(op.name for op in OPERATIONS if op.destructive)


async def _api(sandbox: Starlette, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """Set up state through the sandbox's own REST API, as another user of the store would."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=sandbox),
        base_url="http://sandbox/v1",
        headers={"Authorization": f"Bearer {SANDBOX_TOKEN}"},
    ) as http:
        response = await http.request(method, path, json=body)
    assert response.is_success, response.text
    data: dict[str, Any] = response.json()
    return data


def _first(store: Store, kind: str, **match: Any) -> dict[str, Any] | None:
    for record in store.all(kind):
        if all(record.get(k) == v for k, v in match.items()):
            return dict(record)
    return None


async def _variant(store: Store, sandbox: Starlette) -> str:
    found = _first(store, "price_variant", archived=False, billing_type="one_time")
    assert found is not None
    return str(found["id"])


ArgsFactory = Callable[[Store, Starlette], Awaitable[dict[str, Any]]]


async def _refund(store: Store, sandbox: Starlette) -> dict[str, Any]:
    return {"order": DEMO_ORDER_ID, "amount": 500, "reason": "requested_by_customer"}


async def _delete_product(store: Store, sandbox: Starlette) -> dict[str, Any]:
    return {"product_id": DEMO_PRODUCT_ID}


async def _archive_variant(store: Store, sandbox: Starlette) -> dict[str, Any]:
    return {"price_variant_id": await _variant(store, sandbox)}


async def _void_invoice(store: Store, sandbox: Starlette) -> dict[str, Any]:
    invoice = await _api(
        sandbox,
        "POST",
        "/invoices",
        {
            "price_variant": await _variant(store, sandbox),
            "customer": DEMO_CUSTOMER_ID,
            "collection_method": "send_invoice",
            "due_at": "2031-01-01T00:00:00Z",
        },
    )
    return {"invoice_id": invoice["id"]}


async def _cancel_subscription(store: Store, sandbox: Starlette) -> dict[str, Any]:
    found = _first(store, "subscription", status="active")
    assert found is not None
    return {"subscription_id": found["id"]}


async def _delete_checkout_link(store: Store, sandbox: Starlette) -> dict[str, Any]:
    link = await _api(
        sandbox,
        "POST",
        "/checkout_links",
        {"name": "Spring link", "price_variants": [await _variant(store, sandbox)]},
    )
    return {"checkout_link_id": link["id"]}


async def _delete_discount(store: Store, sandbox: Starlette) -> dict[str, Any]:
    discount = await _api(
        sandbox, "POST", "/discounts", {"code": "GUARDTEST", "percent_off": 10, "duration": "once"}
    )
    return {"discount_id": discount["id"]}


async def _delete_review(store: Store, sandbox: Starlette) -> dict[str, Any]:
    review = await _api(
        sandbox,
        "POST",
        "/reviews",
        {"product": DEMO_PRODUCT_ID, "rating": 4, "content": "Fine", "customer_name": "Ana"},
    )
    return {"review_id": review["id"]}


async def _delete_file(store: Store, sandbox: Starlette) -> dict[str, Any]:
    file = await _api(
        sandbox,
        "POST",
        "/files",
        {"kind": "external_video", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
    )
    return {"file_id": file["id"]}


async def _delete_webhook(store: Store, sandbox: Starlette) -> dict[str, Any]:
    endpoint = await _api(
        sandbox,
        "POST",
        "/webhook_endpoints",
        {"url": "https://hooks.example.com/crevio", "enabled_events": ["order.created"]},
    )
    return {"webhook_endpoint_id": endpoint["id"]}


async def _send_email(store: Store, sandbox: Starlette) -> dict[str, Any]:
    return {"to": DEMO_CUSTOMER_EMAIL, "subject": "Your order", "body": "Hello María"}


async def _x402(store: Store, sandbox: Starlette) -> dict[str, Any]:
    return {"x402_enabled": True, "x402_wallet_address": "0x" + "ab" * 20, "x402_chain": "base"}


VALID_ARGUMENTS: dict[str, ArgsFactory] = {
    "create_refund": _refund,
    "delete_product": _delete_product,
    "archive_price_variant": _archive_variant,
    "void_invoice": _void_invoice,
    "cancel_subscription": _cancel_subscription,
    "delete_checkout_link": _delete_checkout_link,
    "delete_discount": _delete_discount,
    "delete_review": _delete_review,
    "delete_file": _delete_file,
    "delete_webhook_endpoint": _delete_webhook,
    "send_email": _send_email,
    "update_x402_configuration": _x402,
}


def _writes(store: Store) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in store.requests if r.method != "GET"]


def _answering(action: str) -> Any:
    async def callback(context: ClientRequestContext, params: ElicitRequestParams) -> ElicitResult:
        if action == "accept":
            return ElicitResult(action="accept", content={"confirm": True})
        return ElicitResult(action="decline" if action == "decline" else "cancel")

    return callback


def test_every_destructive_tool_has_a_test_case() -> None:
    assert sorted(VALID_ARGUMENTS) == DESTRUCTIVE


@pytest.mark.parametrize("tool", DESTRUCTIVE)
async def test_without_confirmation_nothing_is_written_and_a_token_runs_it_exactly_once(
    tool: str, server: Any, store: Store, sandbox: Starlette, mode: Any
) -> None:
    arguments = await VALID_ARGUMENTS[tool](store, sandbox)
    before = len(_writes(store))
    async with Client(server, mode=mode) as client:
        preview = await client.call_tool(tool, arguments)
        assert not preview.is_error, text_of(preview)
        body = structured(preview)
        assert body["status"] == "confirmation_required"
        assert len(_writes(store)) == before, "a write reached the API before confirmation"

        token = body["confirmation_token"]
        done = await client.call_tool(tool, {**arguments, "confirmation_token": token})
        assert not done.is_error, text_of(done)
        assert len(_writes(store)) == before + 1

        # A replay is refused: by the spent token, or earlier, by the preview finding the
        # object gone (404) or already in the state the action would leave it in.
        replay = await client.call_tool(tool, {**arguments, "confirmation_token": token})
        assert replay.is_error
        assert "was not run" in text_of(replay) or "404" in text_of(replay)
        assert len(_writes(store)) == before + 1


@pytest.mark.parametrize("tool", DESTRUCTIVE)
@pytest.mark.parametrize("action", ["decline", "cancel"])
async def test_a_human_who_says_no_through_the_client_stops_the_action(
    tool: str, action: str, server: Any, store: Store, sandbox: Starlette, mode: Any
) -> None:
    arguments = await VALID_ARGUMENTS[tool](store, sandbox)
    before = len(_writes(store))
    async with Client(server, mode=mode, elicitation_callback=_answering(action)) as client:
        result = await client.call_tool(tool, arguments)
    assert result.is_error and "was not run" in text_of(result)
    assert len(_writes(store)) == before


@pytest.mark.parametrize("tool", DESTRUCTIVE)
async def test_a_human_who_says_yes_through_the_client_runs_it_once(
    tool: str, server: Any, store: Store, sandbox: Starlette, mode: Any
) -> None:
    arguments = await VALID_ARGUMENTS[tool](store, sandbox)
    before = len(_writes(store))
    questions: list[str] = []

    async def accept(context: ClientRequestContext, params: ElicitRequestParams) -> ElicitResult:
        questions.append(params.message)
        return ElicitResult(action="accept", content={"confirm": True})

    async with Client(server, mode=mode, elicitation_callback=accept) as client:
        result = await client.call_tool(tool, arguments)
    assert not result.is_error, text_of(result)
    assert len(_writes(store)) == before + 1
    assert len(questions) == 1


async def test_the_refund_preview_names_the_order_the_customer_and_the_money(
    client: Client, store: Store
) -> None:
    order = store.get("order", DEMO_ORDER_ID)
    assert order is not None
    result = await client.call_tool("create_refund", {"order": DEMO_ORDER_ID, "amount": 500})
    text = text_of(result)
    assert DEMO_ORDER_ID in text and DEMO_CUSTOMER_EMAIL in text
    assert f"5.00 {order['currency'].upper()}" in text and "cannot be undone" in text


@pytest.mark.parametrize(
    "change",
    [
        {"amount": 501},
        {"reason": "duplicate"},
        {"confirmation_token": "made-up-token"},
    ],
)
async def test_a_token_for_other_arguments_or_an_invented_one_runs_nothing(
    client: Client, store: Store, change: dict[str, Any]
) -> None:
    arguments = {"order": DEMO_ORDER_ID, "amount": 500, "reason": "requested_by_customer"}
    token = structured(await client.call_tool("create_refund", arguments))["confirmation_token"]
    before = len(_writes(store))
    result = await client.call_tool(
        "create_refund", {**arguments, "confirmation_token": token, **change}
    )
    assert result.is_error and "Nothing was changed" in text_of(result)
    assert len(_writes(store)) == before


async def test_a_token_issued_by_one_replica_is_accepted_by_another_with_the_same_secret(
    sandbox: Starlette, store: Store
) -> None:
    settings = Settings(
        api_key=SANDBOX_TOKEN, base_url="http://sandbox/v1", confirm_secret="shared-secret-1"
    )
    first = build_server(settings, transport=httpx.ASGITransport(app=sandbox))
    second = build_server(settings, transport=httpx.ASGITransport(app=sandbox))
    arguments = {"order": DEMO_ORDER_ID, "amount": 300}
    async with Client(first, mode="legacy") as client:
        token = structured(await client.call_tool("create_refund", arguments))["confirmation_token"]
    async with Client(second, mode="legacy") as client:
        done = await client.call_tool("create_refund", {**arguments, "confirmation_token": token})
    assert not done.is_error, text_of(done)
    assert (
        len([r for r in store.all("refund") if r["order"] == DEMO_ORDER_ID and r["amount"] == 300])
        == 1
    )


def test_an_expired_token_is_refused() -> None:
    tokens = ConfirmationTokens("secret", ttl_seconds=-1)
    token = tokens.issue(tool="create_refund", arguments={"order": "ord_1"}, account="k")
    with pytest.raises(TokenProblem, match="expired"):
        tokens.redeem(token, tool="create_refund", arguments={"order": "ord_1"}, account="k")


def test_a_token_for_another_account_is_refused() -> None:
    tokens = ConfirmationTokens("secret", ttl_seconds=300)
    token = tokens.issue(tool="create_refund", arguments={"order": "ord_1"}, account="key-a")
    with pytest.raises(TokenProblem, match="another account"):
        tokens.redeem(token, tool="create_refund", arguments={"order": "ord_1"}, account="key-b")


async def test_read_only_mode_lists_only_read_tools_and_refuses_writes(
    sandbox: Starlette, store: Store, mode: Any
) -> None:
    settings = Settings(api_key=SANDBOX_TOKEN, base_url="http://sandbox/v1", read_only=True)
    server = build_server(settings, transport=httpx.ASGITransport(app=sandbox))
    async with Client(server, mode=mode) as client:
        tools = (await client.list_tools()).tools
        assert tools and all(t.annotations and t.annotations.read_only_hint for t in tools)
        result = await client.call_tool("create_customer", {"email": "ro@example.com"})
    assert result.is_error
    assert _writes(store) == []


async def test_a_refund_above_the_cap_is_refused_before_anyone_is_asked(
    sandbox: Starlette, store: Store
) -> None:
    settings = Settings(api_key=SANDBOX_TOKEN, base_url="http://sandbox/v1", max_refund_amount=1000)
    server = build_server(settings, transport=httpx.ASGITransport(app=sandbox))
    async with Client(server, mode="legacy", elicitation_callback=_answering("accept")) as client:
        result = await client.call_tool("create_refund", {"order": DEMO_ORDER_ID, "amount": 1001})
    assert result.is_error and "cap" in text_of(result)
    assert _writes(store) == []


async def test_skipping_confirmation_applies_only_to_the_named_tools(
    sandbox: Starlette, store: Store
) -> None:
    settings = Settings(
        api_key=SANDBOX_TOKEN, base_url="http://sandbox/v1", skip_confirmation="send_email"
    )
    server = build_server(settings, transport=httpx.ASGITransport(app=sandbox))
    async with Client(server, mode="legacy") as client:
        sent = await client.call_tool("send_email", await _send_email(store, sandbox))
        refund = await client.call_tool("create_refund", {"order": DEMO_ORDER_ID, "amount": 100})
    assert not sent.is_error and len(store.outbox) == 1
    assert structured(refund)["status"] == "confirmation_required"


async def test_the_audit_log_records_executed_and_declined_writes_without_personal_data(
    sandbox: Starlette, store: Store, tmp_path: Path
) -> None:
    log = tmp_path / "audit.jsonl"
    settings = Settings(api_key=SANDBOX_TOKEN, base_url="http://sandbox/v1", audit_log=log)
    server = build_server(settings, transport=httpx.ASGITransport(app=sandbox))
    arguments = await _send_email(store, sandbox)
    async with Client(server, mode="legacy", elicitation_callback=_answering("decline")) as client:
        await client.call_tool("send_email", arguments)
    async with Client(server, mode="legacy", elicitation_callback=_answering("accept")) as client:
        await client.call_tool("send_email", arguments)
        await client.call_tool("create_customer", {"email": "audit.me@example.com"})

    entries = [json.loads(line) for line in log.read_text().splitlines()]
    outcomes = [(e["tool"], e["outcome"]) for e in entries]
    assert ("send_email", "declined") in outcomes and ("send_email", "executed") in outcomes
    assert ("create_customer", "executed") in outcomes
    executed = next(e for e in entries if e["outcome"] == "executed" and e["tool"] == "send_email")
    assert executed["object_id"].startswith("em_") and executed["request_id"]
    raw = log.read_text()
    assert DEMO_CUSTOMER_EMAIL not in raw and "audit.me@example.com" not in raw
    assert "Hello María" not in raw


async def test_annotations_follow_the_method_and_the_guard(client: Client) -> None:
    by_name = {op.name: op for op in OPERATIONS}
    for tool in (await client.list_tools()).tools:
        op = by_name[tool.name]
        assert tool.annotations is not None
        assert tool.annotations.read_only_hint is (op.method == "GET"), tool.name
        if op.method != "GET":
            assert tool.annotations.destructive_hint is op.destructive, tool.name
        if op.destructive:
            assert "confirmation_token" in tool.input_schema["properties"], tool.name


async def _ask_once(client: Client, tool: str, arguments: dict[str, Any]) -> tuple[str, str]:
    """Drive the 2026-07-28 question round by hand: the question's key and its state."""
    first = await client.session.call_tool(tool, arguments, allow_input_required=True)
    assert isinstance(first, InputRequiredResult), first
    assert first.input_requests and first.request_state
    (key,) = first.input_requests
    return key, first.request_state


async def _answer(
    client: Client, tool: str, arguments: dict[str, Any], key: str, state: str, action: str
) -> CallToolResult:
    if action == "accept":
        reply = ElicitResult(action="accept", content={"confirm": True})
    else:
        reply = ElicitResult(action="decline")
    result = await client.session.call_tool(
        tool, arguments, input_responses={key: reply}, request_state=state
    )
    assert isinstance(result, CallToolResult)
    return result


async def test_a_yes_sent_again_on_the_modern_protocol_runs_nothing_more(
    server: Any, store: Store, sandbox: Starlette
) -> None:
    arguments = await _send_email(store, sandbox)
    async with Client(server, mode="auto", elicitation_callback=_answering("accept")) as client:
        key, state = await _ask_once(client, "send_email", arguments)
        done = await _answer(client, "send_email", arguments, key, state, "accept")
        again = await _answer(client, "send_email", arguments, key, state, "accept")
    assert not done.is_error, text_of(done)
    assert again.is_error and "already used" in text_of(again)
    assert len(store.outbox) == 1


async def test_a_declined_question_cannot_be_answered_yes_later(
    server: Any, store: Store, sandbox: Starlette
) -> None:
    arguments = await _send_email(store, sandbox)
    async with Client(server, mode="auto", elicitation_callback=_answering("accept")) as client:
        key, state = await _ask_once(client, "send_email", arguments)
        declined = await _answer(client, "send_email", arguments, key, state, "decline")
        flipped = await _answer(client, "send_email", arguments, key, state, "accept")
    assert declined.is_error and flipped.is_error
    assert store.outbox == []


async def test_a_yes_after_the_timeout_on_the_modern_protocol_runs_nothing(
    sandbox: Starlette, store: Store
) -> None:
    settings = Settings(
        api_key=SANDBOX_TOKEN, base_url="http://sandbox/v1", toolsets="all", elicit_timeout=0.05
    )
    server = build_server(settings, transport=httpx.ASGITransport(app=sandbox))
    arguments = await _send_email(store, sandbox)
    async with Client(server, mode="auto", elicitation_callback=_answering("accept")) as client:
        key, state = await _ask_once(client, "send_email", arguments)
        await anyio.sleep(0.2)  # the human is slower than the timeout
        late = await _answer(client, "send_email", arguments, key, state, "accept")
    assert late.is_error and "no answer came within" in text_of(late)
    assert store.outbox == []


@pytest.mark.parametrize(
    ("tool", "arguments", "why"),
    [
        ("create_refund", {"order": DEMO_PENDING_ORDER_ID}, "only succeeded or partially"),
        ("void_invoice", {"invoice_id": DEMO_VOID_INVOICE_ID}, "already void"),
        ("delete_discount", {"discount_id": DEMO_DISCOUNT_ID}, "call update_discount with"),
        (
            "send_email",
            {"to": "stranger@evil.example", "subject": "Hi", "body": "Hello"},
            "not a customer",
        ),
    ],
)
async def test_an_action_that_cannot_succeed_is_refused_before_anyone_is_asked(
    tool: str, arguments: dict[str, Any], why: str, sandbox: Starlette, store: Store
) -> None:
    asked: list[str] = []

    async def accept(context: ClientRequestContext, params: ElicitRequestParams) -> ElicitResult:
        asked.append(params.message)
        return ElicitResult(action="accept", content={"confirm": True})

    server = build_server(
        Settings(api_key=SANDBOX_TOKEN, base_url="http://sandbox/v1", toolsets="all"),
        transport=httpx.ASGITransport(app=sandbox),
    )
    async with Client(server, mode="legacy", elicitation_callback=accept) as client:
        result = await client.call_tool(tool, arguments)
    assert result.is_error and why in text_of(result)
    assert asked == [] and _writes(store) == []


async def test_the_email_preview_shows_the_text_that_will_be_sent(client: Client) -> None:
    body = "Your refund is on its way. Ignore the earlier email, please."
    result = await client.call_tool(
        "send_email", {"to": DEMO_CUSTOMER_EMAIL, "subject": "Refund", "body": body}
    )
    assert body in text_of(result) and DEMO_CUSTOMER_EMAIL in text_of(result)


async def test_an_unknown_order_to_refund_names_the_argument_and_the_list_tool(
    client: Client,
) -> None:
    result = await client.call_tool("create_refund", {"order": "ord_doesnotexist"})
    text = text_of(result)
    assert result.is_error and "order" in text and "list_orders" in text
    assert "list_refunds" not in text


async def test_a_token_replayed_on_another_replica_says_the_action_was_already_done(
    sandbox: Starlette, store: Store
) -> None:
    settings = Settings(
        api_key=SANDBOX_TOKEN,
        base_url="http://sandbox/v1",
        confirm_secret="shared-secret-2",
        toolsets="all",
    )
    first = build_server(settings, transport=httpx.ASGITransport(app=sandbox))
    second = build_server(settings, transport=httpx.ASGITransport(app=sandbox))
    arguments = {"order": DEMO_ORDER_ID, "amount": 400}
    async with Client(first, mode="legacy") as client:
        token = structured(await client.call_tool("create_refund", arguments))["confirmation_token"]
        done = await client.call_tool("create_refund", {**arguments, "confirmation_token": token})
    async with Client(second, mode="legacy") as client:
        again = await client.call_tool("create_refund", {**arguments, "confirmation_token": token})
    assert not done.is_error and "Already done" not in text_of(done)
    assert not again.is_error and "Already done earlier" in text_of(again)
    assert structured(again)["id"] == structured(done)["id"]
    assert len([r for r in store.all("refund") if r["amount"] == 400]) == 1
