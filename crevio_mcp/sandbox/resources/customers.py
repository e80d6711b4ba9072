"""Customers (store members), unique by email within the account."""

from __future__ import annotations

from typing import Final

from ..resource import Filter, ResourceSpec
from ..routing import Call, Route
from ..store import Record, Store
from ..validation import Field, Problems
from .common import account

CUSTOMER_TYPES: Final = ("lead", "free", "paid")


def _matches_query(record: Record, text: str) -> bool:
    needle = text.casefold()
    return any(needle in (record.get(f) or "").casefold() for f in ("name", "email"))


CUSTOMERS = ResourceSpec(
    kind="customer",
    path="customers",
    filters={
        "email": Filter(match=lambda r, v: str(r["email"]).casefold() == v.strip().casefold()),
        "query": Filter(match=_matches_query),
        "customer_type": Filter(choices=CUSTOMER_TYPES),
    },
)

CUSTOMER_SCHEMA: Final = {
    "email": Field("email", required=True, max_length=254),
    "name": Field(max_length=200),
    "first_name": Field(max_length=100),
    "last_name": Field(max_length=100),
    "phone_number": Field(max_length=40),
    "customer_type": Field(choices=CUSTOMER_TYPES, nullable=False),
}


def customer_record(
    *,
    id: str,
    email: str,
    created_at: str,
    currency: str,
    name: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    phone_number: str | None = None,
    customer_type: str = "lead",
    confirmed_at: str | None = None,
) -> Record:
    if name is None and (first_name or last_name):
        name = " ".join(p for p in (first_name, last_name) if p)
    return {
        "id": id,
        "object": "customer",
        "email": email,
        "name": name,
        "first_name": first_name,
        "last_name": last_name,
        "phone_number": phone_number,
        "customer_type": customer_type,
        "orders_count": 0,
        "total_spend": 0,
        "currency": currency,
        "confirmed_at": confirmed_at,
        "created_at": created_at,
        "updated_at": created_at,
    }


def find_by_email(store: Store, email: str) -> Record | None:
    wanted = email.casefold()
    for record in store.all("customer"):
        if str(record["email"]).casefold() == wanted:
            return record
    return None


def _check_email_free(
    problems: Problems, store: Store, email: str, own_id: str | None = None
) -> None:
    holder = find_by_email(store, email)
    if holder is not None and holder["id"] != own_id:
        problems.add("email", "taken", "a customer with this email already exists")


def create_customer(call: Call) -> Record:
    store = call.store
    problems = Problems()
    values = problems.check(call.body, CUSTOMER_SCHEMA)
    if "email" in values:
        _check_email_free(problems, store, values["email"])
    problems.raise_if_any()
    return customer_record(
        id=store.new_id("customer"),
        created_at=store.now(),
        currency=account(store)["default_currency"],
        **values,
    )


def update_customer(call: Call, customer: Record) -> None:
    problems = Problems()
    values = problems.check(call.body, CUSTOMER_SCHEMA, partial=True)
    if "email" in values:
        _check_email_free(problems, call.store, values["email"], customer["id"])
    problems.raise_if_any()
    customer.update(values)
    if "name" not in values and {"first_name", "last_name"} & set(values):
        parts = (customer["first_name"], customer["last_name"])
        customer["name"] = " ".join(p for p in parts if p) or None


def routes() -> list[Route]:
    return CUSTOMERS.routes(create=create_customer, update=update_customer)
