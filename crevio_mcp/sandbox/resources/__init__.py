"""Per-resource route tables, gathered in one list for the app."""

from __future__ import annotations

from ..routing import Route
from . import (
    account,
    catalog,
    checkouts,
    content,
    customers,
    developer,
    discounts,
    files,
    invoices,
    messaging,
    sales,
    subscriptions,
)


def all_routes() -> list[Route]:
    return [
        *account.routes(),
        *catalog.routes(),
        *sales.routes(),
        *customers.routes(),
        *subscriptions.routes(),
        *invoices.routes(),
        *checkouts.routes(),
        *discounts.routes(),
        *content.routes(),
        *files.routes(),
        *messaging.routes(),
        *developer.routes(),
    ]
