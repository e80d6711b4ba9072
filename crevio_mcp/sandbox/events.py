"""Webhook event types: those the sandbox records, and those Crevio documents.

Endpoints may subscribe to any of these (or ``*``). The sandbox records an
event for each write it performs; the documented-only types (``lead.created``,
``order.paid``, ...) are accepted in subscriptions but never recorded here.
"""

from __future__ import annotations

from typing import Final

RECORDED_EVENT_TYPES: Final = (
    "checkout.completed",
    "checkout.created",
    "checkout.updated",
    "checkout_link.created",
    "checkout_link.deleted",
    "checkout_link.updated",
    "customer.created",
    "customer.updated",
    "discount.created",
    "discount.deleted",
    "discount.updated",
    "email.sent",
    "file.created",
    "file.deleted",
    "invoice.created",
    "invoice.paid",
    "invoice.voided",
    "legal_page.updated",
    "order.created",
    "price_variant.archived",
    "price_variant.created",
    "price_variant.updated",
    "product.created",
    "product.deleted",
    "product.updated",
    "refund.created",
    "review.created",
    "review.deleted",
    "review.updated",
    "subscription.canceled",
    "subscription.created",
    "subscription.paused",
    "subscription.resumed",
    "x402_configuration.updated",
)

# Named in Crevio's webhook guide but not produced by any sandbox write.
DOCUMENTED_ONLY_EVENT_TYPES: Final = (
    "customer.confirmed",
    "invoice.past_due",
    "lead.created",
    "order.paid",
)

EVENT_TYPES: Final = tuple(sorted(RECORDED_EVENT_TYPES + DOCUMENTED_ONLY_EVENT_TYPES))
