"""Transactional email to a customer. Nothing is delivered: mail lands in the outbox."""

from __future__ import annotations

import copy
from typing import Final

from ..resource import ResourceSpec
from ..routing import Call, Reply, Route, ok
from ..store import Record
from ..validation import EMAIL_RE, Field, Problems
from .customers import find_by_email

EMAILS = ResourceSpec(kind="email", path="emails", event_prefix="email")

EMAIL_SCHEMA: Final = {
    "to": Field(required=True, max_length=254),
    "subject": Field(required=True, max_length=200),
    "body": Field(required=True, max_length=100_000),
    "reply_to": Field("email", max_length=254),
}


def send_email(call: Call) -> Reply:
    store = call.store
    problems = Problems()
    values = problems.check(call.body, EMAIL_SCHEMA)
    customer: Record | None = None
    to = values.get("to")
    if isinstance(to, str):
        if to.startswith("cus_"):
            customer = store.get("customer", to)
        elif EMAIL_RE.match(to):
            customer = find_by_email(store, to)
        else:
            problems.add("to", "invalid", "to must be a customer's email or cus_ id")
        if customer is None and not problems.has("to"):
            # Mail only goes to the store's own customers, never to strangers.
            problems.add("to", "unknown_recipient", f"No customer matches '{to}'")
    problems.raise_if_any()
    assert customer is not None  # every other case raised just above
    email: Record = {
        "id": store.new_id("email"),
        "object": "email",
        "to": customer["email"],
        "customer": customer["id"],
        "subject": values["subject"],
        "status": "sent",
        "created_at": store.now(),
    }
    store.put(email)
    store.outbox.append({**email, "body": values["body"], "reply_to": values.get("reply_to")})
    EMAILS.emit(store, email, "sent")
    return ok(copy.deepcopy(email), 201)


def routes() -> list[Route]:
    return [Route("POST", "/emails", send_email)]
