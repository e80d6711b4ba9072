"""Orders, their line items, and refunds against them."""

from __future__ import annotations

from typing import Final

from ..errors import invalid_request
from ..resource import Filter, ResourceSpec, expand_ref
from ..routing import Call, Route
from ..store import Record, Store
from ..validation import Field, Problems

ORDER_STATUSES: Final = (
    "succeeded",
    "pending",
    "failed",
    "refunded",
    "partially_refunded",
)
PROCESSORS: Final = ("stripe", "paypal", "free")
REFUND_REASONS: Final = ("requested_by_customer", "duplicate", "fraudulent", "other")
# Orders that took money, so that money can be (partly) given back.
REFUNDABLE: Final = ("succeeded", "partially_refunded")

ORDERS = ResourceSpec(
    kind="order",
    path="orders",
    filters={
        "status": Filter(choices=ORDER_STATUSES),
        "customer": Filter(),
        "processor": Filter(choices=PROCESSORS),
    },
    expand={
        "customer": expand_ref("customer", "customer"),
        "line_items": expand_ref("line_items", "order_item"),
    },
)

ORDER_ITEMS = ResourceSpec(kind="order_item", path="order_items")

REFUNDS = ResourceSpec(
    kind="refund",
    path="refunds",
    filters={"order": Filter()},
    expand={"order": expand_ref("order", "order")},
)


def order_record(
    *,
    id: str,
    customer: str | None,
    currency: str,
    created_at: str,
    status: str = "succeeded",
    processor: str = "stripe",
    checkout: str | None = None,
) -> Record:
    return {
        "id": id,
        "object": "order",
        "status": status,
        "amount": 0,
        "currency": currency,
        "amount_refunded": 0,
        "customer": customer,
        "checkout": checkout,
        "line_items": [],
        "processor": processor,
        "created_at": created_at,
        "updated_at": created_at,
    }


def add_line_item(
    store: Store, order: Record, *, id: str, variant: Record, quantity: int, unit: int
) -> Record:
    """Attach one line item to ``order`` and add it to the order's amount."""
    product = store.get("product", variant["product"])
    product_name = product["name"] if product else "Deleted product"
    item: Record = {
        "id": id,
        "object": "order_item",
        "order": order["id"],
        "product": variant["product"],
        "price_variant": variant["id"],
        "description": f"{product_name} – {variant['name']}",
        "quantity": quantity,
        "amount": unit,
        "currency": order["currency"],
    }
    store.put(item)
    order["line_items"].append(id)
    order["amount"] += unit * quantity
    return item


def refund_record(
    *,
    id: str,
    order: Record,
    amount: int,
    created_at: str,
    reason: str | None = None,
    notes: str | None = None,
) -> Record:
    return {
        "id": id,
        "object": "refund",
        "order": order["id"],
        "amount": amount,
        "currency": order["currency"],
        "reason": reason,
        "notes": notes,
        "status": "succeeded",
        "provider": order["processor"],
        "metadata": {},
        "created_at": created_at,
    }


def apply_refund(order: Record, amount: int, at: str) -> None:
    order["amount_refunded"] += amount
    full = order["amount_refunded"] >= order["amount"]
    order["status"] = "refunded" if full else "partially_refunded"
    order["updated_at"] = at


REFUND_SCHEMA: Final = {
    "order": Field(required=True),
    "amount": Field("integer", minimum=1, nullable=False),
    "reason": Field(choices=REFUND_REASONS),
    "notes": Field(max_length=1000),
    "metadata": Field("object"),
}


def create_refund(call: Call) -> Record:
    store = call.store
    problems = Problems()
    values = problems.check(call.body, REFUND_SCHEMA)
    problems.raise_if_any()
    order = ORDERS.reference(store, values["order"], param="order")
    left = order["amount"] - order["amount_refunded"]
    if order["status"] == "refunded" or (order["amount_refunded"] and left <= 0):
        raise invalid_request(
            "charge_already_refunded",
            f"Order '{order['id']}' has already been refunded in full",
            param="order",
        )
    if order["status"] not in REFUNDABLE or left <= 0:
        raise invalid_request(
            "order_not_refundable",
            f"Order '{order['id']}' is {order['status']} with nothing paid to refund",
            param="order",
        )
    amount = values.get("amount", left)
    if amount > left:
        raise invalid_request(
            "amount_too_large",
            f"Refund amount {amount} is larger than the {left} "
            f"{order['currency']} left to refund on this order",
            param="amount",
        )
    now = store.now()
    apply_refund(order, amount, now)
    refund = refund_record(
        id=store.new_id("refund"),
        order=order,
        amount=amount,
        created_at=now,
        reason=values.get("reason"),
        notes=values.get("notes"),
    )
    refund["metadata"] = values.get("metadata") or {}
    return refund


def routes() -> list[Route]:
    return [
        *ORDERS.routes(),
        *ORDER_ITEMS.routes(list_=False),
        *REFUNDS.routes(create=create_refund),
    ]
