"""Measure whether the tool list alone leads a model to the right first call.

python tools/bench_choice.py dump DIR [--toolsets all]   what to hand a model, in DIR
python tools/bench_choice.py score DIR/answers.json      how many calls it got right

Token counts (tools/bench_tokens.py) say what the tool list costs; this says whether
what is left still works. `dump` writes, into DIR, the server's instructions and tools
exactly as a client hands them to a model (server.json, listed through the SDK's
in-memory client), the store requests below (requests.md), and a
prompt (prompt.md) asking a model to answer each request with the first tool call it
would make, into DIR/answers.json. Give prompt.md to a model that has not seen this
code (a fresh agent session will do), then `score` the answers: a call counts when its
tool is one the task allows and every argument the task names is right.

A model's answers vary from run to run, so compare two tool lists (say, before and
after a change to descriptions) with fresh sessions each, more than once when close.

The requests lean on what a terse schema could lose: near neighbours (pause or cancel,
void or refund, archive or delete), the words users say instead of the API's (membership,
payment link, coupon, refund policy), money in cents, times, IDs and slugs, paging, and
repeating a call with a confirmation token. Each names the tools a good first call may
use and the arguments it must get right; arguments not named are free.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
from mcp import Client
from pydantic import ValidationError

from crevio_mcp.errors import ConfigurationError
from crevio_mcp.operations import OPERATIONS
from crevio_mcp.schema import tool_input_schema
from crevio_mcp.server import build_server
from crevio_mcp.settings import Settings


@dataclass(frozen=True)
class AnyOf:
    values: frozenset[str]

    def __call__(self, got: Any) -> bool:
        return isinstance(got, str) and got.lower() in {v.lower() for v in self.values}


@dataclass(frozen=True)
class StartsWith:
    prefix: str

    def __call__(self, got: Any) -> bool:
        return isinstance(got, str) and got.startswith(self.prefix)


@dataclass(frozen=True)
class Contains:
    part: str

    def __call__(self, got: Any) -> bool:
        return isinstance(got, str | list) and self.part in got


@dataclass(frozen=True)
class SameItems:
    """A list with these items, in any order."""

    items: tuple[str, ...]

    def __call__(self, got: Any) -> bool:
        return isinstance(got, list) and sorted(got) == sorted(self.items)


@dataclass(frozen=True)
class Absent:
    """The argument is left out (or null): e.g. no amount for a full refund."""

    def __call__(self, got: Any) -> bool:
        return got is None


Expect = str | int | bool | AnyOf | StartsWith | Contains | SameItems | Absent


def matches(want: Expect, got: Any) -> bool:
    if isinstance(want, str):
        return isinstance(got, str) and got.lower() == want.lower()
    if isinstance(want, bool):
        return got is want
    if isinstance(want, int):
        return isinstance(got, int | float) and not isinstance(got, bool) and got == want
    return want(got)


@dataclass(frozen=True)
class Task:
    key: str
    request: str
    tools: frozenset[str]
    arguments: Mapping[str, Expect] = field(default_factory=dict)


def _task(key: str, request: str, tools: str, **arguments: Expect) -> Task:
    return Task(key, request, frozenset(tools.split()), arguments)


WALLET = "0x" + "ab12" * 10

TASKS: tuple[Task, ...] = (
    _task(
        "cancel_for_good",
        "Cancel Jane's membership for good. Her subscription is sub_a1b2c3.",
        "cancel_subscription",
        subscription_id="sub_a1b2c3",
    ),
    _task(
        "pause",
        "Jane wants a break from her membership (sub_a1b2c3) for a couple of months; don't end it.",
        "pause_subscription",
        subscription_id="sub_a1b2c3",
    ),
    _task(
        "resume",
        "Jane is back: restart her membership sub_a1b2c3.",
        "resume_subscription",
        subscription_id="sub_a1b2c3",
    ),
    _task(
        "promo_percent",
        "Create a promo code SPRING20 for 20% off.",
        "create_discount",
        code="SPRING20",
        percent_off=20,
    ),
    _task(
        "coupon_fixed",
        "Make a coupon WELCOME5 worth $5 off.",
        "create_discount",
        code="WELCOME5",
        amount_off=500,
        currency="usd",
    ),
    _task(
        "refund_policy",
        "Change our refund policy page so it says refunds are accepted within 30 days.",
        "list_legal_pages get_legal_page update_legal_page",
    ),
    _task(
        "payment_link",
        "Create a payment link for the price price_m0nth1y.",
        "create_checkout_link",
        price_variants=SameItems(("price_m0nth1y",)),
    ),
    _task(
        "void",
        "Invoice inv_77aa was created by mistake and nobody paid it. Get rid of it.",
        "void_invoice",
        invoice_id="inv_77aa",
    ),
    _task(
        "refund_part",
        "Order ord_5k3j was charged twice by mistake; give back $24.50 of it.",
        "create_refund",
        order="ord_5k3j",
        amount=2450,
    ),
    _task(
        "refund_full",
        "Refund order ord_5k3j in full.",
        "create_refund",
        order="ord_5k3j",
        amount=Absent(),
    ),
    _task(
        "find_customer",
        "Find the customer whose email is maria@example.com.",
        "list_customers",
        email="maria@example.com",
    ),
    _task(
        "next_page",
        "Show me the next page of orders. The last list_orders result said: more exist, "
        "next starting_after=ord_zz99.",
        "list_orders",
        starting_after="ord_zz99",
    ),
    _task("failed_orders", "List the failed orders.", "list_orders", status="failed"),
    _task(
        "many_orders",
        "Get me the 300 most recent orders in one go.",
        "list_orders",
        max_items=300,
    ),
    _task(
        "order_expanded",
        "Open order ord_5k3j with its line items and the buyer's details inline.",
        "get_order",
        order_id="ord_5k3j",
        expand=SameItems(("line_items", "customer")),
    ),
    _task(
        "quarterly",
        "Add a quarterly subscription price of $90 to product prod_c0urse.",
        "create_price_variant",
        product="prod_c0urse",
        amount=9000,
        billing_type="subscription",
        recurring_interval="month",
        interval_count=3,
    ),
    _task(
        "pwyw",
        "Add a pay-what-you-want price to prod_c0urse: at least $5, suggest $15.",
        "create_price_variant",
        product="prod_c0urse",
        amount_type="custom",
        minimum_amount=500,
        preset_amount=1500,
    ),
    _task(
        "plan",
        "Add a payment plan to prod_c0urse: 3 monthly payments of $100.",
        "create_price_variant",
        product="prod_c0urse",
        billing_type="payment_plan",
        installment_count=3,
        recurring_interval="month",
        amount=10000,
    ),
    _task(
        "trial",
        "Give the monthly price price_m0nth1y a 14-day free trial.",
        "update_price_variant",
        price_variant_id="price_m0nth1y",
        trial_period_days=14,
    ),
    _task(
        "archive_price",
        "Stop selling the lifetime price price_l1fe.",
        "archive_price_variant",
        price_variant_id="price_l1fe",
    ),
    _task(
        "hide_product",
        "Take product prod_c0urse off sale but keep it (don't delete it).",
        "update_product",
        product_id="prod_c0urse",
        status=AnyOf(frozenset({"archived", "draft"})),
    ),
    _task(
        "email",
        "Email customer cus_8x2kq9 their access link https://learn.example.com/x with the "
        "subject 'Your access'.",
        "send_email",
        to="cus_8x2kq9",
        subject="Your access",
        body=Contains("learn.example.com"),
    ),
    _task(
        "events",
        "Which webhook events did the store send for new orders?",
        "list_webhook_events",
        type="order.created",
    ),
    _task(
        "webhook",
        "Register https://hooks.example.com/crevio to be told when invoices get paid.",
        "create_webhook_endpoint",
        url="https://hooks.example.com/crevio",
        enabled_events=SameItems(("invoice.paid",)),
    ),
    _task(
        "upload_local",
        "Upload ~/Downloads/guide.pdf to the media library.",
        "upload_file",
        file_path="~/Downloads/guide.pdf",
    ),
    _task(
        "upload_video",
        "Add the YouTube video https://youtu.be/xyz123 to the media library.",
        "upload_file",
        url="https://youtu.be/xyz123",
        kind="external_video",
    ),
    _task(
        "pay_invoice",
        "Customer cus_8x2kq9 wants to pay invoice inv_77aa by card now; give me a URL for it.",
        "create_checkout",
        invoice="inv_77aa",
        line_items=Absent(),
    ),
    _task(
        "invoice_new",
        "Bill Maria Lopez (maria@example.com, not a customer yet) for price price_m0nth1y, "
        "due 2027-01-15.",
        "create_invoice",
        price_variant="price_m0nth1y",
        customer_name=Contains("Maria"),
        email_address="maria@example.com",
        due_at=StartsWith("2027-01-15"),
    ),
    _task(
        "review_top",
        "Put review rev_9q8w at the top of its product's reviews.",
        "set_review_position",
        review_id="rev_9q8w",
        position=0,
    ),
    _task(
        "testimonial",
        "Add a 5-star testimonial from Sam K. to prod_c0urse: 'Changed how I work.'",
        "create_review",
        product="prod_c0urse",
        rating=5,
        customer_name="Sam K.",
        content=Contains("Changed"),
    ),
    _task(
        "past_due",
        "Which memberships are past due?",
        "list_subscriptions",
        status="past_due",
    ),
    _task(
        "terms",
        "What do this store's terms of service say?",
        "list_legal_pages get_legal_page",
    ),
    _task(
        "x402",
        f"Let AI agents pay us in USDC, to the wallet {WALLET}.",
        "update_x402_configuration",
        x402_enabled=True,
        x402_wallet_address=WALLET,
    ),
    _task(
        "lessons",
        "Show me the lessons of the course experience exp_abc.",
        "get_experience",
        experience_id="exp_abc",
    ),
    _task(
        "bought",
        "What has customer cus_8x2kq9 bought?",
        "list_orders",
        customer="cus_8x2kq9",
    ),
    _task(
        "end_used_code",
        "The discount disc_spring has been used already; stop it from working from today "
        "(2026-12-03).",
        "update_discount",
        discount_id="disc_spring",
        redeem_by=StartsWith("2026-12-0"),
    ),
    _task(
        "refunds_of",
        "Show the refunds made on order ord_5k3j.",
        "list_refunds",
        order="ord_5k3j",
    ),
    _task(
        "repeating",
        "Make the discount disc_spring apply to the first 3 months of a subscription only.",
        "update_discount",
        discount_id="disc_spring",
        duration="repeating",
        duration_in_months=3,
    ),
    _task("account", "Which store is this connected to?", "get_account"),
    _task(
        "confirm",
        "Earlier you called delete_product with product_id prod_c0urse and got a preview "
        "with confirmation token 'tk.abc123'. The user has now said yes, delete it.",
        "delete_product",
        product_id="prod_c0urse",
        confirmation_token="tk.abc123",
    ),
    _task("drafts", "Show me 5 draft products.", "list_products", status="draft", limit=5),
    _task(
        "delete_link",
        "Delete the payment link cl_summer.",
        "delete_checkout_link",
        checkout_link_id="cl_summer",
    ),
    _task(
        "limited_code",
        "Create code VIP10, 10% off, usable 50 times in total, only on price price_l1fe.",
        "create_discount",
        code="VIP10",
        percent_off=10,
        max_redemptions=50,
        price_variants=SameItems(("price_l1fe",)),
    ),
    _task(
        "customer_new",
        "Add Tom Baker (tom@example.com) as a lead.",
        "create_customer",
        email="tom@example.com",
        customer_type="lead",
    ),
    _task(
        "setup_fee",
        "Add a $30/month price to prod_c0urse with a one-off $50 setup fee.",
        "create_price_variant",
        product="prod_c0urse",
        amount=3000,
        billing_type="subscription",
        recurring_interval="month",
        setup_fee_amount=5000,
    ),
    _task(
        "pause_webhook",
        "Stop deliveries to webhook endpoint wh_123 for now without deleting it.",
        "update_webhook_endpoint",
        webhook_endpoint_id="wh_123",
        disabled=True,
    ),
    _task(
        "blog_slug",
        "Show me the blog post with the slug launch-week.",
        "get_blog_post",
        blog_post_id="launch-week",
    ),
    _task(
        "order_item",
        "What is in order item ordi_77?",
        "get_order_item",
        order_item_id="ordi_77",
    ),
    _task("refund_get", "Look up refund re_42.", "get_refund", refund_id="re_42"),
    _task(
        "orders_page10",
        "List customer cus_8x2kq9's orders, 10 per page, with their line items inline.",
        "list_orders",
        customer="cus_8x2kq9",
        limit=10,
        expand=SameItems(("line_items",)),
    ),
    _task(
        "active_on_plan",
        "Which active subscriptions are on the plan price_m0nth1y?",
        "list_subscriptions",
        status="active",
        price_variant="price_m0nth1y",
    ),
    _task(
        "checkout_code",
        "Apply the discount code SPRING20 to the open checkout co_123.",
        "update_checkout",
        checkout_id="co_123",
        discount="SPRING20",
    ),
    _task(
        "price_first",
        "Show the price price_l1fe first among its product's prices.",
        "update_price_variant",
        price_variant_id="price_l1fe",
        position=0,
    ),
    _task(
        "on_sale_from",
        "Product prod_c0urse should go on sale from 9:00 UTC on 1 January 2027.",
        "update_product",
        product_id="prod_c0urse",
        available_from=StartsWith("2027-01-01T09:00"),
    ),
    _task(
        "all_events",
        "Webhook endpoint wh_123 should receive every event type.",
        "update_webhook_endpoint",
        webhook_endpoint_id="wh_123",
        enabled_events=SameItems(("*",)),
    ),
    _task("search_name", "Find customers named Garcia.", "list_customers", query="Garcia"),
    _task(
        "invoice_order",
        "Was invoice inv_77aa paid? Show it with the order that paid it inline.",
        "get_invoice",
        invoice_id="inv_77aa",
        expand=Contains("order"),
    ),
    _task(
        "email_by_address",
        "Email our customer maria@example.com a reminder: subject 'Reminder', body 'Your "
        "course starts Monday.'",
        "send_email",
        to="maria@example.com",
        subject="Reminder",
    ),
    _task(
        "was_price",
        "Show a crossed-out price of $120 next to price price_l1fe.",
        "update_price_variant",
        price_variant_id="price_l1fe",
        discounted_from_amount=12000,
    ),
    _task(
        "fraud_refund",
        "Refund order ord_5k3j in full; the card was stolen (fraud).",
        "create_refund",
        order="ord_5k3j",
        reason="fraudulent",
        amount=Absent(),
    ),
    _task(
        "confirm_cancel",
        "You called cancel_subscription for sub_a1b2c3 and the preview gave confirmation "
        "token 'xyz.1'. The user just said yes.",
        "cancel_subscription",
        subscription_id="sub_a1b2c3",
        confirmation_token="xyz.1",
    ),
    _task(
        "customers_after",
        "List the next 100 customers after cus_last1.",
        "list_customers",
        limit=100,
        starting_after="cus_last1",
    ),
)


PROMPT = """\
You are the language model inside an AI assistant connected to one MCP server for an
online store. All you know of the server is in {server}: its "instructions" (your client
put them in your system prompt) and its "tools" (name, description, input_schema), as
your client handed them to you. Read that file and {requests}, and nothing else.

