"""Deterministic seed data: the same ``seed`` always gives the same store.

Nothing here reads the wall clock: every timestamp is an offset back from
``REFERENCE_TIME`` (2026-11-30T12:00:00Z). A few well-known objects get fixed,
readable IDs (see ``constants``) so that demos, docs and tests can name them
whatever the seed; everything else gets IDs from generators seeded with it.
"""

from __future__ import annotations

from ..store import Store
from .billing import Billing, seed_billing
from .commerce import Commerce
from .constants import (
    ACCOUNT_EMAIL,
    ACCOUNT_ID,
    ACCOUNT_NAME,
    ACCOUNT_SUBDOMAIN,
    CUSTOMER_COUNT,
    DEMO_BLOG_POST_SLUG,
    DEMO_CUSTOMER_EMAIL,
    DEMO_CUSTOMER_ID,
    DEMO_CUSTOMER_NAME,
    DEMO_DISCOUNT_CODE,
    DEMO_DISCOUNT_ID,
    DEMO_EXPERIENCE_ID,
    DEMO_EXPERIENCE_SLUG,
    DEMO_OPEN_INVOICE_ID,
    DEMO_ORDER_ID,
    DEMO_PAID_INVOICE_ID,
    DEMO_PARTIALLY_REFUNDED_ORDER_ID,
    DEMO_PAUSED_SUBSCRIPTION_ID,
    DEMO_PENDING_ORDER_ID,
    DEMO_PRODUCT_ID,
    DEMO_PRODUCT_NAME,
    DEMO_PRODUCT_SLUG,
    DEMO_REFUNDED_ORDER_ID,
    DEMO_SUBSCRIPTION_ID,
    DEMO_VOID_INVOICE_ID,
    INJECTION_REVIEW_CONTENT,
    INJECTION_REVIEW_ID,
    LEGAL_PAGE_SLUGS,
    ORDER_COUNT,
    PRODUCT_COUNT,
    UNUSED_DISCOUNT_CODE,
    UNUSED_DISCOUNT_ID,
)
from .content import Content, seed_content


def seed_store(store: Store) -> None:
    """Fill an empty store with the data for ``store.seed``."""
    commerce = Commerce.for_store(store, "commerce")
    commerce.account()
    commerce.products()
    customers = commerce.customers()
    commerce.orders(customers)
    commerce.customer_types(customers)
    seed_billing(Billing.for_store(store, "billing"))
    seed_content(Content.for_store(store, "content"))


__all__ = [
    "ACCOUNT_EMAIL",
    "ACCOUNT_ID",
    "ACCOUNT_NAME",
    "ACCOUNT_SUBDOMAIN",
    "CUSTOMER_COUNT",
    "DEMO_BLOG_POST_SLUG",
    "DEMO_CUSTOMER_EMAIL",
    "DEMO_CUSTOMER_ID",
    "DEMO_CUSTOMER_NAME",
    "DEMO_DISCOUNT_CODE",
    "DEMO_DISCOUNT_ID",
    "DEMO_EXPERIENCE_ID",
    "DEMO_EXPERIENCE_SLUG",
    "DEMO_OPEN_INVOICE_ID",
    "DEMO_ORDER_ID",
    "DEMO_PAID_INVOICE_ID",
    "DEMO_PARTIALLY_REFUNDED_ORDER_ID",
    "DEMO_PAUSED_SUBSCRIPTION_ID",
    "DEMO_PENDING_ORDER_ID",
    "DEMO_PRODUCT_ID",
    "DEMO_PRODUCT_NAME",
    "DEMO_PRODUCT_SLUG",
    "DEMO_REFUNDED_ORDER_ID",
    "DEMO_SUBSCRIPTION_ID",
    "DEMO_VOID_INVOICE_ID",
    "INJECTION_REVIEW_CONTENT",
    "INJECTION_REVIEW_ID",
    "LEGAL_PAGE_SLUGS",
    "ORDER_COUNT",
    "PRODUCT_COUNT",
    "UNUSED_DISCOUNT_CODE",
    "UNUSED_DISCOUNT_ID",
    "seed_store",
]
