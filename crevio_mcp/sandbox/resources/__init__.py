"""Per-resource route tables, gathered in one list for the app."""

from __future__ import annotations

from ..routing import Route
from . import account, catalog, customers, sales


def all_routes() -> list[Route]:
    return [
        *account.routes(),
        *catalog.routes(),
        *sales.routes(),
        *customers.routes(),
    ]
