"""Products and their price variants."""

from __future__ import annotations

from typing import Any, Final

from ..errors import invalid_request
from ..resource import Filter, ResourceSpec, expand_ref
from ..routing import Call, Route
from ..store import Record, Store
from ..validation import Field, Problems, parse_datetime
from .common import CURRENCIES, account, check_slug, slugify, storefront, unique_slug

PRODUCT_STATUSES: Final = ("draft", "active", "archived")
AMOUNT_TYPES: Final = ("fixed", "free", "custom")
BILLING_TYPES: Final = ("one_time", "subscription", "payment_plan")
INTERVALS: Final = ("day", "week", "month", "year")


def _reviews_of(store: Store, product: Record) -> list[Record]:
    reviews = [r for r in store.all("review") if r.get("product") == product["id"]]
    return sorted(reviews, key=lambda r: (r["position"], r["created_at"]))


PRODUCTS = ResourceSpec(
    kind="product",
    path="products",
    slug_field="slug",
    filters={"status": Filter(choices=PRODUCT_STATUSES)},
    expand={
        "price_variants": expand_ref("price_variants", "price_variant"),
        "reviews": lambda store, product: [
            {k: v for k, v in r.items() if not k.startswith("_")}
            for r in _reviews_of(store, product)
        ],
    },
)

PRICE_VARIANTS = ResourceSpec(
    kind="price_variant",
    path="price_variants",
    filters={"product": Filter()},
    expand={"product": expand_ref("product", "product")},
)

# ----- products --------------------------------------------------------------

PRODUCT_SCHEMA: Final = {
    "name": Field(required=True, max_length=200),
    "slug": Field(max_length=100, nullable=False),
    "description": Field(max_length=5000),
    "status": Field(choices=PRODUCT_STATUSES, nullable=False),
    "body_html": Field(max_length=100_000),
    "button_cta": Field(max_length=60),
    "available_from": Field("datetime"),
    "available_until": Field("datetime"),
    "seo": Field("object"),
}
SEO_LIMITS: Final = {"title": 200, "description": 500}


def product_record(
    store: Store,
    *,
    id: str,
    name: str,
    slug: str,
    created_at: str,
    status: str = "draft",
    description: str | None = None,
    body_html: str | None = None,
    button_cta: str | None = None,
    available_from: str | None = None,
    available_until: str | None = None,
    published_at: str | None = None,
    seo: dict[str, Any] | None = None,
) -> Record:
    """The one place that decides a product's shape (used by API and seed)."""
    return {
        "id": id,
        "object": "product",
        "name": name,
        "slug": slug,
        "status": status,
        "description": description,
        "body_html": body_html,
        "button_cta": button_cta,
        "url": f"{storefront(store)}/products/{slug}",
        "available_from": available_from,
        "available_until": available_until,
        "published_at": published_at,
        "reviews_count": 0,
        "average_rating": None,
        "price_variants": [],
        "seo": {"title": None, "description": None, **(seo or {})},
        "created_at": created_at,
        "updated_at": created_at,
    }


def _check_seo(problems: Problems, seo: dict[str, Any] | None) -> None:
    for key, value in (seo or {}).items():
        limit = SEO_LIMITS.get(key)
        if limit is None:
            problems.add(f"seo.{key}", "invalid", "seo accepts only title and description")
        elif value is not None and not isinstance(value, str):
            problems.add(f"seo.{key}", "invalid", f"seo.{key} must be a string")
        elif value is not None and len(value) > limit:
            problems.add(f"seo.{key}", "too_long", f"seo.{key} is at most {limit} characters")


def _check_window(problems: Problems, start: Any, end: Any) -> None:
    if isinstance(start, str) and isinstance(end, str):
        begins, ends = parse_datetime(start), parse_datetime(end)
        if begins is not None and ends is not None and ends <= begins:
            problems.add("available_until", "invalid", "available_until must be after from")


def create_product(call: Call) -> Record:
    store = call.store
    problems = Problems()
    values = problems.check(call.body, PRODUCT_SCHEMA)
    if "slug" in values:
        check_slug(problems, store, "product", values["slug"])
    _check_window(problems, values.get("available_from"), values.get("available_until"))
    _check_seo(problems, values.get("seo"))
    problems.raise_if_any()
    new_id = store.new_id("product")
    slug = values.get("slug") or unique_slug(
        store, "product", slugify(values["name"]), fallback=f"product-{new_id[5:13]}"
    )
    now = store.now()
    status = values.get("status") or "draft"
    return product_record(
        store,
        id=new_id,
        name=values["name"],
        slug=slug,
        created_at=now,
        status=status,
        description=values.get("description"),
        body_html=values.get("body_html"),
        button_cta=values.get("button_cta"),
        available_from=values.get("available_from"),
        available_until=values.get("available_until"),
        published_at=now if status == "active" else None,
        seo=values.get("seo"),
    )


