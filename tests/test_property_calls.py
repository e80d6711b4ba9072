"""Every tool, called many times with arguments generated from its advertised schema.

Hypothesis draws a tool and arguments that mostly fit the tool's input schema (with
real sandbox IDs, dates, URLs and emails mixed into the strings so calls get past
validation and reach the API), and then sometimes breaks them: a wrong type, a missing
required argument, an argument the tool does not take. Whatever it sends, the server
must answer with a result or a clean error of its own making: no protocol error, no
unexpected exception (the SDK would log its traceback), and it keeps serving.

The calls run against one sandbox per protocol era through the SDK's in-memory client,
held open in a blocking portal so Hypothesis's synchronous test can drive it. The run is
derandomized, so CI sees the same calls each time; the number made is reported at the
end of the session (see `pytest_terminal_summary` in conftest.py).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from hypothesis import HealthCheck, given, settings, strategies as st
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolResult, Tool

from crevio_mcp.sandbox import create_app
from crevio_mcp.sandbox.ids import ID_PREFIXES
from crevio_mcp.server import build_server
from tests.helpers import sandbox_settings, text_of

CALLS_PER_TOOL = int(os.environ.get("FUZZ_CALLS_PER_TOOL", "4"))
"""Examples per tool and protocol era; raise it locally to search harder."""

JsonValue = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
"""Any JSON value: what a confused or hostile client might put in place of an argument."""

# Text a model might send, and text no model should: control characters, NUL, emoji,
# right-to-left marks (the utf-8 codec leaves out lone surrogates, which JSON cannot carry).
HostileText = st.text(
    st.characters(codec="utf-8") | st.sampled_from("\x00\n\t\u202e😀"),
    max_size=40,
)

_PREFIX_IN_DESCRIPTION = re.compile(r"\((\w+_)…\)")


def _handy_strings(ids: Mapping[str, list[str]]) -> st.SearchStrategy[str]:
    """Strings that pass the API's own checks often enough for calls to go deep."""
    every_id = sorted(i for pool in ids.values() for i in pool)
    return st.sampled_from(
        [
            "2027-03-01T09:00:00Z",
            "2020-01-01T00:00:00Z",
            "https://example.com/thanks",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "buyer@example.com",
            "usd",
            "SAVE-10",
            "~nobody-here/file.pdf",
        ]
    ) | st.sampled_from(every_id)


def strategy_for(schema: Mapping[str, Any], ids: Mapping[str, list[str]]) -> st.SearchStrategy[Any]:
    """Values that fit one (lean) JSON Schema node, as tools/list advertises it."""
    if "enum" in schema:
        return st.sampled_from(list(schema["enum"]))
    kind = schema.get("type")
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum"), schema.get("maximum"))
    if kind == "number":
        return st.floats(schema.get("minimum"), schema.get("maximum"), allow_nan=False)
    if kind == "array":
        items = strategy_for(schema.get("items", {}), ids)
        return st.lists(items, min_size=schema.get("minItems", 0), max_size=4)
    if kind == "object":
        return _object_strategy(schema, ids)
    if kind == "string":
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True).filter(
                lambda s: len(s) <= schema.get("maxLength", 1_000)
            )
        found = _PREFIX_IN_DESCRIPTION.search(schema.get("description", ""))
        if found:
            prefix = found.group(1)
            real = [i for pool in ids.values() for i in pool if i.startswith(prefix)]
            made_up = st.text("abcdefghijklmnopqrstuvwxyz0123456789", max_size=14)
            return st.sampled_from(real) | made_up.map(prefix.__add__) if real else made_up
        return _handy_strings(ids) | HostileText.filter(
            lambda s: len(s) <= schema.get("maxLength", 1_000)
        )
    return JsonValue


