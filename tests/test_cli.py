"""The console script as a user runs it."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from crevio_mcp.cli import main
from crevio_mcp.demo import run_demo
from crevio_mcp.sandbox import SANDBOX_TOKEN
from crevio_mcp.settings import DEFAULT_BASE_URL, Settings


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CREVIO_")}


def test_without_a_token_it_exits_2_with_one_line_on_stderr() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "crevio_mcp"],
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "CREVIO_API_KEY" in done.stderr


@pytest.mark.parametrize("command", [["tools", "--toolsets", "all"], ["demo"]])
def test_output_into_a_reader_that_went_away_ends_quietly(command: list[str]) -> None:
    # As `crevio-mcp tools | head -1` once head has exited: every write finds no reader.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "crevio_mcp", *command],
            env=_clean_env(),
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr


def test_a_reader_that_leaves_mid_demo_ends_it_quietly() -> None:
    # As `crevio-mcp demo | head -3`: the first lines are read, the rest of the demo
    # writes from inside its client session, where the error arrives grouped.
    with subprocess.Popen(
        [sys.executable, "-m", "crevio_mcp", "demo"],
        env={**_clean_env(), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith("crevio-mcp demo")
        process.stdout.close()
        stderr = process.stderr.read()
        assert process.wait(timeout=60) == 1
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr


def test_help_documents_every_flag_and_environment_variable() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "crevio_mcp", "--help"],
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    for name in Settings.model_fields:
        assert Settings.env_name(name) in done.stdout
        flag = Settings.flag(name)
        assert flag is None or flag in done.stdout
    assert "sandbox" in done.stdout and "demo" in done.stdout


def test_the_sandbox_command_serves_the_rest_api_to_plain_http() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "crevio_mcp", "sandbox", "--port", str(port)],
        env=_clean_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/v1"
        good = {"Authorization": f"Bearer {SANDBOX_TOKEN}"}
        response = None
        for _ in range(300):
            try:
                response = httpx.get(f"{base}/orders?limit=2", headers=good, timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert response is not None and response.status_code == 200
        page = response.json()
        assert page["object"] == "list" and len(page["data"]) == 2 and page["has_more"] is True

        wrong = httpx.get(f"{base}/orders", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        assert wrong.json()["error"]["type"] == "invalid_request_error"
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert SANDBOX_TOKEN in stderr


@pytest.mark.anyio
async def test_the_demo_prints_a_readable_transcript_of_real_results() -> None:
    out = io.StringIO()
    await run_demo(out)
    transcript = out.getvalue()
    assert "› list_customers" in transcript
    assert "› get_order" in transcript and "line items:" in transcript
    assert 'starting_after="' in transcript
    assert "[tool error]" in transcript and "list_orders" in transcript
    assert "The user answers: no" in transcript and "was not run: the user declined" in transcript
    assert "The user answers: yes" in transcript and "Refund re_" in transcript


@pytest.mark.parametrize("url", ["api.crevio.co/v1", "ftp://api.crevio.co"])
def test_a_base_url_that_is_not_http_is_refused_at_startup(url: str) -> None:
    env = {**_clean_env(), "CREVIO_API_KEY": "sk_test_x", "CREVIO_BASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "crevio_mcp"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2 and "CREVIO_BASE_URL" in done.stderr


def test_help_says_default_is_a_toolset_and_what_it_holds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    entry = capsys.readouterr().out.split("\n  --toolsets TOOLSETS", 1)[1].split("\n  --")[0]
    assert "all, or default (orders, customers," in " ".join(entry.split())


def test_an_empty_environment_variable_means_unset_for_every_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hosts pass a cleared setting as an empty string (manifest.json's user_config)."""
    for name in Settings.model_fields:
        monkeypatch.setenv(Settings.env_name(name), "")
    settings = Settings()
    for name, field in Settings.model_fields.items():
        assert getattr(settings, name) == field.default, name
    assert settings.base_url == DEFAULT_BASE_URL
    main(["tools"])  # the console script starts, serving the default set
    assert "get_order" in capsys.readouterr().out
