"""Choosing which tools are listed: toolsets, single tools, read-only, dynamic discovery."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer
from mcp.shared.subscriptions import ToolsListChanged
from mcp.types import ToolListChangedNotification
from starlette.applications import Starlette

from crevio_mcp.cli import main
from crevio_mcp.errors import ConfigurationError
from crevio_mcp.footprint import print_tool_costs
from crevio_mcp.operations import OPERATIONS
from crevio_mcp.sandbox import SANDBOX_TOKEN
from crevio_mcp.server import INSTRUCTIONS, SANDBOX_BASE_URL, AppState, build_server
from crevio_mcp.settings import Settings
from crevio_mcp.toolsets import DEFAULT_TOOLS, DEFAULT_TOOLSETS, TOOLSETS
from tests.helpers import structured, text_of

pytestmark = pytest.mark.anyio


def _server(sandbox: Starlette, **overrides: Any) -> MCPServer[AppState]:
    overrides.setdefault("toolsets", None)  # the default set, not conftest's "all"
    settings = Settings(api_key=SANDBOX_TOKEN, base_url=SANDBOX_BASE_URL, **overrides)
    return build_server(settings, transport=httpx.ASGITransport(app=sandbox))


async def _names(server: MCPServer[AppState], mode: Any = "legacy") -> set[str]:
    async with Client(server, mode=mode) as client:
        return {tool.name for tool in (await client.list_tools()).tools}


def _ops(*toolsets: str) -> set[str]:
    return {op.name for op in OPERATIONS if op.toolset in toolsets}


def test_every_operation_belongs_to_a_known_toolset() -> None:
    assert {op.toolset for op in OPERATIONS} <= set(TOOLSETS)
    assert set(DEFAULT_TOOLS) <= {op.name for op in OPERATIONS}


async def test_the_default_set_serves_a_support_desk_and_nothing_else(sandbox: Starlette) -> None:
    names = await _names(_server(sandbox))
    assert names == _ops(*DEFAULT_TOOLSETS) | set(DEFAULT_TOOLS)
    assert {"get_order", "create_refund", "list_customers", "get_subscription"} <= names
    assert {"get_product", "pause_subscription", "cancel_subscription"} <= names
    assert not names & {"create_webhook_endpoint", "upload_file", "void_invoice"}


async def test_the_default_set_can_say_what_a_product_costs(sandbox: Starlette) -> None:
    # The question a support desk hears most about a product; a product names its prices
    # only by ID, so its summary says which served tool brings the amounts.
    async with Client(_server(sandbox)) as client:
        product = await client.call_tool("get_product", {"product_id": "cafe-creme-masterclass"})
        product_id = structured(product)["id"]
        hint = f"(amounts: list_price_variants with product={product_id})"
        assert any(x.endswith(hint) for x in text_of(product).splitlines()), text_of(product)
        prices = await client.call_tool("list_price_variants", {"product": product_id})
    assert not prices.is_error, text_of(prices)
    listed = {price["id"] for price in structured(prices)["data"]}
    assert listed == set(structured(product)["price_variants"])
    assert all("USD" in line for line in text_of(prices).splitlines()[1:])


async def test_all_serves_every_operation(sandbox: Starlette) -> None:
    assert await _names(_server(sandbox, toolsets="all")) == {op.name for op in OPERATIONS}


async def test_toolsets_and_single_tools_add_up(sandbox: Starlette) -> None:
    names = await _names(_server(sandbox, toolsets="files,account", tools="send_email"))
    assert names == _ops("files", "account") | {"send_email"}


async def test_read_only_is_a_ceiling_over_toolsets_and_tools(sandbox: Starlette) -> None:
    names = await _names(_server(sandbox, toolsets="all", tools="send_email", read_only=True))
    assert names == {op.name for op in OPERATIONS if op.read_only}


def test_the_toolsets_variable_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CREVIO_TOOLSETS", "billing, files")
    assert Settings().toolsets == frozenset({"billing", "files"})


@pytest.mark.parametrize(
    ("overrides", "named"),
    [({"toolsets": "orders,bogus"}, "catalog"), ({"tools": "get_nothing"}, "get_nothing")],
)
def test_an_unknown_toolset_or_tool_is_a_startup_error_naming_the_valid_ones(
    sandbox: Starlette, overrides: dict[str, str], named: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        _server(sandbox, **overrides)
    assert named in str(caught.value)


def test_the_cli_refuses_an_unknown_toolset_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--sandbox", "--toolsets", "nope"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "nope" in err and "billing" in err


async def test_the_tools_command_prints_each_tool_by_toolset_with_a_total() -> None:
    out = io.StringIO()
    await print_tool_costs(Settings(toolsets=frozenset({"orders", "account"})), out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "orders" and "account" in lines
    assert any(line.split()[-1] == "get_order" for line in lines)
    expected = len(_ops("orders", "account"))
    assert lines[-1].startswith(f"{expected} tools, ")


async def test_the_tools_command_groups_toolsets_in_the_order_help_names_them() -> None:
    out = io.StringIO()
    await print_tool_costs(Settings(toolsets=frozenset({"all"})), out)
    headings = [line for line in out.getvalue().splitlines()[:-1] if not line.startswith(" ")]
    assert headings == list(TOOLSETS)


async def test_the_tools_command_does_not_call_the_discovery_tools_writes() -> None:
    out = io.StringIO()
    await print_tool_costs(Settings(dynamic_toolsets=True, toolsets=None), out)
    lines = out.getvalue().splitlines()
    # They change what this session lists, not the store, so they carry no "(writes)".
    assert [line.split()[1:] for line in lines[1:3]] == [["list_toolsets"], ["enable_toolset"]]
    assert lines[-1].startswith("2 tools, ")


async def test_the_tools_command_counts_one_tool_in_the_singular() -> None:
    out = io.StringIO()
    await print_tool_costs(Settings(toolsets=frozenset({"account"})), out)
    assert out.getvalue().splitlines()[-1].startswith("1 tool, ")


async def test_the_discovery_tools_are_annotated_read_only_for_the_store(
    sandbox: Starlette, mode: Any
) -> None:
    async with Client(_server(sandbox, dynamic_toolsets=True), mode=mode) as client:
        tools = (await client.list_tools()).tools
    hints = {tool.name: tool.annotations for tool in tools}
    assert all(h is not None and h.read_only_hint and not h.open_world_hint for h in hints.values())


def test_the_tools_command_takes_the_serving_flags_after_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["tools", "--toolsets", "files", "--read-only"])
    out = capsys.readouterr().out
    assert "get_file" in out and "upload_file" not in out


@pytest.mark.parametrize(
    ("overrides", "tool", "says"),
    [
        ({"toolsets": "files"}, "list_orders", "orders toolset, which this server was not"),
        ({"read_only": True}, "create_refund", "this server is read-only"),
    ],
)
async def test_a_crevio_tool_held_back_by_the_settings_says_why(
    sandbox: Starlette, mode: Any, overrides: dict[str, Any], tool: str, says: str
) -> None:
    async with Client(_server(sandbox, **overrides), mode=mode) as client:
        result = await client.call_tool(tool, {})
    lines = text_of(result).splitlines()
    assert result.is_error and says in lines[0]
    assert lines[-1].startswith("Next: do without it, or tell the user")


async def test_outside_dynamic_mode_an_unknown_name_keeps_the_sdk_answer(
    sandbox: Starlette, mode: Any
) -> None:
    async with Client(_server(sandbox, toolsets="files"), mode=mode) as client:
        result = await client.call_tool("enable_toolset", {"toolset": "orders"})
    assert result.is_error and text_of(result) == "Unknown tool: enable_toolset"


# Dynamic discovery


async def test_dynamic_mode_starts_with_only_the_discovery_tools(sandbox: Starlette) -> None:
    assert await _names(_server(sandbox, dynamic_toolsets=True)) == {
        "list_toolsets",
        "enable_toolset",
    }


async def test_the_handshake_advertises_that_the_tool_list_can_change(sandbox: Starlette) -> None:
    async with Client(_server(sandbox, dynamic_toolsets=True), mode="legacy") as client:
        tools = client.server_capabilities.tools
        assert tools is not None and tools.list_changed is True


async def test_list_toolsets_gives_one_line_per_toolset(sandbox: Starlette, mode: Any) -> None:
    async with Client(_server(sandbox, dynamic_toolsets=True), mode=mode) as client:
        text = text_of(await client.call_tool("list_toolsets", {}))
    lines = text.splitlines()
    assert [line.split(":")[0] for line in lines] == list(TOOLSETS)
    assert "refund policy" in text and "coupons" in text
    (account,) = [line for line in lines if line.startswith("account:")]
    assert account.endswith(" 1 tool.")  # not "1 tools"


async def test_enabling_a_toolset_lists_its_tools_next_time_in_both_eras(
    sandbox: Starlette, mode: Any
) -> None:
    async with Client(_server(sandbox, dynamic_toolsets=True), mode=mode) as client:
        result = await client.call_tool("enable_toolset", {"toolset": "billing"})
        assert not result.is_error, text_of(result)
        names = {tool.name for tool in (await client.list_tools()).tools}
        assert _ops("billing") <= names
        ran = await client.call_tool("list_subscriptions", {"limit": 1})
        assert not ran.is_error, text_of(ran)


async def test_a_handshake_era_client_is_told_the_tool_list_changed(sandbox: Starlette) -> None:
    received = anyio.Event()

    async def on_message(message: Any) -> None:
        if isinstance(message, ToolListChangedNotification):
            received.set()

    server = _server(sandbox, dynamic_toolsets=True)
    async with Client(server, mode="legacy", message_handler=on_message) as client:
        await client.call_tool("enable_toolset", {"toolset": "files"})
        with anyio.fail_after(5):
            await received.wait()


async def test_a_2026_era_client_listening_hears_the_tool_list_changed(sandbox: Starlette) -> None:
    async with Client(_server(sandbox, dynamic_toolsets=True), mode="auto") as client:
        async with client.listen(tools_list_changed=True) as subscription:
            await client.call_tool("enable_toolset", {"toolset": "files"})
            with anyio.fail_after(5):
                event = await anext(aiter(subscription))
        assert isinstance(event, ToolsListChanged)


async def test_read_only_still_caps_what_dynamic_mode_enables(sandbox: Starlette) -> None:
    server = _server(sandbox, dynamic_toolsets=True, read_only=True)
    async with Client(server, mode="legacy") as client:
        await client.call_tool("enable_toolset", {"toolset": "billing"})
        names = {tool.name for tool in (await client.list_tools()).tools}
    billing_reads = {op.name for op in OPERATIONS if op.toolset == "billing" and op.read_only}
    assert names - {"list_toolsets", "enable_toolset"} == billing_reads


async def test_enabling_an_unknown_toolset_is_an_error_naming_the_valid_ones(
    sandbox: Starlette, mode: Any
) -> None:
    async with Client(_server(sandbox, dynamic_toolsets=True), mode=mode) as client:
        result = await client.call_tool("enable_toolset", {"toolset": "everything"})
    text = text_of(result)
    assert result.is_error and "'everything'" in text and "catalog" in text
    assert text.splitlines()[-1].startswith("Next: call enable_toolset with one of those names")


async def test_enabling_several_toolsets_at_once_adds_them_all_or_none(
    sandbox: Starlette, mode: Any
) -> None:
    async with Client(_server(sandbox, dynamic_toolsets=True), mode=mode) as client:
        refused = await client.call_tool("enable_toolset", {"toolset": "files,nope"})
        with_all = await client.call_tool("enable_toolset", {"toolset": "all,nope"})
        after_refusal = {tool.name for tool in (await client.list_tools()).tools}
        result = await client.call_tool("enable_toolset", {"toolset": "Files, account"})
        names = {tool.name for tool in (await client.list_tools()).tools}
        again = await client.call_tool("enable_toolset", {"toolset": "files,account"})
    assert refused.is_error and "'nope'" in text_of(refused) and "or all" in text_of(refused)
    assert with_all.is_error and "'nope'" in text_of(with_all)
    assert after_refusal == {"list_toolsets", "enable_toolset"}
    assert not result.is_error, text_of(result)
    assert text_of(result).startswith("Enabled files and account: ")
    assert _ops("files", "account") <= names
    assert text_of(again).startswith("files and account are already enabled.\nNext: call their")


async def test_enabling_a_tool_by_name_points_at_its_toolset(sandbox: Starlette, mode: Any) -> None:
    async with Client(_server(sandbox, dynamic_toolsets=True), mode=mode) as client:
        result = await client.call_tool("enable_toolset", {"toolset": "get_order"})
    text = text_of(result)
    assert result.is_error and "get_order is a tool, not a toolset" in text
    assert text.splitlines()[-1] == "Next: call enable_toolset with toolset=orders."


async def test_enabling_all_serves_every_tool_at_once_and_says_how_many(
    sandbox: Starlette, mode: Any
) -> None:
    async with Client(_server(sandbox, dynamic_toolsets=True), mode=mode) as client:
        result = await client.call_tool("enable_toolset", {"toolset": "ALL"})
        names = {tool.name for tool in (await client.list_tools()).tools}
    assert not result.is_error
    assert text_of(result) == f"Enabled every toolset: {len(OPERATIONS)} more tools."
    assert {op.name for op in OPERATIONS} <= names


async def test_a_toolset_read_only_leaves_empty_is_refused_as_read_only_not_unknown(
    sandbox: Starlette, mode: Any
) -> None:
    assert {op.read_only for op in OPERATIONS if op.toolset == "messaging"} == {False}
    server = _server(sandbox, dynamic_toolsets=True, read_only=True)
    async with Client(server, mode=mode) as client:
        result = await client.call_tool("enable_toolset", {"toolset": "messaging"})
        listed = text_of(await client.call_tool("list_toolsets", {}))
    text = text_of(result)
    assert result.is_error and "read-only" in text and "no toolset" not in text
    assert text.splitlines()[-1].startswith("Next: call list_toolsets")
    assert "messaging" not in listed


async def test_enabling_a_toolset_twice_points_at_its_tools_without_an_error(
    sandbox: Starlette, mode: Any
) -> None:
    async with Client(_server(sandbox, dynamic_toolsets=True), mode=mode) as client:
        await client.call_tool("enable_toolset", {"toolset": "files"})
        again = await client.call_tool("enable_toolset", {"toolset": "files"})
    assert not again.is_error  # enabling is idempotent: what was asked for holds
    lines = text_of(again).splitlines()
    assert "already enabled" in lines[0]
    assert lines[-1].startswith("Next: call its tools:")
    assert all(name in lines[-1] for name in _ops("files"))


async def test_a_tool_whose_toolset_is_not_enabled_says_which_to_enable_and_then_works(
    sandbox: Starlette, mode: Any
) -> None:
    async with Client(_server(sandbox, dynamic_toolsets=True), mode=mode) as client:
        refused = await client.call_tool("list_orders", {"limit": 1})
        assert refused.is_error
        assert text_of(refused).splitlines() == [
            "list_orders is in the orders toolset, which is not enabled yet.",
            "Next: call enable_toolset with toolset=orders, then call list_orders again.",
        ]
        # Following the advice word for word is enough.
        assert not (await client.call_tool("enable_toolset", {"toolset": "orders"})).is_error
        ran = await client.call_tool("list_orders", {"limit": 1})
        assert not ran.is_error, text_of(ran)


async def test_an_unknown_name_in_dynamic_mode_points_at_list_toolsets(
    sandbox: Starlette, mode: Any
) -> None:
    async with Client(_server(sandbox, dynamic_toolsets=True), mode=mode) as client:
        result = await client.call_tool("delete_everything", {})
    assert result.is_error
    assert text_of(result).splitlines() == [
        "Unknown tool: delete_everything.",
        "Next: call list_toolsets to see what can be enabled.",
    ]


async def test_a_write_tool_under_read_only_says_read_only_even_in_dynamic_mode(
    sandbox: Starlette, mode: Any
) -> None:
    server = _server(sandbox, dynamic_toolsets=True, read_only=True)
    async with Client(server, mode=mode) as client:
        await client.call_tool("enable_toolset", {"toolset": "orders"})
        result = await client.call_tool("create_refund", {"order_id": "ord_x"})
    text = text_of(result)
    assert result.is_error and "read-only" in text and "enable_toolset" not in text


async def test_toolsets_named_in_dynamic_mode_are_enabled_from_the_start(
    sandbox: Starlette,
) -> None:
    names = await _names(_server(sandbox, dynamic_toolsets=True, toolsets="account"))
    assert names == {"list_toolsets", "enable_toolset", "get_account"}


async def test_dynamic_mode_with_single_tools_serves_them_without_the_default_set(
    sandbox: Starlette,
) -> None:
    names = await _names(_server(sandbox, dynamic_toolsets=True, tools="send_email"))
    assert names == {"list_toolsets", "enable_toolset", "send_email"}


async def test_list_toolsets_marks_enabled_only_what_is_wholly_served(
    sandbox: Starlette, mode: Any
) -> None:
    server = _server(sandbox, dynamic_toolsets=True, toolsets="default")
    async with Client(server, mode=mode) as client:
        served = {tool.name for tool in (await client.list_tools()).tools}
        lines = text_of(await client.call_tool("list_toolsets", {})).splitlines()
    marked = [line.split(": ")[0] for line in lines if " " in line.split(": ")[0]]
    heads = dict(head.split(" ", 1) for head in marked)
    assert heads.keys() == {"orders", "customers", "catalog", "billing"}
    assert heads["orders"] == heads["customers"] == "(enabled)"
    for toolset in ("catalog", "billing"):
        members = _ops(toolset)
        assert heads[toolset] == f"({len(members & served)} of {len(members)} served)"


async def test_enabling_a_partly_served_toolset_adds_the_rest_and_marks_it_enabled(
    sandbox: Starlette, mode: Any
) -> None:
    server = _server(sandbox, dynamic_toolsets=True, tools="get_order")
    async with Client(server, mode=mode) as client:
        enabled = await client.call_tool("enable_toolset", {"toolset": "orders"})
        lines = text_of(await client.call_tool("list_toolsets", {})).splitlines()
    assert not enabled.is_error, text_of(enabled)
    added = text_of(enabled).removeprefix("Enabled orders: ").removesuffix(".").split(", ")
    assert set(added) == _ops("orders") - {"get_order"}
    assert any(line.startswith("orders (enabled): ") for line in lines)


def test_read_only_warns_at_startup_about_write_tools_named_in_tools(
    sandbox: Starlette, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="crevio_mcp"):
        _server(sandbox, read_only=True, tools="send_email,get_file,upload_file")
    (record,) = [r for r in caplog.records if "--read-only" in r.getMessage()]
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert "send_email" in message and "upload_file" in message and "get_file" not in message


@pytest.mark.parametrize("dynamic", [False, True])
def test_read_only_warns_at_startup_about_a_named_toolset_it_empties(
    sandbox: Starlette, caplog: pytest.LogCaptureFixture, dynamic: bool
) -> None:
    with caplog.at_level(logging.WARNING, logger="crevio_mcp"):
        _server(sandbox, read_only=True, toolsets="messaging,orders", dynamic_toolsets=dynamic)
    (record,) = [r for r in caplog.records if "--read-only" in r.getMessage()]
    assert record.levelno == logging.WARNING
    assert "nothing of messaging" in record.getMessage() and "orders" not in record.getMessage()


def test_read_only_names_no_tools_when_tools_names_none(
    sandbox: Starlette, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="crevio_mcp"):
        _server(sandbox, read_only=True, tools="get_file")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_settings_that_serve_no_tool_outside_dynamic_mode_are_a_startup_error(
    sandbox: Starlette,
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        _server(sandbox, toolsets="messaging", read_only=True)
    assert "messaging" in str(caught.value) and "--read-only" in str(caught.value)
    # Dynamic mode still has its discovery tools to start with.
    _server(sandbox, toolsets="messaging", read_only=True, dynamic_toolsets=True)


def test_the_cli_refuses_settings_that_serve_no_tool_with_exit_2() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREVIO_")}
    done = subprocess.run(
        [sys.executable, "-m", "crevio_mcp", "--sandbox", "--toolsets", "messaging", "--read-only"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and "no tools" in done.stderr


async def test_toolset_and_tool_names_take_any_case_and_spaces(sandbox: Starlette) -> None:
    names = await _names(_server(sandbox, toolsets=" Files ,ACCOUNT", tools=" Send_Email "))
    assert names == _ops("files", "account") | {"send_email"}


def test_the_environment_takes_names_in_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREVIO_TOOLSETS", " Billing, FILES ")
    monkeypatch.setenv("CREVIO_TOOLS", "Send_Email")
    settings = Settings()
    assert settings.toolsets == frozenset({"billing", "files"})
    assert settings.tools == frozenset({"send_email"})


@pytest.mark.parametrize(
    ("overrides", "says"),
    [
        ({"toolsets": "orders,send_email"}, "send_email is a tool, not a toolset: use --tools"),
        ({"tools": "get_file,messaging"}, "messaging is a toolset, not a tool: use --toolsets"),
        ({"tools": "all"}, "all is a toolset, not a tool: use --toolsets all"),
    ],
)
def test_a_name_given_to_the_other_flag_says_which_flag_takes_it(
    sandbox: Starlette, overrides: dict[str, str], says: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        _server(sandbox, **overrides)
    assert says in str(caught.value)


async def test_enable_toolset_takes_a_name_in_any_case(sandbox: Starlette, mode: Any) -> None:
    async with Client(_server(sandbox, dynamic_toolsets=True), mode=mode) as client:
        result = await client.call_tool("enable_toolset", {"toolset": " Files "})
        names = {tool.name for tool in (await client.list_tools()).tools}
    assert not result.is_error, text_of(result)
    assert _ops("files") <= names


async def test_the_discovery_tools_refuse_bad_arguments_as_the_store_tools_do(
    sandbox: Starlette, mode: Any
) -> None:
    server = _server(sandbox, dynamic_toolsets=True, toolsets="account")
    async with Client(server, mode=mode) as client:
        store = await client.call_tool("get_account", {"x": 1})
        listing = await client.call_tool("list_toolsets", {"x": 1})
        missing = await client.call_tool("enable_toolset", {})
        wrong_type = await client.call_tool("enable_toolset", {"toolset": ["files"]})
    assert store.is_error and listing.is_error
    assert text_of(listing) == text_of(store).replace("get_account", "list_toolsets")
    assert missing.is_error and text_of(missing).splitlines() == [
        "enable_toolset was not called: invalid arguments. toolset: is required.",
        "Next: fix these arguments and call again.",
    ]
    first, last = text_of(wrong_type).splitlines()
    assert wrong_type.is_error and first.startswith("enable_toolset was not called: ")
    assert "toolset: " in first and "validation error" not in first
    assert last == "Next: fix these arguments and call again."


async def test_dynamic_mode_instructions_say_more_tools_can_be_enabled(
    sandbox: Starlette, mode: Any
) -> None:
    async with Client(_server(sandbox, dynamic_toolsets=True), mode=mode) as client:
        dynamic = client.instructions or ""
    async with Client(_server(sandbox), mode=mode) as client:
        static = client.instructions or ""
    assert static == INSTRUCTIONS
    assert dynamic.startswith(INSTRUCTIONS) and len(dynamic) > len(INSTRUCTIONS)
    added = dynamic.removeprefix(INSTRUCTIONS)
    assert "list_toolsets" in added and "enable_toolset" in added
