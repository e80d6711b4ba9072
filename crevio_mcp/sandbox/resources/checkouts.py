"""Checkouts (for items or for an invoice) and shareable checkout links.

``POST /v1/checkouts/{id}/complete`` is sandbox-only: the real API completes a
checkout when the buyer pays on Crevio's page, which a local fake cannot show.
It turns the checkout into an order the way a payment would.
"""

from __future__ import annotations

from typing import Any, Final

from ..errors import invalid_request, missing_reference
from ..resource import ResourceSpec, expand_ref
from ..routing import Call, Route
from ..store import Record, Store
from ..validation import Field, Problems
from .catalog import PRICE_VARIANTS, check_one_kind, is_recurring, unit_amount
from .common import storefront
from .customers import CUSTOMERS, customer_record, find_by_email
from .discounts import DISCOUNTS, find_by_code
from .invoices import INVOICES
from .sales import ORDERS, add_line_item, order_record
from .subscriptions import SUBSCRIPTIONS, subscription_record

CHECKOUT_STATUSES: Final = ("open", "complete", "abandoned", "expired")
PAYABLE_INVOICE: Final = ("open", "past_due")
MAX_QUANTITY: Final = 100
ITEM_KEYS: Final = frozenset({"price_variant", "quantity"})

CHECKOUTS = ResourceSpec(
    kind="checkout",
    path="checkouts",
    expand={"customer": expand_ref("customer", "customer")},
)

CHECKOUT_LINKS = ResourceSpec(
    kind="checkout_link",
    path="checkout_links",
    expand={
        "discount": expand_ref("discount", "discount"),
        "price_variants": expand_ref("price_variants", "price_variant"),
    },
)

CHECKOUT_SCHEMA: Final = {
    "line_items": Field("list", items="object"),
    "invoice": Field(),
    "customer": Field(),
    "discount": Field(),
}
COMPLETE_SCHEMA: Final = {
    "customer": Field(),
    "email": Field("email", max_length=254),
    "name": Field(max_length=200),
}

Items = list[tuple[Record, int]]


# ----- checkouts ---------------------------------------------------------------


def _parse_items(problems: Problems, store: Store, raw: list[Any]) -> Items:
    if not raw:
        problems.add("line_items", "required", "give at least one line item")
        return []
    items: Items = []
    for index, entry in enumerate(raw):
        where = f"line_items[{index}]"
        for key in entry:
            if key not in ITEM_KEYS:
                raise invalid_request(
                    "parameter_unknown",
                    f"Received unknown parameter: {where}.{key}",
                    param=f"{where}.{key}",
                )
        ident = entry.get("price_variant")
        if not isinstance(ident, str) or not ident:
            problems.add(f"{where}.price_variant", "required", "price_variant needed")
            continue
        variant = store.get("price_variant", ident)
        if variant is None:
            raise missing_reference("price_variant", ident, param=f"{where}.price_variant")
        if variant["archived"]:
            problems.add(f"{where}.price_variant", "invalid", "this price variant is archived")
        quantity = entry.get("quantity", 1)
        if (
            not isinstance(quantity, int)
            or isinstance(quantity, bool)
            or not 1 <= quantity <= MAX_QUANTITY
        ):
            problems.add(
                f"{where}.quantity",
                "invalid",
                f"quantity must be an integer from 1 to {MAX_QUANTITY}",
            )
            continue
        items.append((variant, quantity))
    check_one_kind(problems, "line_items", [v for v, _ in items])
    return items


def _find_discount(store: Store, ident: str) -> Record:
    found = store.get("discount", ident) or find_by_code(store, ident)
    if found is None:
        raise missing_reference("discount", ident, param="discount")
    return found


def _discount_amount(problems: Problems, discount: Record, items: Items) -> int:
    if discount["status"] != "active":
        problems.add("discount", "invalid", f"discount is {discount['status']}")
        return 0
    limited = set(discount["price_variants"])
    eligible = sum(unit_amount(v) * q for v, q in items if not limited or v["id"] in limited)
    if limited and not any(v["id"] in limited for v, _ in items):
        problems.add("discount", "invalid", "discount applies to none of the items")
        return 0
    if discount["amount_off"] is not None:
        if items and discount["currency"] != items[0][0]["currency"]:
            problems.add("discount", "invalid", f"discount is in {discount['currency']}")
            return 0
        return int(min(discount["amount_off"], eligible))
    return int(round(eligible * discount["percent_off"] / 100))


def _price(checkout: Record, items: Items, discount_off: int) -> None:
    """Write items and totals onto ``checkout``."""
    checkout["checkout_items"] = [
        {
            "object": "checkout_item",
            "price_variant": v["id"],
            "product": v["product"],
            "quantity": q,
            "amount": unit_amount(v),
        }
        for v, q in items
    ]
    subtotal = sum(unit_amount(v) * q for v, q in items)
    checkout["currency"] = items[0][0]["currency"] if items else None
    checkout["mode"] = "subscription" if any(is_recurring(v) for v, _ in items) else "payment"
    checkout["subtotal"] = subtotal
    checkout["discount_amount"] = discount_off
    checkout["total"] = subtotal - discount_off


