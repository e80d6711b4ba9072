"""The MCP Bundle manifest says what the code does, and what a host passes works."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from crevio_mcp.operations import OPERATIONS
from crevio_mcp.server import build_server
from crevio_mcp.settings import Settings
from tools.gen_manifest import MANIFEST, project_version, render
from tools.pack_bundle import launch_command


def _manifest() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return loaded


def test_manifest_json_is_what_the_generator_writes() -> None:
    assert MANIFEST.read_text(encoding="utf-8") == render(), "run python tools/gen_manifest.py"


def test_the_manifest_lists_every_registered_tool_and_the_package_version() -> None:
    manifest = _manifest()
    assert manifest["version"] == project_version()
    assert manifest["tools"] == [
        {"name": op.name, "description": op.description} for op in OPERATIONS
    ]


def test_every_user_setting_reaches_the_server_as_its_environment_variable() -> None:
    manifest = _manifest()
    server = manifest["server"]
    assert isinstance(server, dict)
    env = server["mcp_config"]["env"]
    user_config = manifest["user_config"]
    assert isinstance(user_config, dict)
    assert env == {Settings.env_name(name): f"${{user_config.{name}}}" for name in user_config}
    for name, entry in user_config.items():
        assert entry["description"] == Settings.model_fields[name].description


# A host substitutes booleans as "true"/"false" and a cleared text field as "".
@pytest.mark.parametrize(
    ("read_only", "toolsets"), [("false", "default"), ("true", "default"), ("true", "")]
)
def test_what_a_host_substitutes_makes_settings_the_server_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, read_only: str, toolsets: str
) -> None:
    bundle = tmp_path / "crevio.mcpb"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(MANIFEST, "manifest.json")
    values = {"api_key": "sk_test", "base_url": "https://api.crevio.co/v1"}
    values |= {"read_only": read_only, "toolsets": toolsets}
    command, args, env = launch_command(bundle, tmp_path / "unpacked", values)

    assert command == "uv" and str(tmp_path / "unpacked") in args
    monkeypatch.delenv("CREVIO_TOOLSETS")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings = Settings()
    assert settings.read_only is (read_only == "true")
    assert settings.toolsets in (None, frozenset({"default"}))
    build_server(settings)
