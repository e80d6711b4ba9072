"""Measure what crevio-mcp's tool list costs a model, in tokens.

python tools/bench_tokens.py            one table of configurations
python tools/bench_tokens.py --tools    also every tool's cost in the full set

For each configuration a server is built and listed through the SDK's in-memory MCP
client, as a host would see it. "per tool" counts the compact JSON of a tool's name,
description and input schema (what a client hands the model); "tools/list" counts the
whole result, output schemas and annotations included. The server's instructions, which
describe the parameters many tools share, are counted on their own line: a client hands
them over once per session, whatever the number of tools.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

import anyio
from mcp import Client
from mcp.types import ListToolsResult

from crevio_mcp.footprint import count_tokens, counting_method, payload_cost, tool_cost
from crevio_mcp.server import build_server
from crevio_mcp.settings import Settings

CONFIGURATIONS: dict[str, dict[str, object]] = {
    "all tools": {"toolsets": "all"},
    "default set": {},
    "read-only (all)": {"toolsets": "all", "read_only": True},
    "dynamic, at start": {"dynamic_toolsets": True},
}


@dataclass(frozen=True)
class Measure:
    label: str
    listing: ListToolsResult
    instructions: str

    @property
    def costs(self) -> dict[str, int]:
        return {tool.name: tool_cost(tool) for tool in self.listing.tools}

    @property
    def tools_total(self) -> int:
        return sum(self.costs.values())


async def measure(label: str, overrides: dict[str, object]) -> Measure:
    # Settings fields that a given checkout lacks are ignored, so the same script
    # measures a "before" tree too.
    known = {k: v for k, v in overrides.items() if k in Settings.model_fields}
    settings = Settings(api_key="bench", **known)  # type: ignore[arg-type]  # fields vary by key
    async with Client(build_server(settings), mode="legacy") as client:
        return Measure(label, await client.list_tools(), client.instructions or "")


async def run(show_tools: bool) -> None:
    measures = [await measure(label, o) for label, o in CONFIGURATIONS.items()]
    out = sys.stdout
    out.write(
        f"{'configuration':<20} {'tools':>5} {'tokens':>7} {'avg':>5} {'tools/list':>10} "
        f"{'instructions':>12}\n"
    )
    for m in measures:
        count = len(m.listing.tools)
        average = m.tools_total / count if count else 0.0
        out.write(
            f"{m.label:<20} {count:>5} {m.tools_total:>7} {average:>5.1f} "
            f"{payload_cost(m.listing):>10} {count_tokens(m.instructions):>12}\n"
        )
    out.write(
        "instructions: the server's, handed over once per session; they describe the "
        "parameters many tools share and every ID prefix\n"
    )
    out.write(f"({counting_method()})\n")
    if show_tools:
        out.write("\n")
        for name, cost in sorted(measures[0].costs.items(), key=lambda kv: -kv[1]):
            out.write(f"{cost:>5}  {name}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tools", action="store_true", help="list every tool's cost")
    anyio.run(run, parser.parse_args().tools)


if __name__ == "__main__":
    main()
