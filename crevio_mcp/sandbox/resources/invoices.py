"""Invoices: one buyer billed for one price variant; paid through a checkout."""

from __future__ import annotations

from typing import Final

from ..errors import invalid_request
from ..resource import Filter, ResourceSpec, expand_ref
from ..routing import Call, Route
from ..store import Record, Store
from ..validation import Field, Problems
from .catalog import PRICE_VARIANTS
from .customers import CUSTOMERS

INVOICE_STATUSES: Final = ("open", "paid", "past_due", "void")
COLLECTION_METHODS: Final = ("send_invoice", "charge_automatically")

INVOICES = ResourceSpec(
    kind="invoice",
    path="invoices",
    filters={"status": Filter(choices=INVOICE_STATUSES), "customer": Filter()},
    expand={
        "customer": expand_ref("customer", "customer"),
        "price_variant": expand_ref("price_variant", "price_variant"),
        "order": expand_ref("order", "order"),
    },
)

INVOICE_SCHEMA: Final = {
    "price_variant": Field(required=True),
    "customer": Field(),
    "customer_name": Field(max_length=200),
    "email_address": Field("email", max_length=254),
    "due_at": Field("datetime"),
    "description": Field(max_length=500),
    "collection_method": Field(choices=COLLECTION_METHODS, nullable=False),
}


def next_number(store: Store) -> str:
    taken = [int(i["number"].split("-")[1]) for i in store.all("invoice")]
    return f"INV-{max(taken, default=0) + 1:04d}"


def invoice_record(
    store: Store,
    *,
    id: str,
    variant: Record,
    customer_name: str,
    email_address: str,
    created_at: str,
    customer: str | None = None,
    status: str = "open",
    due_at: str | None = None,
    description: str | None = None,
    collection_method: str = "send_invoice",
) -> Record:
    return {
        "id": id,
        "object": "invoice",
        "number": next_number(store),
        "status": status,
        "description": description,
        "customer_name": customer_name,
        "email_address": email_address,
        "due_at": due_at,
        "amount": variant["amount"],
        "currency": variant["currency"],
        "paid_at": None,
        "collection_method": collection_method,
        "price_variant": variant["id"],
        "customer": customer,
        "order": None,
        "created_at": created_at,
        "updated_at": created_at,
    }


def create_invoice(call: Call) -> Record:
    store = call.store
    problems = Problems()
    values = problems.check(call.body, INVOICE_SCHEMA)
    customer = None
    if values.get("customer"):
        if "customer_name" in values or "email_address" in values:
            problems.add(
                "customer",
                "invalid",
                "give either customer or customer_name with email_address, not both",
            )
        else:
            customer = CUSTOMERS.reference(store, values["customer"], param="customer")
    elif not problems.has("email_address") and not problems.has("customer_name"):
        for name in ("customer_name", "email_address"):
            if not values.get(name):
                problems.add(name, "required", f"{name} is required when customer is not given")
    if values.get("collection_method") == "charge_automatically" and customer is None:
        problems.add(
            "collection_method",
            "invalid",
            "charge_automatically needs an existing customer with a saved card",
        )
    due = values.get("due_at")
    now = store.now()
    if due is not None and due <= now:
        problems.add("due_at", "invalid", f"due_at must be in the future (after {now})")
    variant = None
    if values.get("price_variant"):
        variant = PRICE_VARIANTS.reference(store, values["price_variant"], param="price_variant")
        if variant["archived"]:
            problems.add("price_variant", "invalid", "an archived price variant cannot be billed")
    problems.raise_if_any()
    assert variant is not None  # price_variant is required, checked above
    return invoice_record(
        store,
        id=store.new_id("invoice"),
        variant=variant,
        customer=customer["id"] if customer else None,
        customer_name=customer["name"] or customer["email"]
        if customer
        else values["customer_name"],
        email_address=customer["email"] if customer else values["email_address"],
        created_at=now,
        due_at=due,
        description=values.get("description"),
        collection_method=values.get("collection_method") or "send_invoice",
    )


def void_invoice(call: Call, invoice: Record) -> None:
    if invoice["status"] == "void":
        raise invalid_request("invoice_already_void", f"Invoice '{invoice['id']}' is already void")
    # Voiding is allowed in any other status; orders already made stay.
    invoice["status"] = "void"


def routes() -> list[Route]:
    return [
        *INVOICES.routes(create=create_invoice),
        INVOICES.action("void", void_invoice, event_action="voided"),
    ]
