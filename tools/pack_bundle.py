"""Pack crevio-mcp as an MCP Bundle (.mcpb) for one-click install, and prove it starts.

python -m tools.pack_bundle           write dist/crevio-mcp-VERSION.mcpb
python -m tools.pack_bundle --smoke   also unpack it, start its mcp_config command as a
                                      host would (against a sandbox API on a free port)
                                      and call a tool through the SDK's stdio client

The bundle holds manifest.json, pyproject.toml, README.md and the crevio_mcp package; the
host runs it with uv, which installs the dependencies pyproject.toml names. mcpb comes
from .ci/node (npm install --prefix .ci/node @anthropic-ai/mcpb@2.1.2), else from npx.
The smoke test needs `uv` on PATH (pip install uv) and access to a package index.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import anyio
import httpx
from mcp import Client, StdioServerParameters

from crevio_mcp.sandbox import SANDBOX_TOKEN
from tools.gen_manifest import MANIFEST, ROOT, manifest, project_version

MCPB_VERSION = "2.1.2"
CONTENTS = ("manifest.json", "pyproject.toml", "README.md", "crevio_mcp")


def mcpb_command() -> list[str]:
    local = ROOT / ".ci" / "node" / "node_modules" / ".bin" / "mcpb"
    if local.exists():
        return [str(local)]
    return ["npx", "-y", f"@anthropic-ai/mcpb@{MCPB_VERSION}"]


def pack(out_dir: Path) -> Path:
    """Copy the bundle's files into a clean directory and pack it with `mcpb pack`."""
    stage = out_dir / "bundle"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    for name in CONTENTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, stage / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, stage / name)
    bundle = out_dir / f"crevio-mcp-{project_version()}.mcpb"
    bundle.unlink(missing_ok=True)
    subprocess.run([*mcpb_command(), "pack", str(stage), str(bundle)], check=True)
    return bundle


def launch_command(
    bundle: Path, into: Path, user_config: dict[str, str]
) -> tuple[str, list[str], dict[str, str]]:
    """The command, arguments and environment a host derives from the packed manifest."""
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(into)
    config = json.loads((into / "manifest.json").read_text(encoding="utf-8"))
    launch: dict[str, Any] = config["server"]["mcp_config"]

    def substitute(value: str) -> str:
        value = value.replace("${__dirname}", str(into))
        for key, setting in user_config.items():
            value = value.replace(f"${{user_config.{key}}}", setting)
        if "${" in value:
            raise SystemExit(f"unsubstituted variable left in mcp_config: {value}")
        return value

    env = {key: substitute(value) for key, value in launch.get("env", {}).items()}
    return launch["command"], [substitute(arg) for arg in launch.get("args", [])], env


async def smoke(bundle: Path) -> None:
    """Start the packed bundle as a host would and call get_account through it."""
    if shutil.which("uv") is None:
        raise SystemExit("the bundle runs with uv, which is not on PATH: pip install uv")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    api = subprocess.Popen(
        [sys.executable, "-m", "crevio_mcp", "sandbox", "--port", str(port)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base_url = f"http://127.0.0.1:{port}/v1"
        _wait_for(f"{base_url}/account")
        with tempfile.TemporaryDirectory() as tmp:
            defaults = manifest()["user_config"]
            command, args, env = launch_command(
                bundle,
                Path(tmp),
                {
                    "api_key": SANDBOX_TOKEN,
                    "base_url": base_url,
                    "read_only": "true",
                    "toolsets": str(defaults["toolsets"]["default"]),
                },
            )
            # A host starts the bundle outside any virtualenv and with no CREVIO_ settings.
            inherited = {
                k: v
                for k, v in os.environ.items()
                if not k.startswith("CREVIO_") and k != "VIRTUAL_ENV"
            }
            params = StdioServerParameters(command=command, args=args, env={**inherited, **env})
            # The first start installs the dependencies, as it does on a user's machine.
            with anyio.fail_after(600):
                async with Client(params, mode="legacy") as client:
                    tools = {tool.name for tool in (await client.list_tools()).tools}
                    missing = await client.call_tool("get_order", {"order_id": "ord_nope12345"})
                    listed = await client.call_tool("list_customers", {"limit": 1})
    finally:
        api.terminate()
        api.wait(timeout=10)
    if "refund_order" in tools or "list_orders" not in tools:
        raise SystemExit(f"read-only default set expected, got {sorted(tools)}")
    if not missing.is_error or listed.is_error:
        raise SystemExit("the bundle's server did not answer as the sandbox should")
    sys.stderr.write(f"bundle smoke test passed: {len(tools)} tools, calls reached {base_url}\n")


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="start the packed bundle")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    if not MANIFEST.exists():
        raise SystemExit("no manifest.json: run python tools/gen_manifest.py")
    bundle = pack(args.out)
    if args.smoke:
        anyio.run(smoke, bundle)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
