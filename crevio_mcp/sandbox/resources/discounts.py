"""Discount codes: percent or fixed amount (never both), unique per account."""

from __future__ import annotations

import re
from typing import Any, Final

from ..errors import invalid_request
from ..resource import Filter, ResourceSpec, expand_ref
from ..routing import Call, Route
from ..store import Record, Store
from ..validation import Field, Problems, iso
from .common import CURRENCIES

DISCOUNT_STATUSES: Final = ("active", "expired", "scheduled")
DURATIONS: Final = ("once", "forever", "repeating")
DISCOUNT_TYPES: Final = ("percent_off", "amount_off")
CODE_RE: Final = re.compile(r"^[A-Za-z0-9_-]+$")

DISCOUNTS = ResourceSpec(
    kind="discount",
    path="discounts",
    filters={"status": Filter(choices=DISCOUNT_STATUSES)},
    expand={"price_variants": expand_ref("price_variants", "price_variant")},
)

DISCOUNT_SCHEMA: Final = {
    "code": Field(required=True, max_length=50),
    "discount_type": Field(choices=DISCOUNT_TYPES),
    "percent_off": Field("number", minimum=1, maximum=100),
    "amount_off": Field("integer", minimum=1),
    "currency": Field(choices=CURRENCIES),
    "duration": Field(choices=DURATIONS, nullable=False),
    "duration_in_months": Field("integer", minimum=1, maximum=36),
    "starts_at": Field("datetime"),
    "redeem_by": Field("datetime"),
    "max_redemptions": Field("integer", minimum=1),
    "price_variants": Field("list", items="string"),
}


def discount_status(discount: Record, now: str) -> str:
    """Status follows from dates and use, so it is computed, never set."""
    if discount["starts_at"] and discount["starts_at"] > now:
        return "scheduled"
    if discount["redeem_by"] and discount["redeem_by"] <= now:
        return "expired"
    limit = discount["max_redemptions"]
    if limit is not None and discount["times_redeemed"] >= limit:
        return "expired"
    return "active"


def refresh_statuses(store: Store) -> None:
    now = iso(store.now_datetime())
    for discount in store.all("discount"):
        discount["status"] = discount_status(discount, now)


def discount_record(*, id: str, code: str, created_at: str, **fields: Any) -> Record:
    record: Record = {
        "id": id,
        "object": "discount",
        "code": code,
        "status": "active",
        "discount_type": "percent_off",
        "percent_off": None,
        "amount_off": None,
        "currency": None,
        "duration": "once",
        "duration_in_months": None,
        "starts_at": None,
        "redeem_by": None,
        "max_redemptions": None,
        "times_redeemed": 0,
        # Seen on the old discount object: whether DELETE is allowed. The sandbox's reading
        # is that a code somebody used is kept (delete_discount below refuses it).
        "destroyable": True,
        "price_variants": [],
        "created_at": created_at,
        "updated_at": created_at,
    }
    record.update(fields)
    record["discount_type"] = "amount_off" if record["amount_off"] is not None else "percent_off"
    record["destroyable"] = record["times_redeemed"] == 0
    return record


def find_by_code(store: Store, code: str) -> Record | None:
    wanted = code.casefold()
    for discount in store.all("discount"):
        if discount["code"].casefold() == wanted:
            return discount
    return None


def _check(problems: Problems, store: Store, merged: Record, given: set[str]) -> None:
    code = merged["code"]
    if "code" in given and isinstance(code, str):
        if not CODE_RE.match(code):
            problems.add("code", "invalid", "code may hold letters, digits, - and _")
        holder = find_by_code(store, code)
        if holder is not None and holder["id"] != merged["id"]:
            problems.add("code", "taken", f"code '{code}' is already in use")
    percent, amount = merged["percent_off"], merged["amount_off"]
    if percent is not None and amount is not None:
        problems.add(
            "amount_off" if "amount_off" in given else "percent_off",
            "invalid",
            "a discount is either percent_off or amount_off, never both",
        )
    elif percent is None and amount is None:
        problems.add("percent_off", "required", "give percent_off or amount_off")
    wanted_type = merged.get("_requested_type")
    if wanted_type and (merged[wanted_type] is None):
        problems.add("discount_type", "invalid", f"discount_type {wanted_type} needs it")
    if amount is not None and merged["currency"] is None:
        problems.add("currency", "required", "a fixed amount_off needs a currency")
    if percent is not None and merged["currency"] is not None and "currency" in given:
        problems.add("currency", "invalid", "currency applies only to amount_off")
    if merged["duration"] == "repeating" and merged["duration_in_months"] is None:
        problems.add("duration_in_months", "required", "a repeating discount needs months")
    if merged["duration"] != "repeating" and merged["duration_in_months"] is not None:
        problems.add("duration_in_months", "invalid", "only repeating discounts take months")
    start, end = merged["starts_at"], merged["redeem_by"]
    if start and end and end <= start:
        problems.add("redeem_by", "invalid", "redeem_by must be after starts_at")
    for index, ident in enumerate(merged["price_variants"] or []):
        if store.get("price_variant", ident) is None:
            problems.add(
                f"price_variants[{index}]",
                "invalid",
                f"No such price variant: '{ident}'",
            )


def create_discount(call: Call) -> Record:
    store = call.store
    problems = Problems()
    values = problems.check(call.body, DISCOUNT_SCHEMA)
    requested = values.pop("discount_type", None)
    record = discount_record(id=store.new_id("discount"), code="", created_at=store.now())
    record.update(values)
    record["price_variants"] = record["price_variants"] or []
    _check(problems, store, {**record, "_requested_type": requested}, set(values))
    problems.raise_if_any()
    record["discount_type"] = "amount_off" if record["amount_off"] is not None else "percent_off"
    return record


def update_discount(call: Call, discount: Record) -> None:
    problems = Problems()
    values = problems.check(call.body, DISCOUNT_SCHEMA, partial=True)
    requested = values.pop("discount_type", None)
    merged = {**discount, **values, "_requested_type": requested}
    _check(problems, call.store, merged, set(values))
    problems.raise_if_any()
    discount.update(values)
    discount["price_variants"] = discount["price_variants"] or []
    discount["discount_type"] = (
        "amount_off" if discount["amount_off"] is not None else "percent_off"
    )


def delete_discount(call: Call, discount: Record) -> None:
    if discount["times_redeemed"] > 0:
        raise invalid_request(
            "discount_in_use",
            f"Discount '{discount['code']}' has been redeemed "
            f"{discount['times_redeemed']} times and cannot be deleted; "
            "set redeem_by to end it instead",
        )


def routes() -> list[Route]:
    return DISCOUNTS.routes(create=create_discount, update=update_discount, delete=delete_discount)
