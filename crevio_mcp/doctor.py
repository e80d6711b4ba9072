"""`crevio-mcp doctor`: is this configuration going to work, and how do I plug it in?

It checks the settings the way serving would, calls `GET /account` with the token, and
prints one line per check, then a client configuration with absolute paths. The token is
never printed: it is only ever said to be set, accepted or refused.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, TextIO

import httpx
from mcp.types.version import HANDSHAKE_PROTOCOL_VERSIONS, MODERN_PROTOCOL_VERSIONS
from pydantic import SecretStr

from crevio_mcp import __version__
from crevio_mcp.client import ApiRequest, CrevioClient
from crevio_mcp.errors import (
    AuthenticationError,
    ConfigurationError,
    CrevioAPIError,
    CrevioConnectionError,
    PermissionDeniedError,
)
from crevio_mcp.settings import Settings

__all__ = ["client_config", "run_doctor", "served_protocol_versions"]

# Settings that say how a process is reached, not how it behaves; a stdio client config
# leaves them out.
_TRANSPORT_SETTINGS = frozenset({"transport", "host", "port"})
_TOKEN_PLACEHOLDER = "<your Crevio API token>"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def served_protocol_versions() -> str:
    """The MCP protocol versions this server answers, read from the SDK."""
    handshake = HANDSHAKE_PROTOCOL_VERSIONS
    return (
        f"{handshake[0]} to {handshake[-1]} (initialize handshake), "
        f"{', '.join(MODERN_PROTOCOL_VERSIONS)} (no handshake)"
    )


async def run_doctor(settings: Settings, out: TextIO) -> int:
    """Print the checks and a client configuration; return the exit status (0 all fine)."""
    checks = [
        Check(
            "version",
            True,
            f"crevio-mcp {__version__}, mcp SDK {version('mcp')}, "
            f"Python {platform.python_version()}",
        ),
        Check("protocol", True, served_protocol_versions()),
        await _check_settings(settings),
    ]
    checks.append(await _check_api(settings))

    secret = settings.api_key.get_secret_value() if settings.api_key else None
    width = max(len(check.name) for check in checks)
    lines = [f"{'ok  ' if c.ok else 'FAIL'}  {c.name:<{width}}  {c.detail}" for c in checks]
    if settings.transport == "http":
        lines += ["", *_http_client_config(settings)]
    else:
        config = client_config(settings)
        placeholder = "; put your token in place of the placeholder" if not settings.sandbox else ""
        lines += [
            "",
            "Client configuration (Claude Desktop, Cursor: merge into "
            f"claude_desktop_config.json or mcp.json{placeholder}):",
            json.dumps({"mcpServers": {"crevio": config}}, indent=2),
        ]
    text = "\n".join(lines) + "\n"
    if secret:  # belt and braces: nothing above should contain it, and nothing may
        text = text.replace(secret, "***")
    out.write(text)
    return 0 if all(check.ok for check in checks) else 1


async def _check_settings(settings: Settings) -> Check:
    from crevio_mcp.server import build_server

    try:
        server = build_server(settings)
    except ConfigurationError as exc:
        return Check("settings", False, str(exc))
    tools = await server.list_tools()
    if settings.sandbox:
        where = "the embedded sandbox"
    else:
        where = settings.base_url
    toolsets = ",".join(sorted(settings.toolsets)) if settings.toolsets else "default"
    mode = "read-only" if settings.read_only else "reads and writes"
    return Check(
        "settings",
        True,
        f"{len(tools)} tools served (toolsets: {toolsets}; {mode}) against {where}",
    )


async def _check_api(settings: Settings) -> Check:
    """Call GET /account once, without retries, and say what the answer means."""
    transport: httpx.AsyncBaseTransport | None = None
    if settings.sandbox:
        from crevio_mcp.sandbox import SANDBOX_TOKEN, create_app
        from crevio_mcp.server import SANDBOX_BASE_URL

        transport = httpx.ASGITransport(app=create_app())
        base_url, api_key = SANDBOX_BASE_URL, SANDBOX_TOKEN
    elif settings.api_key is None or not settings.api_key.get_secret_value():
        if settings.transport == "http" and settings.http_auth == "request":
            # The recommended team setup has no server token: each caller brings theirs.
            return Check(
                "API",
                True,
                "not tried: each HTTP caller sends its own token (CREVIO_HTTP_AUTH=request); "
                "set CREVIO_API_KEY for this run to check one",
            )
        return Check("API", False, "not tried: CREVIO_API_KEY is not set")
    else:
        base_url, api_key = settings.base_url, settings.api_key.get_secret_value()

    try:
        async with CrevioClient(
            base_url=base_url,
            api_key=api_key,
            timeout=settings.timeout,
            connect_timeout=settings.connect_timeout,
            transport=transport,
            max_retries=0,
            call_timeout=settings.call_timeout,
        ) as client:
            response = await client.send(ApiRequest("GET", "/account"))
    except AuthenticationError as exc:
        return Check("API", False, f"{base_url} refused the token (401{_code(exc)})")
    except PermissionDeniedError as exc:
        return Check(
            "API",
            False,
            f"{base_url} accepted the token but it may not read the account (403{_code(exc)})",
        )
    except CrevioAPIError as exc:
        return Check("API", False, f"{base_url} answered {exc.status}{_code(exc)}: {exc}")
    except CrevioConnectionError as exc:
        return Check("API", False, f"{exc} at {base_url}")
    except httpx.InvalidURL as exc:
        return Check("API", False, f"base URL {base_url!r} is not a valid URL: {exc}")

    account = response.data if isinstance(response.data, dict) else {}
    name = account.get("name") or account.get("id") or "unnamed"
    return Check("API", True, f"{base_url} reached; token valid for account {name}")


def _code(exc: CrevioAPIError) -> str:
    return f" {exc.code}" if exc.code else ""


def client_config(settings: Settings) -> dict[str, Any]:
    """An `mcpServers` entry that starts this install with these settings over stdio."""
    command, args = _command()
    env: dict[str, str] = {}
    for name, field in Settings.model_fields.items():
        value = getattr(settings, name)
        if name in _TRANSPORT_SETTINGS or name == "sandbox" or value == field.default:
            continue
        if isinstance(value, SecretStr):
            shown = _TOKEN_PLACEHOLDER if name == "api_key" else "<a secret of your own>"
        elif isinstance(value, bool):
            shown = str(value).lower()
        elif isinstance(value, frozenset):
            shown = ",".join(sorted(value))
        elif isinstance(value, Path):
            shown = str(value.resolve())
        else:
            shown = str(value)
        env[Settings.env_name(name)] = shown
    if settings.sandbox:
        args.append("--sandbox")
        env.pop(Settings.env_name("api_key"), None)
    elif Settings.env_name("api_key") not in env:
        env[Settings.env_name("api_key")] = _TOKEN_PLACEHOLDER
    return {"command": command, "args": args, **({"env": env} if env else {})}


def _http_client_config(settings: Settings) -> list[str]:
    """How a client reaches this server over HTTP: its URL, and the caller's token."""
    url = f"http://{settings.host}:{settings.port}/mcp"
    sends_token = settings.http_auth != "env"
    headers = {"Authorization": f"Bearer {_TOKEN_PLACEHOLDER}"} if sends_token else {}
    entry: dict[str, Any] = {"url": url, **({"headers": headers} if headers else {})}
    header_flag = f' --header "Authorization: Bearer {_TOKEN_PLACEHOLDER}"' if sends_token else ""
    return [
        f"Client configuration for HTTP at {url} (Cursor mcp.json; VS Code takes the same "
        'entry under "servers" with "type": "http"):',
        json.dumps({"mcpServers": {"crevio": entry}}, indent=2),
        "Claude Code:",
        f"  claude mcp add --transport http crevio {url}{header_flag}",
    ]


def _command() -> tuple[str, list[str]]:
    """The absolute command of this very install; desktop apps do not see the shell's PATH."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.stem == "crevio-mcp" and script.is_file():
        return str(script.resolve()), []
    beside = Path(sys.executable).parent / ("crevio-mcp.exe" if os.name == "nt" else "crevio-mcp")
    if beside.is_file():
        return str(beside), []
    found = shutil.which("crevio-mcp")
    if found:
        return str(Path(found).resolve()), []
    return sys.executable, ["-m", "crevio_mcp"]
