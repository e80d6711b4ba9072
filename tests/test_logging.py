"""The log an operator reads: one `api_call` line per request, naming the tool that asked,
on stderr or in --log-file, with httpx's per-request lines kept out."""

from __future__ import annotations

import logging
import os
import re
import sys
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from crevio_mcp.client import ApiRequest, CrevioClient
from crevio_mcp.errors import CrevioConnectionError
from crevio_mcp.logs import configure_logging, running_tool

pytestmark = pytest.mark.anyio

API_CALL = re.compile(
    r"api_call tool=(?P<tool>\S+) method=(?P<method>\S+) path=(?P<path>\S+) "
    r"status=(?P<status>\S+) request_id=(?P<request_id>\S+) duration_ms=\d+"
    r"(?: error=(?P<error>\S+))?$"
)


def _api_calls(lines: list[str]) -> list[dict[str, Any]]:
    found = []
    for line in lines:
        match = API_CALL.search(line)
        if match:
            found.append(match.groupdict())
    return found


async def test_a_tool_call_logs_one_line_with_tool_method_path_status_and_request_id(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="crevio_mcp.client")

    await client.call_tool("get_order", {"order_id": "ord_missing000"})
    await client.call_tool("list_orders", {"limit": 2})

    calls = _api_calls([record.getMessage() for record in caplog.records])
    assert [(c["tool"], c["method"], c["path"], c["status"]) for c in calls] == [
        ("get_order", "GET", "/orders/ord_missing000", "404"),
        ("list_orders", "GET", "/orders", "200"),
    ]
    assert all(c["request_id"].startswith("req_") for c in calls)


async def test_a_request_with_no_answer_is_logged_with_its_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("crevio_mcp.client")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        async with CrevioClient(
            base_url="http://api.invalid/v1",
            api_key="sk_test",
            transport=httpx.MockTransport(refuse),
            max_retries=0,
        ) as api:
            with running_tool("get_account"), pytest.raises(CrevioConnectionError):
                await api.send(ApiRequest("GET", "/account"))
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)

    assert _api_calls(records) == [
        {
            "tool": "get_account",
            "method": "GET",
            "path": "/account",
            "status": "-",
            "request_id": "-",
            "error": "ConnectError",
        }
    ]


async def test_log_file_takes_the_log_and_stderr_stays_empty(tmp_path: Path) -> None:
    log = tmp_path / "crevio.log"
    errlog = tmp_path / "stderr.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREVIO_")}
    env["CREVIO_LOG_FILE"] = str(log)
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "crevio_mcp", "--sandbox", "--log-level", "INFO"],
        env=env,
    )
    with anyio.fail_after(60), errlog.open("w") as stderr:
        async with Client(stdio_client(params, errlog=stderr), mode="legacy") as client:
            await client.call_tool("list_orders", {"limit": 1})

    lines = log.read_text(encoding="utf-8").splitlines()
    calls = _api_calls(lines)
    assert [(c["tool"], c["path"], c["status"]) for c in calls] == [
        ("list_orders", "/orders", "200")
    ]
    assert not any("HTTP Request:" in line for line in lines), "httpx's own INFO lines leaked"
    assert errlog.read_text(encoding="utf-8") == ""


def test_configure_logging_replaces_its_own_file_handler(tmp_path: Path) -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("INFO", tmp_path / "first.log")
        first = root.handlers[0]
        configure_logging("INFO", tmp_path / "second.log")
        logging.getLogger("crevio_mcp.test").info("hello")
        assert first not in root.handlers
        assert "hello" in (tmp_path / "second.log").read_text(encoding="utf-8")
        assert (tmp_path / "first.log").read_text(encoding="utf-8") == ""
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:], level = saved
        root.setLevel(level)