Each line of {requests} is `key: what the user just said`. For each, decide the single
FIRST tool call you would make: the tool's name and its arguments as a JSON object, as
you would if you were really serving the user. Use only parameters the schema offers,
fill them as the descriptions and instructions say (units, formats, ID forms), and leave
out optional parameters you would not set. If you would first look something up, give
that lookup call. Do not ask the user questions.

Write {answers} as one JSON object: {{"<key>": {{"tool": "<name>", "arguments": {{...}}}}, ...}},
one entry per key. Then say, briefly, where the tool list left you unsure and why.
"""


PARAMETERS = {op.name: set(tool_input_schema(op.params)["properties"]) for op in OPERATIONS}
"""What each tool takes, as its schema names it."""


async def dump(directory: Path, settings: Settings, instructions: bool) -> None:
    async with Client(build_server(settings), mode="legacy") as client:
        tools = (await client.list_tools()).tools
        server = {
            # Some clients never hand the server's instructions to the model.
            "instructions": client.instructions if instructions else None,
            "tools": [
                {"name": t.name, "description": t.description, "input_schema": t.input_schema}
                for t in tools
            ],
        }
    # A request no served tool could answer says nothing about the schemas.
    served = {tool.name for tool in tools}
    tasks = [task for task in TASKS if task.tools & served]
    directory.mkdir(parents=True, exist_ok=True)
    paths = {
        name: directory / f"{name}.{ext}"
        for name, ext in (("server", "json"), ("requests", "md"), ("answers", "json"))
    }
    paths["server"].write_text(json.dumps(server, indent=1, ensure_ascii=False), "utf-8")
    paths["requests"].write_text("".join(f"{t.key}: {t.request}\n" for t in tasks), "utf-8")
    prompt = PROMPT.format(**{name: str(path.resolve()) for name, path in paths.items()})
    (directory / "prompt.md").write_text(prompt, "utf-8")
    sys.stdout.write(
        f"wrote {directory}/server.json ({len(tools)} tools), requests.md ({len(tasks)} "
        f"requests) and prompt.md; hand prompt.md to a model, then score {paths['answers']}\n"
    )


def score(answers_path: Path) -> int:
    """Print each miss and the totals; return the exit status."""
    try:
        answers = json.loads(answers_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"cannot read answers from {answers_path}: {exc}\n")
        return 2
    if not isinstance(answers, dict):
        sys.stderr.write(f"{answers_path} must hold one JSON object keyed by request\n")
        return 2
    # Score the requests that were handed out with these answers, when that file is there.
    asked = answers_path.with_name("requests.md")
    keys = (
        {line.split(":", 1)[0] for line in asked.read_text("utf-8").splitlines() if line}
        if asked.exists()
        else {task.key for task in TASKS}
    )
    tasks = [task for task in TASKS if task.key in keys]
    right_tool = right_call = 0
    out = sys.stdout
    for task in tasks:
        answer = answers.get(task.key)
        answer = answer if isinstance(answer, dict) else {}
        tool, arguments = answer.get("tool"), answer.get("arguments")
        arguments = arguments if isinstance(arguments, dict) else {}
        if tool not in task.tools:
            out.write(f"  {task.key}: called {tool}, wanted one of {sorted(task.tools)}\n")
            continue
        right_tool += 1
        # A parameter the tool does not take fails the whole call on the server.
        wrong = sorted(set(arguments) - PARAMETERS.get(tool, set())) + [
            name for name, want in task.arguments.items() if not matches(want, arguments.get(name))
        ]
        if wrong:
            out.write(
                f"  {task.key}: {tool} got {', '.join(wrong)} wrong; it sent "
                f"{json.dumps(arguments, ensure_ascii=False)}\n"
            )
        else:
            right_call += 1
    out.write(
        f"right tool {right_tool}/{len(tasks)}; right tool and arguments "
        f"{right_call}/{len(tasks)}\n"
    )
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dump_cmd = commands.add_parser("dump", help="write what to hand a model into DIR")
    dump_cmd.add_argument("directory", type=Path)
    dump_cmd.add_argument("--toolsets", default="all", help="toolsets to serve (default all)")
    dump_cmd.add_argument(
        "--no-instructions",
        action="store_true",
        help="leave the server's instructions out, as clients that drop them do",
    )
    score_cmd = commands.add_parser("score", help="score a model's answers")
    score_cmd.add_argument("answers", type=Path)
    args = parser.parse_args()
    if args.command == "score":
        sys.exit(score(args.answers))
    try:
        settings = Settings.model_validate({"api_key": "bench", "toolsets": args.toolsets})
        anyio.run(dump, args.directory, settings, not args.no_instructions)
    except ValidationError as exc:
        parser.error(f"--toolsets: {exc.errors()[0]['msg']}")
    except ConfigurationError as exc:
        parser.error(str(exc))


if __name__ == "__main__":
    main()
