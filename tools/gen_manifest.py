"""Regenerate manifest.json, the MCP Bundle (MCPB) manifest, from the code.

python tools/gen_manifest.py          rewrite manifest.json
python tools/gen_manifest.py --check  exit 1 if manifest.json is out of date (CI)

The version comes from pyproject.toml, the tool list from the operations registry, and
each user setting's description, default and environment variable from the Settings
model, so none of them can drift from what the server does.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

from crevio_mcp.operations import OPERATIONS
from crevio_mcp.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "manifest.json"

# The settings a bundle user sees in the host's UI, with their titles; every other
# setting keeps its default. Toolsets unset means the default set, which a host's text
# field cannot express, so the manifest spells it "default".
USER_SETTINGS: dict[str, tuple[str, dict[str, Any]]] = {
    "api_key": ("Crevio API token", {"type": "string", "sensitive": True, "required": True}),
    "base_url": ("API base URL", {"type": "string", "required": False}),
    "read_only": ("Read-only", {"type": "boolean", "required": False}),
    "toolsets": ("Toolsets", {"type": "string", "required": False, "default": "default"}),
}


def project_version() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    version: str = project["project"]["version"]
    return version


def user_config() -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    for name, (title, extra) in USER_SETTINGS.items():
        field = Settings.model_fields[name]
        entry: dict[str, Any] = {
            "type": extra["type"],
            "title": title,
            "description": field.description,
        }
        if "default" in extra:
            entry["default"] = extra["default"]
        elif field.default is not None:
            entry["default"] = field.default
        entry.update({k: v for k, v in extra.items() if k not in ("type", "default")})
        entries[name] = entry
    return entries


def manifest() -> dict[str, Any]:
    return {
        "manifest_version": "0.4",
        "name": "crevio-mcp",
        "display_name": "Crevio",
        "version": project_version(),
        "description": "Run a Crevio store from Claude: products and prices, orders and "
        "refunds, customers, subscriptions.",
        "long_description": "Every Crevio API operation is one typed tool. Lists come back "
        "as short summaries with the cursor for the next page, errors say what to do next, "
        "and nothing irreversible (refunds, deletions, emails) runs without a yes. "
        "Choose toolsets to keep the model's context small, or turn on read-only mode.",
        "author": {"name": "crevio-mcp developers"},
        "license": "MIT",
        "keywords": ["crevio", "commerce", "store", "orders", "refunds"],
        "server": {
            "type": "uv",
            "entry_point": "crevio_mcp/__main__.py",
            "mcp_config": {
                "command": "uv",
                # -m rather than the entry point's path: run as a script, the package
                # directory would shadow stdlib modules such as http.
                "args": ["run", "--directory", "${__dirname}", "python", "-m", "crevio_mcp"],
                "env": {
                    Settings.env_name(name): f"${{user_config.{name}}}" for name in USER_SETTINGS
                },
            },
        },
        "user_config": user_config(),
        "tools": [{"name": op.name, "description": op.description} for op in OPERATIONS],
        "tools_generated": False,
        "compatibility": {
            "platforms": ["darwin", "win32", "linux"],
            "runtimes": {"python": ">=3.11"},
        },
    }


def render() -> str:
    return json.dumps(manifest(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    wanted = render()
    if args.check:
        current = MANIFEST.read_text(encoding="utf-8") if MANIFEST.exists() else ""
        if current != wanted:
            sys.stderr.write("manifest.json is out of date: run python tools/gen_manifest.py\n")
            return 1
        return 0
    MANIFEST.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