def update_product(call: Call, product: Record) -> None:
    store = call.store
    problems = Problems()
    values = problems.check(call.body, PRODUCT_SCHEMA, partial=True)
    if "slug" in values:
        check_slug(problems, store, "product", values["slug"], own_id=product["id"])
    _check_window(
        problems,
        values.get("available_from", product["available_from"]),
        values.get("available_until", product["available_until"]),
    )
    _check_seo(problems, values.get("seo"))
    problems.raise_if_any()
    seo = values.pop("seo", None)
    if seo is not None:
        product["seo"] = {**product["seo"], **seo}
    product.update(values)
    product["url"] = f"{storefront(store)}/products/{product['slug']}"
    if product["status"] == "active" and product["published_at"] is None:
        product["published_at"] = store.now()


def delete_product(call: Call, product: Record) -> None:
    # Orders keep pointing at the product's variants, so the variants stay but
    # can no longer be bought.
    for variant in call.store.all("price_variant"):
        if variant["product"] == product["id"]:
            variant["archived"] = True


# ----- price variants ----------------------------------------------------------

VARIANT_FIELDS: Final = {
    "name": Field(required=True, max_length=100),
    "amount": Field("integer", minimum=0, nullable=False),
    "currency": Field(choices=CURRENCIES, nullable=False),
    "amount_type": Field(choices=AMOUNT_TYPES, nullable=False),
    "billing_type": Field(choices=BILLING_TYPES, nullable=False),
    "recurring_interval": Field(choices=INTERVALS),
    "interval_count": Field("integer", minimum=1, maximum=365),
    "installment_count": Field("integer", minimum=2, maximum=60),
    "trial_period_days": Field("integer", minimum=0, maximum=730),
    "setup_fee_amount": Field("integer", minimum=0),
    "minimum_amount": Field("integer", minimum=0),
    "maximum_amount": Field("integer", minimum=1),
    "preset_amount": Field("integer", minimum=0),
    "discounted_from_amount": Field("integer", minimum=1),
    "hidden": Field("boolean", nullable=False),
    "position": Field("integer", minimum=0, nullable=False),
    "benefits": Field("list", items="string"),
}
VARIANT_CREATE_SCHEMA: Final = {"product": Field(required=True), **VARIANT_FIELDS}


def variant_record(
    store: Store,
    *,
    id: str,
    product: str,
    name: str,
    created_at: str,
    amount: int = 0,
    currency: str = "usd",
    amount_type: str = "fixed",
    billing_type: str = "one_time",
    position: int = 0,
    **extra: Any,
) -> Record:
    record: Record = {
        "id": id,
        "object": "price_variant",
        "name": name,
        "product": product,
        "amount": amount,
        "currency": currency,
        "amount_type": amount_type,
        "billing_type": billing_type,
        "recurring_interval": None,
        "interval_count": None,
        "installment_count": None,
        "trial_period_days": None,
        "setup_fee_amount": None,
        "minimum_amount": None,
        "maximum_amount": None,
        "preset_amount": None,
        "discounted_from_amount": None,
        "benefits": None,
        "archived": False,
        "hidden": False,
        "position": position,
        "purchase_url": f"{storefront(store)}/checkout/{id}",
        "created_at": created_at,
        "updated_at": created_at,
    }
    unknown = set(extra) - set(record)
    if unknown:  # a seed typo should fail loudly, not add stray fields
        raise ValueError(f"unknown price variant fields: {sorted(unknown)}")
    record.update(extra)
    return record


