"""Prompts: common support and store tasks, ready for a person to pick in their host.

Each row is a name, a title, a description, a pydantic model of its arguments, and a
function that writes the task for the model from validated arguments. Hosts send prompt
arguments as strings; the model converts them (`"7"` → 7) and refuses bad values with
a message that names the argument. The text names tools by their registered names; a
test checks that each one exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.prompts import Prompt
from mcp.server.mcpserver.prompts.base import Message, PromptArgument, UserMessage
from mcp.shared.exceptions import MCPError
from mcp.types import INVALID_PARAMS, InputRequiredResult
from pydantic import BaseModel, ConfigDict, Field, SkipValidation, ValidationError

from crevio_mcp.operations.ids import OrderId

__all__ = ["PROMPTS", "PromptSpec", "add_prompts"]


class PromptArgs(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


@dataclass(frozen=True)
class PromptSpec:
    name: str
    title: str
    description: str
    arguments: type[PromptArgs]
    write: Callable[[Any], str]
    """Turns validated arguments into the user message."""
    uses: frozenset[str]
    """The tools its text tells the model to call; it is served only where they all are."""

    def render(self, raw: dict[str, Any]) -> str:
        try:
            arguments = self.arguments.model_validate(raw)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'arguments'}: "
                f"{str(e['msg']).removeprefix('Value error, ')}"
                for e in exc.errors()
            )
            raise MCPError(
                code=INVALID_PARAMS, message=f"prompt {self.name}: invalid arguments: {problems}"
            ) from exc
        return self.write(arguments)


# ----- look into an order and refund it ---------------------------------------------


class RefundOrderArgs(PromptArgs):
    order: OrderId = Field(description="The order the customer asks about (ord_…).")
    amount: Decimal | None = Field(
        None,
        gt=0,
        decimal_places=2,
        description="How much to give back in the order's currency, e.g. 24.50; "
        "leave out to refund all that is not yet refunded.",
    )
    reason: Literal["requested_by_customer", "duplicate", "fraudulent", "other"] | None = Field(
        None, description="Why: requested_by_customer, duplicate, fraudulent or other."
    )


def _refund_order(a: RefundOrderArgs) -> str:
    how_much = f"{a.amount} of it" if a.amount is not None else "what has not been refunded yet"
    extra = f", reason={a.reason}" if a.reason else ""
    amount_arg = (
        f", amount=<{a.amount} in minor units, e.g. cents: 24.50 is 2450>"
        if a.amount is not None
        else ""
    )
    return (
        f"A customer asks for money back on order {a.order}; refund {how_much}.\n"
        f"1. Read the order with get_order (order_id={a.order}, expand=[line_items, customer]): "
        "who bought what, when, how much was paid and how much is already refunded.\n"
        f"2. Check earlier refunds with list_refunds (order={a.order}).\n"
        "3. Tell me in a few lines what you found and how much can still be refunded. Stop "
        "and ask me if the order is not paid, is fully refunded, or the amount is more than "
        "what is left.\n"
        f"4. Otherwise call create_refund (order={a.order}{amount_arg}{extra}). The server "
        "asks me to confirm before any money moves; if it returns a preview with a "
        "confirmation_token instead, show me the preview and call again with the token only "
        "after I say yes.\n"
        "5. Finish with the refund ID, the amount refunded, and the order's new refunded total."
    )


# ----- summarise recent sales --------------------------------------------------------


class SalesSummaryArgs(PromptArgs):
    days: Annotated[int, Field(ge=1, le=92)] = Field(
        7, description="How many days to cover, ending with `until` (1-92; default 7)."
    )
    until: date | None = Field(
        None, description="Last day to include, YYYY-MM-DD (UTC); default yesterday."
    )


def _sales_summary(a: SalesSummaryArgs) -> str:
    last = a.until or (datetime.now(UTC).date() - timedelta(days=1))
    first = last - timedelta(days=a.days - 1)
    return (
        f"Summarise the store's sales from {first} to {last} inclusive ({a.days} days, UTC).\n"
        "1. Call list_orders with max_items=500; orders come newest first. Call again with "
        "the starting_after it gives until the orders are older than "
        f"{first}. Count only orders created from {first} to {last}.\n"
        "2. Call list_refunds the same way for refunds created in those days.\n"
        "3. Report: the number of orders by status; revenue from succeeded and partially "
        "refunded orders, per currency, as '49.00 USD'; refunds in the period and their total; "
        "the biggest orders (ID, customer, amount). If the orders have line items, name the "
        "products that sold most (get_order with expand=[line_items] on the largest orders).\n"
        "4. Say plainly if a list was cut short, so the numbers may be incomplete. Change "
        "nothing in the store."
    )


# ----- subscriptions that failed to renew --------------------------------------------


class FailedRenewalsArgs(PromptArgs):
    days: Annotated[int, Field(ge=1, le=365)] = Field(
        30,
        description="Only subscriptions whose billing period ended in the last this many "
        "days (1-365; default 30).",
    )


def _failed_renewals(a: FailedRenewalsArgs) -> str:
    since = datetime.now(UTC).date() - timedelta(days=a.days)
    return (
        "Find the subscriptions that failed to renew.\n"
        "1. Call list_subscriptions with status=past_due, then with status=unpaid, then with "
        "status=incomplete, each with expand=[customer, price_variant] and max_items=200.\n"
        f"2. Keep those whose current period ended on or after {since}.\n"
        "3. For each customer, find the unpaid invoice with list_invoices (customer=<cus_ ID>, "
        "status=past_due).\n"
        "4. Show a table: customer name and email, plan (price variant and amount), status, "
        "period end, the unpaid invoice and how much is owed. Then the total owed per currency.\n"
        "5. Suggest next steps (a reminder through send_email, or a new checkout link), but do "
        "not send, cancel, pause or change anything until I say which."
    )


# ----- everything about one customer -------------------------------------------------


class CustomerOverviewArgs(PromptArgs):
    customer: str = Field(
        min_length=3, description="The customer's ID (cus_…), email address or name."
    )


def _customer_overview(a: CustomerOverviewArgs) -> str:
    find = (
        f"get_customer (customer_id={a.customer})"
        if a.customer.startswith("cus_")
        else f'list_customers (query="{a.customer}"); if several match, ask me which one'
    )
    return (
        f"Look into the customer {a.customer!r} before I answer them.\n"
        f"1. Find them with {find}.\n"
        "2. List their orders (list_orders, customer=<cus_ ID>), subscriptions "
        "(list_subscriptions, customer=<cus_ ID>) and invoices (list_invoices, "
        "customer=<cus_ ID>), and any refunds of their orders (list_refunds, order=<ord_ ID>).\n"
        "3. Summarise: who they are, what they bought and when, what they pay for now, "
        "anything unpaid, failed or refunded, and anything that looks wrong.\n"
        "4. Change nothing in the store; suggest what I could do next."
    )


PROMPTS: tuple[PromptSpec, ...] = (
    PromptSpec(
        name="refund_order",
        title="Look into an order and refund it",
        description="Check an order a customer asks about, then refund it in full or in part "
        "after your confirmation.",
        arguments=RefundOrderArgs,
        write=_refund_order,
        uses=frozenset({"get_order", "create_refund", "list_refunds"}),
    ),
    PromptSpec(
        name="sales_summary",
        title="Summarise recent sales",
        description="Orders, revenue and refunds over the last week (or other span of days).",
        arguments=SalesSummaryArgs,
        write=_sales_summary,
        uses=frozenset({"list_orders", "list_refunds", "get_order"}),
    ),
    PromptSpec(
        name="failed_renewals",
        title="Find subscriptions that failed to renew",
        description="Past-due, unpaid and incomplete subscriptions with what each customer owes.",
        arguments=FailedRenewalsArgs,
        write=_failed_renewals,
        uses=frozenset({"list_subscriptions", "list_invoices", "send_email"}),
    ),
    PromptSpec(
        name="customer_overview",
        title="Look into a customer",
        description="A customer's orders, subscriptions, invoices and refunds in one summary.",
        arguments=CustomerOverviewArgs,
        write=_customer_overview,
        uses=frozenset(
            {"list_customers", "get_customer", "list_orders", "list_subscriptions"}
            | {"list_invoices", "list_refunds"}
        ),
    ),
)


class _SpecPrompt(Prompt):
    """A prompt whose arguments are checked by its spec's model alone.

    The SDK checks required arguments first and reports a missing one as an internal
    error (JSON-RPC code 0); the spec's model reports it as invalid params, naming it.
    """

    spec: SkipValidation[PromptSpec] = Field(exclude=True)

    async def render(
        self, arguments: dict[str, Any] | None, context: Any
    ) -> list[Message] | InputRequiredResult:
        return [UserMessage(self.spec.render(dict(arguments or {})))]


def add_prompts(
    server: MCPServer[Any],
    prompts: tuple[PromptSpec, ...] = PROMPTS,
    *,
    tools: frozenset[str] | None = None,
) -> None:
    """Serve the prompts whose tools are all in `tools` (every prompt when None)."""
    for spec in prompts:
        if tools is not None and not spec.uses <= tools:
            continue
        schema = spec.arguments.model_json_schema()
        required = set(schema.get("required", []))
        server.add_prompt(
            _SpecPrompt(
                spec=spec,
                name=spec.name,
                title=spec.title,
                description=spec.description,
                arguments=[
                    PromptArgument(
                        name=name, description=field.description, required=name in required
                    )
                    for name, field in spec.arguments.model_fields.items()
                ],
                # Required by the SDK's Prompt; _SpecPrompt.render goes through spec instead.
                fn=spec.render,
            )
        )
