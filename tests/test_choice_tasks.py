"""The tool-choice benchmark's tasks stay in step with the tools they expect.

tools/bench_choice.py needs a model to answer, so it cannot run here; what can is the
check that a renamed tool or parameter has not left a task expecting something no
right answer could give.
"""

from __future__ import annotations

import pytest
from mcp import Client

from tools.choice_tasks import TASKS, Absent, matches

pytestmark = pytest.mark.anyio


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