def check_pricing(problems: Problems, merged: Record, given: set[str]) -> None:
    """Rules across fields, checked on the record as it would be after the write."""
    amount_type, billing = merged["amount_type"], merged["billing_type"]
    amount = merged["amount"]
    if amount_type == "free" and amount not in (0, None):
        problems.add("amount", "invalid", "amount must be 0 for a free price")
    if amount_type == "fixed":
        if amount is None or ("amount" not in given and amount == 0):
            problems.add("amount", "required", "a fixed price needs an amount")
        elif amount <= 0:
            problems.add("amount", "invalid", "a fixed price needs an amount above 0")
    if amount_type == "custom":
        low, high = merged["minimum_amount"] or 0, merged["maximum_amount"]
        preset = merged["preset_amount"]
        if high is not None and high < low:
            problems.add("maximum_amount", "invalid", "maximum_amount is below minimum_amount")
        if preset is not None and (preset < low or (high is not None and preset > high)):
            problems.add(
                "preset_amount",
                "invalid",
                "preset_amount must lie between minimum_amount and maximum_amount",
            )
    elif any(merged[f] is not None for f in ("minimum_amount", "maximum_amount")):
        problems.add(
            "minimum_amount",
            "invalid",
            "minimum/maximum amounts apply only to amount_type custom",
        )
    if billing in ("subscription", "payment_plan"):
        if merged["recurring_interval"] is None:
            problems.add(
                "recurring_interval",
                "required",
                f"recurring_interval is required for billing_type {billing}",
            )
    elif merged["recurring_interval"] is not None:
        problems.add(
            "recurring_interval",
            "invalid",
            "recurring_interval applies only to subscriptions and payment plans",
        )
    if billing == "payment_plan" and merged["installment_count"] is None:
        problems.add("installment_count", "required", "a payment plan needs installment_count")
    if billing != "subscription" and merged["trial_period_days"]:
        problems.add("trial_period_days", "invalid", "trials apply only to subscriptions")


def _normalise_pricing(record: Record) -> None:
    if record["amount_type"] == "free":
        record["amount"] = 0
    if record["amount_type"] == "custom":
        # For pay-what-you-want the listed amount is the floor.
        record["minimum_amount"] = record["minimum_amount"] or 0
        record["amount"] = record["minimum_amount"]
    if record["billing_type"] in ("subscription", "payment_plan"):
        record["interval_count"] = record["interval_count"] or 1


def create_variant(call: Call) -> Record:
    store = call.store
    problems = Problems()
    values = problems.check(call.body, VARIANT_CREATE_SCHEMA)
    product = None
    if "product" in values:
        product = PRODUCTS.reference(store, values["product"], param="product")
    new_id = store.new_id("price_variant")
    siblings = [
        v
        for v in store.all("price_variant")
        if product is not None and v["product"] == product["id"]
    ]
    record = variant_record(
        store,
        id=new_id,
        product=product["id"] if product else "",
        name=values.get("name", ""),
        created_at=store.now(),
        currency=account(store)["default_currency"],
        position=max((v["position"] for v in siblings), default=-1) + 1,
    )
    record["amount"] = None
    fields = {k: v for k, v in values.items() if k != "product"}
    record.update(fields)
    if record["amount"] is None and record["amount_type"] in ("free", "custom"):
        record["amount"] = 0
    check_pricing(problems, record, set(fields))
    problems.raise_if_any()
    _normalise_pricing(record)
    return record


def update_variant(call: Call, variant: Record) -> None:
    problems = Problems()
    values = problems.check(call.body, VARIANT_FIELDS, partial=True)
    merged = {**variant, **values}
    check_pricing(problems, merged, set(values) | {"amount"})
    problems.raise_if_any()
    variant.update(values)
    _normalise_pricing(variant)


def unit_amount(variant: Record) -> int:
    """What one unit costs at checkout; pay-what-you-want uses the preset."""
    if variant["amount_type"] == "custom":
        return int(variant["preset_amount"] or variant["amount"])
    return int(variant["amount"])


def is_recurring(variant: Record) -> bool:
    return variant["billing_type"] in ("subscription", "payment_plan")


def check_one_kind(problems: Problems, param: str, variants: list[Record]) -> None:
    """One checkout cannot mix recurring and one-time items, nor currencies."""
    if len({is_recurring(v) for v in variants}) > 1:
        problems.add(
            param,
            "invalid",
            "subscription or payment-plan items cannot be mixed with one-time "
            "items in one checkout",
        )
    elif len({v["currency"] for v in variants}) > 1:
        problems.add(param, "invalid", "all items must share one currency")


def archive_variant(call: Call, variant: Record) -> None:
    if variant["archived"]:
        raise invalid_request(
            "price_variant_archived",
            f"Price variant '{variant['id']}' is already archived",
        )
    variant["archived"] = True


def routes() -> list[Route]:
    return [
        *PRODUCTS.routes(create=create_product, update=update_product, delete=delete_product),
        *PRICE_VARIANTS.routes(create=create_variant, update=update_variant),
        PRICE_VARIANTS.action("archive", archive_variant, event_action="archived"),
    ]