def _items_of(store: Store, checkout: Record) -> Items:
    items: Items = []
    for entry in checkout["checkout_items"]:
        variant = store.get("price_variant", entry["price_variant"])
        if variant is not None:
            items.append((variant, entry["quantity"]))
    return items


def _configure(call: Call, checkout: Record, values: dict[str, Any], problems: Problems) -> None:
    """Apply customer / line_items / discount from ``values`` and re-price."""
    store = call.store
    if values.get("customer"):
        customer = CUSTOMERS.reference(store, values["customer"], param="customer")
        checkout["customer"] = customer["id"]
    elif "customer" in values:
        checkout["customer"] = None
    items = (
        _parse_items(problems, store, values["line_items"])
        if "line_items" in values
        else _items_of(store, checkout)
    )
    discount = None
    if values.get("discount"):
        discount = _find_discount(store, values["discount"])
    elif "discount" not in values and checkout["discount"]:
        discount = store.get("discount", checkout["discount"])
    off = _discount_amount(problems, discount, items) if discount else 0
    problems.raise_if_any()
    checkout["discount"] = discount["id"] if discount else None
    _price(checkout, items, off)


def _new_checkout(store: Store) -> Record:
    new_id = store.new_id("checkout")
    now = store.now()
    return {
        "id": new_id,
        "object": "checkout",
        "status": "open",
        "mode": "payment",
        "currency": None,
        "subtotal": 0,
        "discount_amount": 0,
        "total": 0,
        "client_secret": f"{new_id}_secret_sandbox",
        "checkout_items": [],
        "customer": None,
        "discount": None,
        "invoice": None,
        "order": None,
        "url": f"{storefront(store)}/checkout/{new_id}",
        "created_at": now,
        "updated_at": now,
    }


def create_checkout(call: Call) -> Record:
    store = call.store
    problems = Problems()
    values = problems.check(call.body, CHECKOUT_SCHEMA)
    if "invoice" in values and "line_items" in values:
        problems.add("invoice", "invalid", "give line_items or invoice, not both")
    elif "invoice" not in values and "line_items" not in values:
        problems.add("line_items", "required", "give line_items or an invoice")
    problems.raise_if_any()
    checkout = _new_checkout(store)
    if values.get("invoice"):
        invoice = INVOICES.reference(store, values["invoice"], param="invoice")
        if invoice["status"] not in PAYABLE_INVOICE:
            raise invalid_request(
                "invoice_not_payable",
                f"Invoice '{invoice['id']}' is {invoice['status']} and cannot be paid",
                param="invoice",
            )
        if values.get("discount"):
            problems.add("discount", "invalid", "an invoice is paid in full")
        problems.raise_if_any()
        variant = PRICE_VARIANTS.reference(store, invoice["price_variant"], param="invoice")
        checkout["invoice"] = invoice["id"]
        checkout["customer"] = invoice["customer"]
        _price(checkout, [(variant, 1)], 0)
        # The invoice fixes the amount even if the variant's price moved since.
        checkout["checkout_items"][0]["amount"] = invoice["amount"]
        checkout["subtotal"] = checkout["total"] = invoice["amount"]
        return checkout
    _configure(call, checkout, values, problems)
    return checkout


def _require_open(checkout: Record) -> None:
    if checkout["status"] != "open":
        raise invalid_request(
            "checkout_not_open",
            f"Checkout '{checkout['id']}' is {checkout['status']}; only open checkouts can change",
        )


def update_checkout(call: Call, checkout: Record) -> None:
    _require_open(checkout)
    problems = Problems()
    values = problems.check(call.body, {k: v for k, v in CHECKOUT_SCHEMA.items() if k != "invoice"})
    if checkout["invoice"] and ("line_items" in values or "discount" in values):
        problems.add("line_items", "invalid", "an invoice checkout's items are fixed")
    if "line_items" in values and not values["line_items"]:
        problems.add("line_items", "required", "give at least one line item")
    problems.raise_if_any()
    _configure(call, checkout, values, problems)


def _buyer(call: Call, checkout: Record, values: dict[str, Any]) -> Record:
    store = call.store
    if values.get("customer"):
        return CUSTOMERS.reference(store, values["customer"], param="customer")
    if checkout["customer"]:
        found = store.get("customer", checkout["customer"])
        if found is not None:
            return found
    if values.get("email"):
        existing = find_by_email(store, values["email"])
        if existing is not None:
            return existing
        customer = customer_record(
            id=store.new_id("customer"),
            email=values["email"],
            name=values.get("name"),
            created_at=store.now(),
            currency=checkout["currency"] or "usd",
        )
        store.put(customer)
        CUSTOMERS.emit(store, customer, "created")
        return customer
    problems = Problems()
    problems.add("customer", "required", "the checkout has no customer; give one")
    problems.raise_if_any()
    raise AssertionError("unreachable")  # raise_if_any raised above


