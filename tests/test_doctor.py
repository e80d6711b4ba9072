"""`crevio-mcp doctor` as a user runs it: against a live sandbox over HTTP, a wrong token,
and an address where nothing listens."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from mcp.types.version import LATEST_HANDSHAKE_VERSION, LATEST_MODERN_VERSION

from crevio_mcp import __version__
from crevio_mcp.doctor import client_config
from crevio_mcp.sandbox import SANDBOX_TOKEN
from crevio_mcp.settings import Settings

WRONG_TOKEN = "sk_test_doctor_must_never_print_this_0123456789"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    """The sandbox's REST API served by `crevio-mcp sandbox` in its own process."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "crevio_mcp", "sandbox", "--port", str(port)],
        env=_env(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/account", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the sandbox did not start"
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREVIO_")}
    env.update({f"CREVIO_{name.upper()}": value for name, value in settings.items()})
    return env


def _doctor(**settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crevio_mcp", "doctor"],
        env=_env(**settings),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def _verdicts(stdout: str) -> dict[str, bool]:
    """Each check's name and whether it passed, from the lines before the client config."""
    verdicts = {}
    for line in stdout.split("\n\n", 1)[0].splitlines():
        status, name = line.split()[:2]
        verdicts[name] = status == "ok"
    return verdicts


def _pasted_config(stdout: str) -> dict[str, object]:
    config: dict[str, object] = json.loads(stdout[stdout.index("{") :])
    return config


def test_a_good_token_passes_every_check_and_exits_0(sandbox_url: str) -> None:
    done = _doctor(api_key=SANDBOX_TOKEN, base_url=sandbox_url)

    assert done.returncode == 0, done.stdout + done.stderr
    assert _verdicts(done.stdout) == {
        "version": True,
        "protocol": True,
        "settings": True,
        "API": True,
    }
    assert __version__ in done.stdout
    assert LATEST_HANDSHAKE_VERSION in done.stdout and LATEST_MODERN_VERSION in done.stdout
    assert "Crevio Demo Studio" in done.stdout
    assert SANDBOX_TOKEN not in done.stdout + done.stderr


def test_a_wrong_token_fails_the_api_check_without_printing_the_token(sandbox_url: str) -> None:
    done = _doctor(api_key=WRONG_TOKEN, base_url=sandbox_url)

    assert done.returncode == 1
    assert _verdicts(done.stdout) == {
        "version": True,
        "protocol": True,
        "settings": True,
        "API": False,
    }
    assert "refused the token (401" in done.stdout
    assert WRONG_TOKEN not in done.stdout + done.stderr
    assert WRONG_TOKEN[4:12] not in done.stdout + done.stderr


def test_an_unreachable_api_fails_the_api_check_and_exits_1() -> None:
    done = _doctor(api_key=WRONG_TOKEN, base_url=f"http://127.0.0.1:{_free_port()}/v1")

    assert done.returncode == 1
    assert _verdicts(done.stdout)["API"] is False
    assert "could not reach" in done.stdout
    assert WRONG_TOKEN not in done.stdout + done.stderr


def test_a_missing_token_fails_and_the_config_asks_for_one() -> None:
    done = _doctor()

    assert done.returncode == 1
    assert _verdicts(done.stdout)["settings"] is False
    server = _pasted_config(done.stdout)["mcpServers"]
    assert isinstance(server, dict)
    assert server["crevio"]["env"] == {"CREVIO_API_KEY": "<your Crevio API token>"}


def test_invalid_settings_exit_1_not_2() -> None:
    done = _doctor(port="not-a-port")

    assert done.returncode == 1
    assert "CREVIO_PORT" in done.stderr


def test_the_pasted_config_starts_this_install_by_absolute_path(sandbox_url: str) -> None:
    done = _doctor(api_key=WRONG_TOKEN, base_url=sandbox_url, read_only="true")

    server = _pasted_config(done.stdout)["mcpServers"]
    assert isinstance(server, dict)
    entry = server["crevio"]
    assert Path(entry["command"]).is_absolute() and Path(entry["command"]).exists()
    assert entry["env"] == {
        "CREVIO_API_KEY": "<your Crevio API token>",
        "CREVIO_BASE_URL": sandbox_url,
        "CREVIO_READ_ONLY": "true",
    }


def test_the_sandbox_config_needs_no_token() -> None:
    entry = client_config(Settings(sandbox=True, toolsets=None))

    assert entry["args"][-1] == "--sandbox"
    assert "env" not in entry


def test_a_team_http_server_without_its_own_token_is_fine_and_shows_the_url() -> None:
    done = _doctor(transport="http", http_auth="request", port="8123")
    assert done.returncode == 0, done.stdout + done.stderr
    assert _verdicts(done.stdout)["API"] is True
    assert "http://127.0.0.1:8123/mcp" in done.stdout
    assert "Authorization: Bearer <your Crevio API token>" in done.stdout