def _object_strategy(
    schema: Mapping[str, Any], ids: Mapping[str, list[str]]
) -> st.SearchStrategy[dict[str, Any]]:
    properties: Mapping[str, Any] = schema.get("properties", {})
    if not properties:
        values = strategy_for(schema.get("additionalProperties") or {}, ids)
        return st.dictionaries(st.text(max_size=10), values, max_size=4)
    required = set(schema.get("required", []))
    return st.fixed_dictionaries(
        {name: strategy_for(p, ids) for name, p in properties.items() if name in required},
        optional={
            name: strategy_for(p, ids) for name, p in properties.items() if name not in required
        },
    )


@st.composite
def arguments_for(
    draw: st.DrawFn, schema: Mapping[str, Any], ids: Mapping[str, list[str]]
) -> dict[str, Any]:
    """Arguments that fit the schema, then now and then broken in one or two ways."""
    arguments = dict(draw(_object_strategy(schema, ids)))
    for _ in range(draw(st.integers(0, 2))):
        how = draw(st.sampled_from(["none", "none", "retype", "drop", "extra"]))
        if how == "retype" and arguments:
            arguments[draw(st.sampled_from(sorted(arguments)))] = draw(JsonValue)
        elif how == "drop" and arguments:
            del arguments[draw(st.sampled_from(sorted(arguments)))]
        elif how == "extra":
            arguments[draw(st.text(min_size=1, max_size=12))] = draw(JsonValue)
    return arguments


class Caught(logging.Handler):
    """Collects log records from the server while the calls run."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _caught_logs() -> Iterator[Caught]:
    handler = Caught()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


@contextmanager
def _connected(
    mode: Any,
) -> Iterator[tuple[BlockingPortal, Client, list[Tool], dict[str, list[str]]]]:
    sandbox = create_app()
    store = sandbox.state.store
    ids = {kind: sorted(r["id"] for r in store.all(kind))[:8] for kind in ID_PREFIXES}
    server = build_server(sandbox_settings(), transport=httpx.ASGITransport(app=sandbox))
    with start_blocking_portal("asyncio") as portal:
        with portal.wrap_async_context_manager(Client(server, mode=mode)) as client:
            tools = portal.call(client.list_tools).tools
            yield portal, client, tools, ids


def _is_clean(tool: str, result: CallToolResult) -> bool:
    """A success, or a failure written by crevio-mcp: never the SDK's crash text."""
    if not result.is_error:
        return True
    text = text_of(result)
    return (
        bool(text)
        and not text.startswith(f"Error executing tool {tool}")
        and "internal error in crevio-mcp" not in text
    )


@pytest.mark.parametrize("mode", ["legacy", "auto"])
def test_generated_calls_to_every_tool_never_crash_the_server(
    mode: Any, record_property: Any
) -> None:
    calls: list[str] = []
    with _caught_logs() as logs, _connected(mode) as (portal, client, tools, ids):
        for tool in tools:
            _call_many_times(portal, client, tool, ids, logs, calls)

        # And it still serves an ordinary call afterwards.
        after = portal.call(client.call_tool, "list_orders", {"limit": 1})
        assert not after.is_error, text_of(after)

    record_property("generated_calls", len(calls))
    assert set(calls) == {tool.name for tool in tools}


def _call_many_times(
    portal: BlockingPortal,
    client: Client,
    tool: Tool,
    ids: Mapping[str, list[str]],
    logs: Caught,
    calls: list[str],
) -> None:
    @settings(
        max_examples=CALLS_PER_TOOL,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(arguments_for(tool.input_schema, ids))
    def call(arguments: dict[str, Any]) -> None:
        calls.append(tool.name)
        try:
            result = portal.call(client.call_tool, tool.name, arguments)
        except MCPError as exc:  # a protocol error: the server failed, not the call
            raise AssertionError(
                f"{tool.name}({arguments!r}) gave a protocol error: {exc}"
            ) from exc
        assert _is_clean(tool.name, result), f"{tool.name}({arguments!r}) -> {text_of(result)!r}"
        crashes = [r for r in logs.records if r.exc_info]
        logs.records.clear()
        assert not crashes, f"{tool.name}({arguments!r}) logged {crashes[0].getMessage()}"

    call()
