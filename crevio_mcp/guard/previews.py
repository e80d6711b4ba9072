"""What each destructive operation will do, said before it runs, with names and money.

A preview reads what it needs from the API (the order being refunded, the invoice being
voided) and returns one or two sentences. It must be deterministic for the same state,
because a question re-asked with different words counts as a new question.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from crevio_mcp.client import ApiRequest, CrevioClient
from crevio_mcp.render import format_money

__all__ = ["PREVIEWS", "Preview"]


@dataclass(frozen=True)
class Preview:
    text: str
    amount: int | None = None
    """Money this action moves, in minor units, for policy caps."""
    currency: str | None = None
    problem: str | None = None
    """Set when the action cannot succeed as asked; nobody is asked to confirm it then."""


Reader = Callable[[str], Awaitable[dict[str, Any]]]
PreviewFn = Callable[[Mapping[str, Any], Reader], Awaitable[Preview]]


def reader(client: CrevioClient) -> Reader:
    async def read(path: str) -> dict[str, Any]:
        response = await client.send(ApiRequest(method="GET", path=path))
        data = response.data
        return dict(data) if isinstance(data, Mapping) else {}

    return read


def _id(value: object) -> str:
    return quote(str(value), safe="")


def _who(customer: object) -> str:
    if isinstance(customer, Mapping):
        name = customer.get("name") or "a customer"
        email = customer.get("email")
        return f"{name} <{email}>" if email else str(name)
    return f"customer {customer}" if customer else "no customer on record"


# How much of an email's text the person confirming it is shown.
_EMAIL_SHOWN = 1200


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _day(value: object) -> str:
    """'2026-12-30T12:00:00Z' -> '2026-12-30'; previews speak in days, not timestamps."""
    return value[:10] if isinstance(value, str) and value else "unknown"


def _money(amount: object, currency: object) -> str:
    return format_money(amount, currency) or "an unknown amount"


_REFUNDABLE = frozenset({"succeeded", "partially_refunded"})


async def _refund(args: Mapping[str, Any], read: Reader) -> Preview:
    order = await read(f"/orders/{_id(args['order'])}?expand=customer")
    currency = order.get("currency")
    paid = int(order.get("amount") or 0)
    refunded = int(order.get("amount_refunded") or 0)
    left = paid - refunded
    amount = int(args["amount"]) if args.get("amount") is not None else left
    who = _who(order.get("customer"))
    already = f", {_money(refunded, currency)} already refunded" if refunded else ""
    if args.get("amount") is None:
        what = f"Refund all {_money(left, currency)} still refundable on order {order.get('id')}"
        where = f"({_money(paid, currency)} paid by {who}{already})"
    else:
        what = f"Refund {_money(amount, currency)} of order {order.get('id')}"
        where = (
            f"({_money(paid, currency)} paid by {who}{already}; "
            f"{_money(left, currency)} refundable)"
        )
    problem = None
    if order.get("status") not in _REFUNDABLE:
        problem = (
            f"order {order.get('id')} is {order.get('status')}; only succeeded or partially "
            "refunded orders can be refunded."
        )
    elif left <= 0:
        problem = f"order {order.get('id')} has nothing left to refund."
    elif amount > left:
        problem = (
            f"the refund of {_money(amount, currency)} is more than the "
            f"{_money(left, currency)} left to refund on order {order.get('id')}."
        )
    return Preview(
        text=f"{what} {where}. The money goes back to the customer; this cannot be undone.",
        amount=amount,
        currency=currency if isinstance(currency, str) else None,
        problem=problem,
    )


async def _delete_product(args: Mapping[str, Any], read: Reader) -> Preview:
    product = await read(f"/products/{_id(args['product_id'])}")
    variants = product.get("price_variants") or []
    return Preview(
        f'Delete product {product.get("id")} "{product.get("name")}" (status '
        f"{product.get('status')}, {_count(len(variants), 'price variant')}). "
        "Its page and checkout stop working; this cannot be undone."
    )


async def _archive_variant(args: Mapping[str, Any], read: Reader) -> Preview:
    variant = await read(f"/price_variants/{_id(args['price_variant_id'])}")
    price = _money(variant.get("amount"), variant.get("currency"))
    interval = f" per {variant['recurring_interval']}" if variant.get("recurring_interval") else ""
    archived = variant.get("archived") is True
    return Preview(
        problem=f"price variant {variant.get('id')} is already archived." if archived else None,
        text=f'Archive price variant {variant.get("id")} "{variant.get("name")}" '
        f"({price}{interval}) of product {variant.get('product')}. It can no longer be "
        "bought; existing orders and subscriptions are kept.",
    )


async def _void_invoice(args: Mapping[str, Any], read: Reader) -> Preview:
    invoice = await read(f"/invoices/{_id(args['invoice_id'])}")
    who = _who({"name": invoice.get("customer_name"), "email": invoice.get("email_address")})
    already = invoice.get("status") == "void"
    return Preview(
        problem=f"invoice {invoice.get('id')} is already void." if already else None,
        text=(
            f"Void invoice {invoice.get('number') or ''} {invoice.get('id')} for "
            f"{_money(invoice.get('amount'), invoice.get('currency'))} to {who} (status "
            f"{invoice.get('status')}). A void invoice can never be paid or reopened; money "
            "already paid is not refunded by this."
        ),
    )


async def _cancel_subscription(args: Mapping[str, Any], read: Reader) -> Preview:
    sub = await read(f"/subscriptions/{_id(args['subscription_id'])}?expand=customer")
    ended = sub.get("status") == "canceled"
    return Preview(
        problem=f"subscription {sub.get('id')} is already canceled." if ended else None,
        text=f"Cancel subscription {sub.get('id')} of {_who(sub.get('customer'))} (status "
        f"{sub.get('status')}, current period ends {_day(sub.get('current_period_end'))}). "
        "The customer loses access and it cannot be resumed; pause_subscription is the "
        "reversible alternative.",
    )


async def _delete_checkout_link(args: Mapping[str, Any], read: Reader) -> Preview:
    link = await read(f"/checkout_links/{_id(args['checkout_link_id'])}")
    return Preview(
        f'Delete checkout link {link.get("id")} "{link.get("name") or ""}" ({link.get("url")}). '
        "Anyone holding this payment link can no longer pay through it; this cannot be undone."
    )


async def _delete_discount(args: Mapping[str, Any], read: Reader) -> Preview:
    discount = await read(f"/discounts/{_id(args['discount_id'])}")
    if discount.get("percent_off"):
        off = f"{discount['percent_off']}% off"
    else:
        off = f"{_money(discount.get('amount_off'), discount.get('currency'))} off"
    redeemed = _count(int(discount.get("times_redeemed") or 0), "time")
    # The API marks a code it will not delete (one already redeemed) with destroyable;
    # asking a person to confirm a delete that can only fail would waste their yes.
    problem = (
        f"discount code {discount.get('code')} ({discount.get('id')}) has been redeemed "
        f"{redeemed}, and the API does not delete used codes. To stop it working, call "
        "update_discount with redeem_by set to now."
        if discount.get("destroyable") is False
        else None
    )
    return Preview(
        f"Delete discount code {discount.get('code')} ({discount.get('id')}, {off}, redeemed "
        f"{redeemed}). The code stops working at checkout; this cannot be undone.",
        problem=problem,
    )


async def _delete_review(args: Mapping[str, Any], read: Reader) -> Preview:
    review = await read(f"/reviews/{_id(args['review_id'])}")
    return Preview(
        f"Delete review {review.get('id')} ({review.get('rating')}★ by "
        f"{review.get('customer_name') or 'an anonymous customer'} on product "
        f"{review.get('product')}). It disappears from the product page; this cannot be undone."
    )


async def _delete_file(args: Mapping[str, Any], read: Reader) -> Preview:
    file = await read(f"/files/{_id(args['file_id'])}")
    name = file.get("title") or file.get("filename") or file.get("url") or "untitled"
    return Preview(
        f'Delete file {file.get("id")} "{name}" ({file.get("kind")}). Products and experiences '
        "that use it lose it; this cannot be undone."
    )


async def _delete_webhook_endpoint(args: Mapping[str, Any], read: Reader) -> Preview:
    endpoint = await read(f"/webhook_endpoints/{_id(args['webhook_endpoint_id'])}")
    events = endpoint.get("enabled_events") or []
    return Preview(
        f"Delete webhook endpoint {endpoint.get('id')} → {endpoint.get('url')} "
        f"({_count(len(events), 'event type')}). "
        "Deliveries to it stop at once; this cannot be undone."
    )


async def _send_email(args: Mapping[str, Any], read: Reader) -> Preview:
    to = str(args.get("to"))
    problem = None
    if to.startswith("cus_"):
        recipient = _who(await read(f"/customers/{_id(to)}"))
    else:
        found = await read(f"/customers?email={quote(to, safe='')}&limit=1")
        matches = found.get("data") or []
        recipient = _who(matches[0]) if matches else to
        if not matches:
            problem = f"{to} is not a customer of this store; emails go only to customers."
    body = str(args.get("body") or "")
    shown = body if len(body) <= _EMAIL_SHOWN else body[:_EMAIL_SHOWN] + f"… ({len(body)} chars)"
    return Preview(
        problem=problem,
        text=(
            f'Send an email to {recipient} with subject "{args.get("subject")}" and this '
            f"text:\n---\n{shown}\n---\nAn email cannot be unsent."
        ),
    )


async def _update_x402(args: Mapping[str, Any], read: Reader) -> Preview:
    current = await read("/x402_configuration")
    changes: list[str] = []
    for key, label in (
        ("x402_enabled", "crypto payments enabled"),
        ("x402_wallet_address", "payout wallet"),
        ("x402_chain", "chain"),
    ):
        if key in args and args[key] is not None and args[key] != current.get(key):
            changes.append(f"{label}: {current.get(key)} → {args[key]}")
    summary = "; ".join(changes) or "no visible change"
    return Preview(
        f"Change the store's x402 crypto payment settings ({summary}). Future crypto payments "
        "are paid to the wallet set here."
    )


PREVIEWS: dict[str, PreviewFn] = {
    "create_refund": _refund,
    "delete_product": _delete_product,
    "archive_price_variant": _archive_variant,
    "void_invoice": _void_invoice,
    "cancel_subscription": _cancel_subscription,
    "delete_checkout_link": _delete_checkout_link,
    "delete_discount": _delete_discount,
    "delete_review": _delete_review,
    "delete_file": _delete_file,
    "delete_webhook_endpoint": _delete_webhook_endpoint,
    "send_email": _send_email,
    "update_x402_configuration": _update_x402,
}
