"""Subscriptions and their state machine (pause, resume, cancel)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from ..errors import invalid_state
from ..resource import Filter, ResourceSpec, Updater, expand_ref
from ..routing import Call, Route
from ..store import Record

SUBSCRIPTION_STATUSES: Final = (
    "active",
    "canceled",
    "paused",
    "past_due",
    "unpaid",
    "incomplete",
    "trialing",
)

# action -> (statuses it may start from, status it leads to). Cancel is allowed
# from every live state, as with Stripe; the brief's minimum is active, paused
# and past_due.
TRANSITIONS: Final[Mapping[str, tuple[tuple[str, ...], str]]] = {
    "pause": (("active",), "paused"),
    "resume": (("paused",), "active"),
    "cancel": (
        ("active", "paused", "past_due", "trialing", "unpaid", "incomplete"),
        "canceled",
    ),
}
EVENT_ACTION: Final = {"pause": "paused", "resume": "resumed", "cancel": "canceled"}

SUBSCRIPTIONS = ResourceSpec(
    kind="subscription",
    path="subscriptions",
    filters={
        "status": Filter(choices=SUBSCRIPTION_STATUSES),
        "customer": Filter(),
        "price_variant": Filter(),
    },
    expand={
        "customer": expand_ref("customer", "customer"),
        "price_variant": expand_ref("price_variant", "price_variant"),
    },
)


def subscription_record(
    *,
    id: str,
    customer: str,
    price_variant: str,
    status: str,
    created_at: str,
    current_period_start: str | None,
    current_period_end: str | None,
    quantity: int = 1,
    trial_ends_at: str | None = None,
    canceled_at: str | None = None,
) -> Record:
    return {
        "id": id,
        "object": "subscription",
        "status": status,
        "customer": customer,
        "price_variant": price_variant,
        "quantity": quantity,
        "current_period_start": current_period_start,
        "current_period_end": current_period_end,
        "trial_ends_at": trial_ends_at,
        "ends_at": canceled_at,
        "canceled": status == "canceled",
        "paused": status == "paused",
        "canceled_at": canceled_at,
        "created_at": created_at,
        "updated_at": canceled_at or created_at,
    }


def _transition(action: str) -> Updater:
    sources, target = TRANSITIONS[action]

    def perform(call: Call, sub: Record) -> None:
        if sub["status"] not in sources:
            raise invalid_state(
                f"Cannot {action} subscription '{sub['id']}': it is "
                f"{sub['status']}; {action} needs status " + " or ".join(sources)
            )
        sub["status"] = target
        sub["paused"] = target == "paused"
        if target == "canceled":
            now = call.store.now()
            sub["canceled"], sub["canceled_at"], sub["ends_at"] = True, now, now

    return perform


def routes() -> list[Route]:
    return [
        *SUBSCRIPTIONS.routes(),
        *(
            SUBSCRIPTIONS.action(name, _transition(name), event_action=EVENT_ACTION[name])
            for name in TRANSITIONS
        ),
    ]
