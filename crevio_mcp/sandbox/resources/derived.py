"""Counters and ID lists kept on records, recomputed after every write.

Recomputing everything is cheap at sandbox scale and cannot drift, unlike
incremental bookkeeping spread over every handler.
"""

from __future__ import annotations

from collections import defaultdict

from ..store import Record, Store
from .discounts import refresh_statuses

# Orders that count as purchases for a customer's totals.
PAID_STATUSES = ("succeeded", "partially_refunded", "refunded")


def refresh_derived(store: Store) -> None:
    variants: dict[str, list[Record]] = defaultdict(list)
    for variant in store.all("price_variant"):
        variants[variant["product"]].append(variant)
    ratings: dict[str, list[int]] = defaultdict(list)
    for review in store.all("review"):
        ratings[review["product"]].append(review["rating"])
    for product in store.all("product"):
        mine = sorted(variants[product["id"]], key=lambda v: (v["position"], v["created_at"]))
        product["price_variants"] = [v["id"] for v in mine]
        stars = ratings[product["id"]]
        product["reviews_count"] = len(stars)
        product["average_rating"] = round(sum(stars) / len(stars), 2) if stars else None

    orders: dict[str, list[Record]] = defaultdict(list)
    for order in store.all("order"):
        if order["customer"] and order["status"] in PAID_STATUSES:
            orders[order["customer"]].append(order)
    for customer in store.all("customer"):
        mine = orders[customer["id"]]
        customer["orders_count"] = len(mine)
        # Spend is only meaningful in one currency: the customer's own.
        customer["total_spend"] = sum(
            o["amount"] - o["amount_refunded"]
            for o in mine
            if o["currency"] == customer["currency"]
        )
    refresh_statuses(store)
