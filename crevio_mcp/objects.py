"""Every kind of object the Crevio API returns, declared once.

A row says how to recognise the type (its `object` value and ID prefix), which tool
lists valid IDs (for error hints), and which fields a person looks at first: `headline`
fields open the summary, `details` follow as `label: value` lines, and `line` is the
one-line form used in lists. The structured content of a result always carries the
whole object, so leaving a field out here hides nothing from a program.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crevio_mcp.render import (
    Show,
    count,
    date,
    flag,
    long_text,
    money,
    nonzero,
    out_of,
    plain,
    ref,
    untrusted,
)

__all__ = ["OBJECT_TYPES", "ObjectType", "object_type_of"]


@dataclass(frozen=True)
class ObjectType:
    name: str
    """The API's `object` value, e.g. "order"."""
    noun: str
    """How a person says it, e.g. "price variant"."""
    prefix: str | None
    """The ID prefix, e.g. "ord_"; None where the API uses no prefix."""
    list_tool: str | None = None
    """The tool that lists valid IDs, named in "not found" hints."""
    slug: bool = False
    """Whether the API accepts a slug wherever it accepts this type's ID."""
    headline: tuple[Show, ...] = ()
    details: tuple[tuple[str, Show], ...] = ()
    line: tuple[Show, ...] = ()
    children: tuple[tuple[str, str], ...] = ()
    """(field, object type) of nested lists rendered beneath the summary when expanded."""
    plural: str = ""

    @property
    def plural_noun(self) -> str:
        return self.plural or f"{self.noun}s"

    def summary(self, obj: Mapping[str, Any]) -> str:
        head = " · ".join(v for show in self.headline if (v := show(obj)))
        lines = [
            f"{self.noun.capitalize()} {obj.get('id', '')}".rstrip() + (f": {head}" if head else "")
        ]
        expanded = {
            key.replace("_", " ")
            for key, _ in self.children
            if isinstance(obj.get(key), list) and obj[key] and isinstance(obj[key][0], Mapping)
        }
        for label, show in self.details:
            if label not in expanded and (value := show(obj)):
                lines.append(f"{label}: {value}")
        for key, type_name in self.children:
            items = obj.get(key)
            if isinstance(items, list) and items and isinstance(items[0], Mapping):
                child = OBJECT_TYPES[type_name]
                lines.append(f"{key.replace('_', ' ')}:")
                lines.extend(f"  - {child.one_line(item)}" for item in items)
        return "\n".join(lines)

    def one_line(self, obj: Mapping[str, Any]) -> str:
        parts = [str(obj.get("id", "?"))]
        parts.extend(v for show in self.line if (v := show(obj)))
        return " · ".join(parts)


_price_ids = ref("price_variants")


def _prices_of_product(obj: Mapping[str, Any]) -> str | None:
    # The API gives a product's prices as IDs only and expands nothing on it, so the
    # summary says which one call brings every amount.
    ids = _price_ids(obj)
    if ids and obj.get("id"):
        return f"{ids} (amounts: list_price_variants with product={obj['id']})"
    return ids


def _percent_off(obj: Mapping[str, Any]) -> str | None:
    value = obj.get("percent_off")
    return f"{value:g}% off" if isinstance(value, int | float) else None


def _redeemed(obj: Mapping[str, Any]) -> str | None:
    # In list lines too: which codes were never used decides whether one can be deleted.
    value = obj.get("times_redeemed")
    return f"used {value}×" if isinstance(value, int) else None


def _sections(obj: Mapping[str, Any]) -> str | None:
    """An experience's content as its section titles; the shape is the sandbox's guess."""
    content = obj.get("content")
    if not isinstance(content, list) or not content:
        return None
    parts = []
    for section in content:
        if isinstance(section, Mapping):
            lessons = section.get("lessons")
            n = len(lessons) if isinstance(lessons, list) else 0
            parts.append(
                f"{section.get('title') or 'untitled'} ({n} lesson{'' if n == 1 else 's'})"
            )
    return "; ".join(parts) or f"{len(content)} items"


