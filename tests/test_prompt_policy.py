"""Prompts only point at tools the model has, and say clearly what they lack."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import httpx
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS
from starlette.applications import Starlette

from crevio_mcp.prompts import PROMPTS
from crevio_mcp.sandbox import SANDBOX_TOKEN
from crevio_mcp.server import SANDBOX_BASE_URL, build_server
from crevio_mcp.settings import Settings

pytestmark = pytest.mark.anyio


async def test_each_served_prompt_uses_only_served_tools(sandbox: Starlette, mode: Any) -> None:
    settings = Settings(api_key=SANDBOX_TOKEN, base_url=SANDBOX_BASE_URL, toolsets="default")
    server = build_server(settings, transport=httpx.ASGITransport(app=sandbox))
    async with Client(server, mode=mode) as client:
        tools = {tool.name for tool in (await client.list_tools()).tools}
        prompts = {prompt.name for prompt in (await client.list_prompts()).prompts}
    uses = {spec.name: spec.uses for spec in PROMPTS}
    assert prompts, "the default set should still offer some prompts"
    assert all(uses[name] <= tools for name in prompts)
    assert {name for name, needed in uses.items() if needed <= tools} == prompts


async def test_a_missing_prompt_argument_is_invalid_params_naming_it(client: Client) -> None:
    with pytest.raises(MCPError) as raised:
        await client.get_prompt("refund_order", {})
    assert raised.value.error.code == INVALID_PARAMS
    assert "order" in raised.value.error.message


def test_dynamic_toolsets_over_http_is_refused_at_startup() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREVIO_")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "crevio_mcp",
            "--sandbox",
            "--dynamic-toolsets",
            "--transport",
            "http",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "stdio only" in done.stderr
