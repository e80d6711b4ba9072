"""The whole tool list, as a client sees it, is a committed file: every change is a diff.

Run `UPDATE_SNAPSHOTS=1 pytest tests/test_tool_snapshot.py` after an intended change to
a tool's name, description, schema or annotations, and commit tests/snapshots/tools.json
with it.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from crevio_mcp.footprint import list_served_tools
from crevio_mcp.settings import Settings

pytestmark = pytest.mark.anyio

SNAPSHOT = Path(__file__).parent / "snapshots" / "tools.json"


async def _current() -> str:
    settings = Settings(api_key="snapshot", toolsets=frozenset({"all"}))
    listing = await list_served_tools(settings)
    tools = {
        tool.name: tool.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"name"})
        for tool in sorted(listing.tools, key=lambda tool: tool.name)
    }
    return json.dumps(tools, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


async def test_the_tool_list_matches_the_committed_snapshot() -> None:
    current = await _current()
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(current, encoding="utf-8")
        return
    committed = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    if current != committed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                current.splitlines(keepends=True),
                fromfile="tests/snapshots/tools.json (committed)",
                tofile="tool list now",
            )
        )
        pytest.fail(
            "The tool list changed. If that was intended, run "
            "UPDATE_SNAPSHOTS=1 pytest tests/test_tool_snapshot.py and commit the file.\n" + diff,
            pytrace=False,
        )
