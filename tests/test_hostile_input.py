"""Hostile and broken input: each gets a clear error, and the next call still works.

In-process through the SDK client (both protocol eras) for what a client can send in
arguments, and as raw JSON-RPC lines to a stdio subprocess for what SDK clients refuse
to send at all, such as arguments that are a string instead of an object.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client

from crevio_mcp.operations import OPERATIONS, Operation
from crevio_mcp.operations.base import Params
from crevio_mcp.sandbox import Store, create_app
from crevio_mcp.server import build_server
from tests.helpers import sandbox_settings, text_of
from tests.rawstdio import RawSession

pytestmark = pytest.mark.anyio

MEGABYTE = "x" * 1_000_000


def _first(store: Store, kind: str) -> str:
    return str(sorted(record["id"] for record in store.all(kind))[0])


async def _still_serves(client: Client) -> None:
    after = await client.call_tool("list_orders", {"limit": 1})
    assert not after.is_error, text_of(after)


# (test id, tool, arguments, words the error must contain); "{order}" and "{customer}"
# are replaced by real sandbox IDs.
BROKEN_CALLS = [
    ("unknown tool", "delete_everything", {}, ["Unknown tool: delete_everything"]),
    ("wrong type", "list_orders", {"limit": "lots"}, ["limit:", "valid integer"]),
    ("fractional integer", "list_orders", {"limit": 5.5}, ["limit:", "fractional"]),
    # expand alone reads "a,b" as the API writes it; other lists take only lists.
    (
        "string for a list",
        "create_webhook_endpoint",
        {"url": "https://example.com/h", "enabled_events": "order.created"},
        ["enabled_events:", "valid list"],
    ),
    ("object for a string", "get_order", {"order_id": {"id": "{order}"}}, ["order_id:"]),
    ("missing argument", "get_order", {}, ["order_id: is required"]),
    (
        "extra argument",
        "get_order",
        {"order_id": "{order}", "verbose": True},
        ["verbose: is not a parameter of get_order"],
    ),
    (
        "ID of another type",
        "get_order",
        {"order_id": "{customer}"},
        ["order IDs start with 'ord_'", "list_orders"],
    ),
    ("number for an ID", "get_order", {"order_id": 12345}, ["order_id:", "valid string"]),
    ("list for an ID", "get_order", {"order_id": ["{order}"]}, ["order_id:", "valid string"]),
    ("empty ID", "get_order", {"order_id": ""}, ["order_id: give an order ID"]),
    ("megabyte ID", "get_order", {"order_id": "ord_" + MEGABYTE}, ["1,000,004 characters"]),
    ("megabyte slug", "get_product", {"product_id": MEGABYTE}, ["1,000,000 characters"]),
    (
        "megabyte name",
        "create_customer",
        {"email": "big@example.com", "name": MEGABYTE},
        ["name:", "at most 200 characters"],
    ),
    (
        "megabyte search text",
        "list_customers",
        {"query": MEGABYTE},
        ["query: 1,000,000 characters is too long to send"],
    ),
    (
        "control characters in an ID",
        "get_order",
        {"order_id": "ord_\x00\x1b[31m\r\n"},
        ["HTTP 404", "list_orders"],
    ),
    (
        "path traversal in an ID",
        "get_order",
        {"order_id": "ord_../../customers"},
        ["HTTP 404", "list_orders"],
    ),
    (
        "home of a user who does not exist",
        "upload_file",
        {"file_path": "~nobody-here-at-all/report.pdf"},
        ["file_path: cannot find the home directory", "give an absolute path"],
    ),
    ("wrong enum value", "list_orders", {"status": "shipped"}, ["status: Input should be"]),
]


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format_map(ids) if value.startswith("{") else value
    if isinstance(value, list):
        return [_fill(item, ids) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    return value


@pytest.mark.parametrize(
    ("tool", "arguments", "words"),
    [case[1:] for case in BROKEN_CALLS],
    ids=[case[0] for case in BROKEN_CALLS],
)
async def test_a_broken_call_gets_a_clear_error_and_the_server_keeps_serving(
    client: Client, store: Store, tool: str, arguments: dict[str, Any], words: list[str]
) -> None:
    ids = {"order": _first(store, "order"), "customer": _first(store, "customer")}
    result = await client.call_tool(tool, _fill(arguments, ids))

    assert result.is_error
    text = text_of(result)
    for word in words:
        assert word in text
    assert len(text) < 1_000, "the error does not echo a huge argument back"
    assert not text.startswith(f"Error executing tool {tool}")
    await _still_serves(client)


TEXT_OF_EVERY_KIND = "Zoë Ångström 😀 北京 العربية \u202eevil\u202c tab\there"


async def test_non_ascii_emoji_and_bidi_text_round_trips_unchanged(client: Client) -> None:
    created = await client.call_tool(
        "create_customer", {"email": "zoë@例え.jp", "name": TEXT_OF_EVERY_KIND}
    )
    assert not created.is_error, text_of(created)
    assert created.structured_content is not None
    assert created.structured_content["name"] == TEXT_OF_EVERY_KIND
    assert created.structured_content["email"] == "zoë@例え.jp"

    found = await client.call_tool("list_customers", {"query": "Ångström 😀"})
    assert not found.is_error, text_of(found)
    assert found.structured_content is not None
    assert [c["id"] for c in found.structured_content["data"]] == [created.structured_content["id"]]


# ----- a bug inside crevio-mcp -------------------------------------------------------


class _Anything(Params):
    note: str = "x"


def _broken_prepare(params: Params) -> dict[str, Any]:
    raise RuntimeError("secret detail sk_live_do_not_show")


BROKEN_OPERATION = Operation(
    name="list_things",
    title="List things",
    description="A tool whose request building fails, as a bug would.",
    method="GET",
    path="/orders",
    params=_Anything,
    returns="order",
    toolset="orders",
    prepare=_broken_prepare,
)


async def test_a_bug_in_the_server_is_logged_and_reads_as_a_clean_error(
    mode: Any, caplog: pytest.LogCaptureFixture
) -> None:
    server = build_server(
        sandbox_settings(),
        transport=httpx.ASGITransport(app=create_app()),
        operations=[BROKEN_OPERATION, *[op for op in OPERATIONS if op.name == "list_orders"]],
    )
    with caplog.at_level(logging.ERROR):
        async with Client(server, mode=mode) as client:
            result = await client.call_tool("list_things", {})
            await _still_serves(client)

    assert result.is_error
    assert text_of(result) == (
        "list_things failed: an internal error in crevio-mcp (RuntimeError).\n"
        "Next: nothing was changed; try other arguments, and if it persists, report it "
        "with the server's log."
    )
    logged = [r for r in caplog.records if r.exc_info]
    assert len(logged) == 1, "the traceback is logged once, at the boundary"
    assert logged[0].name == "crevio_mcp.executor"


# ----- raw JSON-RPC over stdio -------------------------------------------------------


@pytest.fixture
async def raw() -> Any:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREVIO_")}
    with anyio.fail_after(60):
        async with await anyio.open_process(
            [sys.executable, "-m", "crevio_mcp", "--sandbox"], env=env
        ) as process:
            session = RawSession(process)
            await session.initialize()
            yield session
            assert process.stdin is not None
            await process.stdin.aclose()
            await process.wait()


INVALID_PARAMS = -32602

MALFORMED_CALLS = [
    ("arguments as a JSON string", {"name": "get_order", "arguments": '{"order_id": "ord_x"}'}),
    ("arguments as a list", {"name": "get_order", "arguments": ["ord_x"]}),
    ("arguments as a number", {"name": "get_order", "arguments": 7}),
    ("no tool name", {"arguments": {}}),
    ("tool name a number", {"name": 42, "arguments": {}}),
]


async def test_malformed_tool_calls_get_invalid_params_and_the_server_keeps_serving(
    raw: RawSession,
) -> None:
    with anyio.fail_after(30):
        for _, params in MALFORMED_CALLS:
            answer = await raw.call(params)
            assert answer["error"]["code"] == INVALID_PARAMS, params
            await raw.still_serves()

        # No params at all, and an unknown method, are protocol errors too.
        await raw.send({"jsonrpc": "2.0", "id": 7, "method": "tools/call"})
        assert (await raw.receive())["error"]["code"] == INVALID_PARAMS
        await raw.send({"jsonrpc": "2.0", "id": 8, "method": "tools/destroy"})
        assert (await raw.receive())["error"]["code"] == -32601
        await raw.still_serves()


async def test_null_arguments_count_as_none_given(raw: RawSession) -> None:
    with anyio.fail_after(30):
        answer = await raw.call({"name": "get_order", "arguments": None})
        assert answer["result"]["isError"] is True
        assert "order_id: is required" in answer["result"]["content"][0]["text"]
        await raw.still_serves()


async def test_a_megabyte_of_control_characters_and_emoji_over_stdio(raw: RawSession) -> None:
    hostile = ("\x00\x07\x1b[2J😀\u202e" * 200_000)[:1_000_000]
    with anyio.fail_after(30):
        answer = await raw.call({"name": "list_customers", "arguments": {"query": hostile}})
        assert answer["result"]["isError"] is True
        assert "too long to send" in answer["result"]["content"][0]["text"]
        await raw.still_serves()


@pytest.mark.xfail(
    reason="mcp 2.3's stdio transport drops a line that is not a JSON-RPC message (bad JSON, "
    "or params that are not an object) without answering it, where JSON-RPC 2.0 asks for "
    "-32700/-32600; the server itself keeps serving, which the test checks first",
    strict=True,
)
async def test_a_line_that_is_not_a_json_rpc_message_gets_an_answer(raw: RawSession) -> None:
    with anyio.fail_after(30):
        await raw.send("this is not json")
        await raw.send({"jsonrpc": "2.0", "id": 6, "method": "tools/call", "params": "get_order"})
        await raw.still_serves()  # dropped, not answered: the next answer is the next call's
        await raw.send({"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": "x"})
        await raw.send({"jsonrpc": "2.0", "id": 10, "method": "tools/list"})
        assert (await raw.receive())["id"] == 9
