"""`crevio-mcp demo`: a short support conversation, played by a real MCP client.

The sandbox and the server run in this process; the client is the MCP SDK's own, so
what is printed is exactly the text a model would read after each call.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

import httpx
from mcp import Client
from mcp.client import ClientRequestContext
from mcp.types import CallToolResult, ElicitRequestParams, ElicitResult, TextContent

from crevio_mcp.sandbox import SANDBOX_TOKEN, create_app
from crevio_mcp.sandbox.seed import DEMO_CUSTOMER_EMAIL
from crevio_mcp.server import SANDBOX_BASE_URL, build_server
from crevio_mcp.settings import Settings

__all__ = ["run_demo"]


class _Transcript:
    def __init__(self, client: Client, out: TextIO) -> None:
        self._client = client
        self._out = out

    def say(self, text: str) -> None:
        self._out.write(f"\n{text}\n")

    async def call(self, tool: str, arguments: dict[str, Any]) -> CallToolResult:
        self._out.write(f"\n› {tool} {json.dumps(arguments, ensure_ascii=False)}\n")
        result = await self._client.call_tool(tool, arguments)
        marker = "  [tool error]\n" if result.is_error else ""
        text = "\n".join(c.text for c in result.content if isinstance(c, TextContent))
        self._out.write(marker + "\n".join(f"  {line}" for line in text.splitlines()) + "\n")
        return result


class _Human:
    """Plays the person at the keyboard: answers the server's confirmation questions
    from a script, printing each question as the client would show it."""

    def __init__(self, out: TextIO, answers: list[bool]) -> None:
        self._out = out
        self._answers = answers

    async def __call__(
        self, context: ClientRequestContext, params: ElicitRequestParams
    ) -> ElicitResult:
        yes = self._answers.pop(0)
        question = "\n".join(f"    │ {line}" for line in params.message.splitlines())
        self._out.write(f"  The client asks the user:\n{question}\n")
        self._out.write(f"  The user answers: {'yes' if yes else 'no'}\n")
        if yes:
            return ElicitResult(action="accept", content={"confirm": True})
        return ElicitResult(action="decline")


def _structured(result: CallToolResult) -> dict[str, Any]:
    return dict(result.structured_content or {})


async def run_demo(out: TextIO) -> None:
    sandbox = create_app()
    settings = Settings(api_key=SANDBOX_TOKEN, base_url=SANDBOX_BASE_URL)
    server = build_server(settings, transport=httpx.ASGITransport(app=sandbox))

    out.write(
        "crevio-mcp demo: a support conversation against the embedded sandbox\n"
        "(a seeded fake store; no account, no network). Each › line is a tool call;\n"
        "the indented text under it is what the model reads.\n"
    )
    human = _Human(out, answers=[False, True])
    async with Client(server, mode="legacy", elicitation_callback=human) as client:
        tools = await client.list_tools()
        out.write(f"\nThe server offers {len(tools.tools)} tools.\n")
        chat = _Transcript(client, out)

        chat.say(f'Customer writes: "Hi, I\'m {DEMO_CUSTOMER_EMAIL}, where is my order?"')
        found = await chat.call("list_customers", {"email": DEMO_CUSTOMER_EMAIL})
        customer_id = _structured(found)["data"][0]["id"]

        orders = await chat.call("list_orders", {"customer": customer_id, "limit": 5})
        order_id = _structured(orders)["data"][0]["id"]

        chat.say("The assistant opens the latest order with its items and customer:")
        await chat.call("get_order", {"order_id": order_id, "expand": ["line_items", "customer"]})

        chat.say("Paging through all orders, two at a time, with the cursor each page gives:")
        page = await chat.call("list_orders", {"limit": 2})
        cursor = _structured(page)["next_starting_after"]
        await chat.call("list_orders", {"limit": 2, "starting_after": cursor})

        chat.say("A mistyped order ID gets an error the model can act on:")
        await chat.call("get_order", {"order_id": "ord_doesnotexist"})
        await chat.call("get_order", {"order_id": "12345"})

        chat.say(
            "Refunds are guarded by the server itself: nothing is sent to Crevio until the\n"
            "user says yes to exactly this refund. First the user says no, then yes:"
        )
        refund = {"order": order_id, "amount": 2500, "reason": "requested_by_customer"}
        await chat.call("create_refund", refund)
        await chat.call("create_refund", refund)
