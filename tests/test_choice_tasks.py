"""The tool-choice benchmark's tasks stay in step with the tools they expect.

tools/bench_choice.py needs a model to answer, so it cannot run here; what can is the
check that a renamed tool or parameter has not left a task expecting something no
right answer could give.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from mcp import Client

from tools.bench_choice import TASKS, Absent, matches

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parent.parent


async def test_every_task_expects_served_tools_and_their_parameters(client: Client) -> None:
    schemas = {tool.name: tool.input_schema for tool in (await client.list_tools()).tools}
    for task in TASKS:
        assert task.tools <= set(schemas), task.key
        for name in task.arguments:
            assert any(name in schemas[tool]["properties"] for tool in task.tools), (
                task.key,
                name,
            )


def test_task_keys_are_unique() -> None:
    keys = [task.key for task in TASKS]
    assert len(keys) == len(set(keys))


def test_matching_is_strict_about_type_and_absence() -> None:
    assert matches(2450, 2450) and matches(2450, 2450.0)
    assert not matches(2450, 24.5) and not matches(2450, "2450")
    assert matches(True, True) and not matches(True, "true") and not matches(1, True)
    assert matches("usd", "USD") and not matches("usd", None)
    assert matches(Absent(), None) and not matches(Absent(), 0)


def test_the_script_dumps_and_scores_as_a_user_runs_it(tmp_path: Path) -> None:
    script = [sys.executable, str(ROOT / "tools" / "bench_choice.py")]
    # Run from elsewhere, as a script, so only the installed package is importable.
    dumped = subprocess.run(
        [*script, "dump", str(tmp_path), "--toolsets", "orders"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert "6 tools" in dumped.stdout
    requests = (tmp_path / "requests.md").read_text("utf-8").splitlines()
    assert requests and all(line.split(":")[0] for line in requests)
    assert "refund_full" in {line.split(":")[0] for line in requests}
    assert "pause" not in {line.split(":")[0] for line in requests}  # billing is not served
    (tmp_path / "answers.json").write_text(
        json.dumps(
            {
                "refund_full": {"tool": "create_refund", "arguments": {"order": "ord_5k3j"}},
                # Right values, but a parameter the tool does not take: the server refuses it.
                "refund_part": {
                    "tool": "create_refund",
                    "arguments": {"order": "ord_5k3j", "amount": 2450, "order_id": "ord_5k3j"},
                },
            }
        )
    )
    scored = subprocess.run(
        [*script, "score", str(tmp_path / "answers.json")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert f"right tool 2/{len(requests)}; right tool and arguments 1/{len(requests)}" in (
        scored.stdout
    )