def complete_checkout(call: Call, checkout: Record) -> None:
    """Sandbox-only: act as if the buyer paid, making the order."""
    store = call.store
    _require_open(checkout)
    values = Problems().check(call.body, COMPLETE_SCHEMA)
    invoice = store.get("invoice", checkout["invoice"]) if checkout["invoice"] else None
    if invoice is not None and invoice["status"] not in PAYABLE_INVOICE:
        raise invalid_request(
            "invoice_not_payable",
            f"Invoice '{invoice['id']}' is {invoice['status']} and cannot be paid",
        )
    customer = _buyer(call, checkout, values)
    now = store.now()
    total = checkout["total"]
    order = order_record(
        id=store.new_id("order"),
        customer=customer["id"],
        currency=checkout["currency"] or customer["currency"],
        created_at=now,
        processor="stripe" if total else "free",
        checkout=checkout["id"],
    )
    for entry in checkout["checkout_items"]:
        variant = store.get("price_variant", entry["price_variant"])
        if variant is not None:
            add_line_item(
                store,
                order,
                id=store.new_id("order_item"),
                variant=variant,
                quantity=entry["quantity"],
                unit=entry["amount"],
            )
    order["amount"] = total  # line items list prices; the order is what was paid
    store.put(order)
    store.refresh()
    ORDERS.emit(store, order, "created")
    if invoice is not None:
        invoice.update(status="paid", paid_at=now, order=order["id"], updated_at=now)
        if invoice["customer"] is None:
            invoice["customer"] = customer["id"]
        INVOICES.emit(store, invoice, "paid")
    for variant, quantity in _items_of(store, checkout):
        if variant["billing_type"] == "subscription":
            trial = variant["trial_period_days"]
            sub = subscription_record(
                id=store.new_id("subscription"),
                customer=customer["id"],
                price_variant=variant["id"],
                status="trialing" if trial else "active",
                created_at=now,
                current_period_start=now,
                current_period_end=None,
                quantity=quantity,
            )
            store.put(sub)
            SUBSCRIPTIONS.emit(store, sub, "created")
    if checkout["discount"]:
        discount = store.get("discount", checkout["discount"])
        if discount is not None:
            discount["times_redeemed"] += 1
            discount["destroyable"] = False
    if customer["customer_type"] != "paid":
        customer["customer_type"] = "paid" if total else "free"
    checkout.update(status="complete", order=order["id"], customer=customer["id"])


# ----- checkout links ------------------------------------------------------------

LINK_SCHEMA: Final = {
    "name": Field(max_length=200),
    "price_variants": Field("list", items="string", required=True),
    "success_url": Field("url", max_length=2000),
    "allow_discount_codes": Field("boolean", nullable=False),
    "discount": Field(),
    "metadata": Field("object"),
}


def _check_link(problems: Problems, store: Store, values: dict[str, Any]) -> None:
    if "price_variants" in values:
        variants: list[Record] = []
        if not values["price_variants"]:
            problems.add("price_variants", "required", "give at least one")
        for index, ident in enumerate(values["price_variants"]):
            variant = store.get("price_variant", ident)
            if variant is None:
                raise missing_reference("price_variant", ident, param=f"price_variants[{index}]")
            variants.append(variant)
        check_one_kind(problems, "price_variants", variants)
    if values.get("discount"):
        values["discount"] = DISCOUNTS.reference(store, values["discount"], param="discount")["id"]
    metadata = values.get("metadata") or {}
    if len(metadata) > 50 or not all(
        isinstance(v, str) and len(v) <= 500 for v in metadata.values()
    ):
        problems.add("metadata", "invalid", "metadata holds up to 50 string values")


def create_link(call: Call) -> Record:
    store = call.store
    problems = Problems()
    values = problems.check(call.body, LINK_SCHEMA)
    _check_link(problems, store, values)
    problems.raise_if_any()
    new_id, now = store.new_id("checkout_link"), store.now()
    return {
        "id": new_id,
        "object": "checkout_link",
        "name": values.get("name"),
        "price_variants": values["price_variants"],
        "success_url": values.get("success_url"),
        "allow_discount_codes": values.get("allow_discount_codes", True),
        "discount": values.get("discount"),
        "metadata": values.get("metadata") or {},
        "url": f"{storefront(store)}/l/{new_id}",
        "created_at": now,
        "updated_at": now,
    }


def update_link(call: Call, link: Record) -> None:
    problems = Problems()
    values = problems.check(call.body, LINK_SCHEMA, partial=True)
    _check_link(problems, call.store, values)
    problems.raise_if_any()
    if "metadata" in values:
        values["metadata"] = values["metadata"] or {}
    link.update(values)


def routes() -> list[Route]:
    return [
        *CHECKOUTS.routes(list_=False, create=create_checkout, update=update_checkout),
        CHECKOUTS.action("complete", complete_checkout, event_action="completed", takes_body=True),
        *CHECKOUT_LINKS.routes(
            create=create_link, update=update_link, delete=lambda call, link: None
        ),
    ]