_TYPES = (
    ObjectType(
        name="account",
        noun="account",
        prefix="acct_",
        headline=(plain("name"),),
        details=(
            ("email", plain("email")),
            ("storefront", plain("url")),
            ("default currency", plain("default_currency")),
        ),
    ),
    ObjectType(
        name="product",
        noun="product",
        prefix="prod_",
        list_tool="list_products",
        slug=True,
        headline=(plain("name"), plain("status")),
        details=(
            ("slug", plain("slug")),
            ("price variants", _prices_of_product),
            ("rating", plain("average_rating")),
            ("reviews", plain("reviews_count")),
            ("url", plain("url")),
            ("published", date("published_at")),
            ("created", date("created_at")),
            ("description", long_text("description")),
        ),
        line=(plain("name"), plain("status"), plain("slug")),
        children=(("price_variants", "price_variant"),),
    ),
    ObjectType(
        name="price_variant",
        noun="price variant",
        prefix="price_",
        list_tool="list_price_variants",
        headline=(plain("name"), money("amount"), plain("billing_type")),
        details=(
            ("product", ref("product")),
            ("amount type", plain("amount_type")),
            ("interval", plain("recurring_interval")),
            ("trial days", plain("trial_period_days")),
            ("archived", flag("archived", "yes")),
            ("hidden", flag("hidden", "yes")),
            ("purchase url", plain("purchase_url")),
        ),
        line=(
            plain("name"),
            money("amount"),
            plain("billing_type"),
            plain("recurring_interval"),
            flag("archived", "archived"),
        ),
    ),
    ObjectType(
        name="order",
        noun="order",
        prefix="ord_",
        list_tool="list_orders",
        headline=(plain("status"), money("amount")),
        details=(
            ("refunded", nonzero(money("amount_refunded"), "amount_refunded")),
            ("customer", ref("customer")),
            ("processor", plain("processor")),
            ("checkout", ref("checkout")),
            ("line items", count("line_items", "item")),
            ("created", date("created_at")),
        ),
        line=(
            plain("status"),
            money("amount"),
            ref("customer"),
            count("line_items", "item"),
            date("created_at"),
        ),
        children=(("line_items", "order_item"),),
    ),
    ObjectType(
        name="order_item",
        noun="order item",
        prefix="ordi_",
        headline=(plain("description"),),
        details=(
            ("quantity", plain("quantity")),
            ("unit amount", money("amount")),
            ("order", ref("order")),
            ("product", ref("product")),
            ("price variant", ref("price_variant")),
        ),
        line=(plain("quantity"), plain("description"), money("amount"), ref("price_variant")),
    ),
    ObjectType(
        name="refund",
        noun="refund",
        prefix="re_",
        list_tool="list_refunds",
        headline=(money("amount"), plain("status")),
        details=(
            ("order", ref("order")),
            ("reason", plain("reason")),
            ("notes", plain("notes")),
            ("created", date("created_at")),
        ),
        line=(money("amount"), plain("status"), ref("order"), plain("reason"), date("created_at")),
    ),
    ObjectType(
        name="customer",
        noun="customer",
        prefix="cus_",
        list_tool="list_customers",
        headline=(plain("name"), plain("email")),
        details=(
            ("type", plain("customer_type")),
            ("phone", plain("phone_number")),
            ("orders", plain("orders_count")),
            ("total spend", money("total_spend")),
            ("confirmed", date("confirmed_at")),
            ("created", date("created_at")),
        ),
        line=(plain("name"), plain("email"), plain("customer_type")),
    ),
    ObjectType(
        name="subscription",
        noun="subscription",
        prefix="sub_",
        list_tool="list_subscriptions",
        headline=(plain("status"), ref("price_variant")),
        details=(
            ("customer", ref("customer")),
            ("quantity", plain("quantity")),
            ("current period ends", date("current_period_end")),
            ("trial ends", date("trial_ends_at")),
            ("ends", date("ends_at")),
            ("canceled", date("canceled_at")),
            ("created", date("created_at")),
        ),
        line=(plain("status"), ref("customer"), ref("price_variant"), date("created_at")),
    ),
    ObjectType(
        name="invoice",
        noun="invoice",
        prefix="inv_",
        list_tool="list_invoices",
        headline=(plain("number"), plain("status"), money("amount")),
        details=(
            ("billed to", plain("customer_name")),
            ("email", plain("email_address")),
            ("customer", ref("customer")),
            ("price variant", ref("price_variant")),
            ("due", date("due_at")),
            ("paid", date("paid_at")),
            ("order", ref("order")),
            ("collection", plain("collection_method")),
            ("description", plain("description")),
            ("created", date("created_at")),
        ),
        line=(
            plain("number"),
            plain("status"),
            money("amount"),
            plain("email_address"),
            date("due_at"),
        ),
    ),
    ObjectType(
        name="checkout",
        noun="checkout",
        prefix="co_",
        headline=(plain("status"), money("total")),
        details=(
            ("pay at", plain("url")),
            ("subtotal", money("subtotal")),
            ("discount", nonzero(money("discount_amount"), "discount_amount")),
            ("mode", plain("mode")),
            ("customer", ref("customer")),
            ("invoice", ref("invoice")),
            ("order", ref("order")),
            ("items", count("checkout_items", "item")),
            ("created", date("created_at")),
        ),
        line=(plain("status"), money("total"), ref("customer"), date("created_at")),
        children=(("checkout_items", "checkout_item"),),
    ),
    ObjectType(
        name="checkout_item",
        noun="checkout item",
        prefix=None,
        headline=(ref("price_variant"),),
        line=(plain("quantity"), ref("price_variant"), money("amount")),
    ),
    ObjectType(
        name="checkout_link",
        noun="checkout link",
        prefix="cl_",
        list_tool="list_checkout_links",
        headline=(plain("name"), plain("url")),
        details=(
            ("price variants", ref("price_variants")),
            ("discount", ref("discount")),
            ("discount codes allowed", plain("allow_discount_codes")),
            ("after payment", plain("success_url")),
            ("metadata", plain("metadata")),
            ("created", date("created_at")),
        ),
        line=(plain("name"), plain("url")),
        children=(("price_variants", "price_variant"),),
    ),
    ObjectType(
        name="discount",
        noun="discount",
        prefix="disc_",
        list_tool="list_discounts",
        headline=(plain("code"), _percent_off, money("amount_off"), plain("status")),
        details=(
            ("type", plain("discount_type")),
            ("duration", plain("duration")),
            ("months", plain("duration_in_months")),
            ("used", plain("times_redeemed")),
            ("max uses", plain("max_redemptions")),
            ("starts", date("starts_at")),
            ("redeem by", date("redeem_by")),
            ("price variants", ref("price_variants")),
        ),
        line=(plain("code"), _percent_off, money("amount_off"), plain("status"), _redeemed),
        children=(("price_variants", "price_variant"),),
    ),
    ObjectType(
        name="experience",
        noun="experience",
        prefix="exp_",
        list_tool="list_experiences",
        slug=True,
        headline=(plain("name"), plain("type")),
        details=(
            ("slug", plain("slug")),
            ("access", plain("access_type")),
            ("products", ref("products")),
            ("content", _sections),
            ("url", plain("url")),
            ("created", date("created_at")),
        ),
        line=(plain("name"), plain("type"), plain("slug")),
    ),
    ObjectType(
        name="blog_post",
        noun="blog post",
        prefix="post_",
        list_tool="list_blog_posts",
        slug=True,
        headline=(plain("title"), plain("status")),
        details=(
            ("slug", plain("slug")),
            ("excerpt", long_text("excerpt")),
            ("body", long_text("body")),
            ("published", date("published_at")),
            ("url", plain("url")),
            ("updated", date("updated_at")),
        ),
        line=(plain("title"), plain("status"), date("published_at")),
    ),
    ObjectType(
        name="legal_page",
        noun="legal page",
        prefix="legal_",
        list_tool="list_legal_pages",
        slug=True,
        headline=(plain("title"),),
        details=(
            ("slug", plain("slug")),
            ("url", plain("url")),
            ("updated", date("updated_at")),
            ("body", long_text("body")),
        ),
        line=(plain("title"), plain("slug")),
    ),
    ObjectType(
        name="review",
        noun="review",
        prefix="rev_",
        list_tool="list_reviews",
        # Reviews are written by the public: their name and text are quoted as data.
        headline=(out_of("rating", 5), untrusted("customer_name", 100, mark=False)),
        details=(
            ("product", ref("product")),
            ("position", plain("position")),
            ("text", untrusted("content")),
            ("created", date("created_at")),
        ),
        line=(
            out_of("rating", 5),
            untrusted("customer_name", 100, mark=False),
            ref("product"),
            untrusted("content", 160),
        ),
    ),
    ObjectType(
        name="file",
        noun="file",
        prefix="file_",
        list_tool="list_files",
        headline=(plain("title"), plain("kind"), plain("upload_status")),
        details=(
            ("filename", plain("filename")),
            ("type", plain("content_type")),
            ("size (bytes)", plain("size")),
            ("source", plain("source")),
            ("provider", plain("provider")),
            ("url", plain("url")),
            ("tags", plain("tags")),
            ("created", date("created_at")),
        ),
        line=(plain("title"), plain("kind"), plain("upload_status")),
    ),
    ObjectType(
        name="email",
        noun="email",
        prefix="em_",
        headline=(plain("subject"), plain("status")),
        details=(
            ("to", plain("to")),
            ("customer", ref("customer")),
            ("sent", date("created_at")),
        ),
        line=(plain("subject"), plain("to"), plain("status")),
    ),
    ObjectType(
        name="webhook_endpoint",
        noun="webhook endpoint",
        prefix="wh_",
        list_tool="list_webhook_endpoints",
        headline=(plain("url"), flag("disabled", "disabled")),
        details=(
            ("events", plain("enabled_events")),
            ("signing secret (shown once)", plain("secret")),
            ("description", plain("description")),
            ("created", date("created_at")),
        ),
        line=(plain("url"), plain("enabled_events"), flag("disabled", "disabled")),
    ),
    ObjectType(
        # The sandbox names these `event`, as Stripe does; the docs do not say.
        name="webhook_event",
        noun="webhook event",
        prefix="whev_",
        list_tool="list_webhook_events",
        headline=(plain("type"),),
        details=(
            ("created", date("created_at")),
            ("api version", plain("api_version")),
        ),
        line=(plain("type"), date("created_at")),
    ),
    ObjectType(
        name="x402_configuration",
        noun="x402 configuration",
        prefix=None,
        headline=(flag("x402_enabled", "enabled"),),
        details=(
            ("enabled", plain("x402_enabled")),
            ("wallet", plain("x402_wallet_address")),
            ("chain", plain("x402_chain")),
            ("updated", date("updated_at")),
        ),
    ),
)

OBJECT_TYPES: dict[str, ObjectType] = {t.name: t for t in _TYPES}

_FALLBACK = ObjectType(name="object", noun="object", prefix=None, headline=(plain("object"),))


def object_type_of(obj: Mapping[str, Any], default: str | None = None) -> ObjectType:
    """The declared type of an API object, by its `object` field, else `default`."""
    name = obj.get("object")
    if isinstance(name, str) and name in OBJECT_TYPES:
        return OBJECT_TYPES[name]
    if default is not None and default in OBJECT_TYPES:
        return OBJECT_TYPES[default]
    return _FALLBACK
