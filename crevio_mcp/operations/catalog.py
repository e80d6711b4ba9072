"""Products and their price variants."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from crevio_mcp.operations.base import ConfirmableParams, Currency, ListParams, Operation, Params
from crevio_mcp.operations.ids import PriceVariantId, ProductId, ProductRef

ProductStatus = Literal["draft", "active", "archived"]


class Seo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, description="Search-result title.")
    description: str | None = Field(None, description="Search-result description.")


class ListProducts(ListParams):
    status: ProductStatus | None = Field(None, description="Only products in this status.")


class GetProduct(Params):
    product_id: ProductRef
    expand: list[Literal["reviews"]] | None = None


class ProductFields(Params):
    slug: str | None = Field(
        None, max_length=200, description="URL slug; derived from the name if left out."
    )
    description: str | None = Field(None, description="Short plain-text description.")
    body_html: str | None = Field(
        None, description="Long description shown on the product page (HTML)."
    )
    button_cta: str | None = Field(None, description="Buy-button label.")
    status: ProductStatus | None = Field(
        None, description="draft (hidden, the default), active (on sale) or archived."
    )
    available_from: str | None = Field(None, description="ISO 8601 time sales open.")
    available_until: str | None = Field(None, description="ISO 8601 time sales close.")
    seo: Seo | None = Field(None, description="Search-engine title and description.")


class CreateProduct(ProductFields):
    name: Annotated[str, Field(min_length=1, max_length=200, description="Product name.")]


class UpdateProduct(ProductFields):
    product_id: ProductRef
    name: str | None = Field(None, min_length=1, max_length=200, description="Product name.")


class DeleteProduct(ConfirmableParams):
    product_id: ProductRef


class ListPriceVariants(ListParams):
    product: ProductId | None = Field(None, description="Only variants of this product (prod_…).")


class GetPriceVariant(Params):
    price_variant_id: PriceVariantId


# Inferred: the wire values of amount_type, billing_type and recurring_interval were not seen
# in the newest docs (seen: free, custom, subscription, day); these are the closest reading.
AmountType = Literal["fixed", "free", "custom"]
BillingType = Literal["one_time", "subscription", "payment_plan"]
Interval = Literal["day", "week", "month", "year"]


class PriceVariantFields(Params):
    amount: int | None = Field(
        None,
        ge=0,
        description="Price in minor units (cents: 4900 = 49.00); for pay-what-you-want, "
        "the lowest price.",
    )
    currency: Currency | None = Field(
        None, description="Currency of every amount (usd); the store's default if left out."
    )
    amount_type: AmountType | None = Field(
        None,
        description="fixed (the default), free, or custom (pay what you want, between "
        "minimum_amount and maximum_amount).",
    )
    billing_type: BillingType | None = Field(
        None,
        description="one_time (the default), subscription (repeats every recurring_interval) "
        "or payment_plan (installment_count payments).",
    )
    recurring_interval: Interval | None = Field(
        None, description="Billing period of a subscription or payment plan."
    )
    interval_count: int | None = Field(
        None, ge=1, le=365, description="Periods between charges, e.g. 3 with month = quarterly."
    )
    installment_count: int | None = Field(
        None, ge=2, le=60, description="Number of payments of a payment plan."
    )
    trial_period_days: int | None = Field(
        None, ge=0, le=730, description="Free days before a subscription's first charge."
    )
    setup_fee_amount: int | None = Field(
        None, ge=0, description="One-off fee added to a subscription's first charge, in cents."
    )
    minimum_amount: int | None = Field(
        None, ge=0, description="Pay-what-you-want: the least a buyer may pay, in cents."
    )
    maximum_amount: int | None = Field(
        None, ge=1, description="Pay-what-you-want: the most a buyer may pay, in cents."
    )
    preset_amount: int | None = Field(
        None, ge=0, description="Pay-what-you-want: the amount suggested to buyers, in cents."
    )
    discounted_from_amount: int | None = Field(
        None, ge=1, description="A crossed-out 'was' price shown beside amount, in cents."
    )
    hidden: bool | None = Field(None, description="true hides it from the product page.")
    position: int | None = Field(None, ge=0, description="Order among the product's prices.")
    benefits: list[str] | None = Field(None, description="Bullet points shown with the price.")

    @model_validator(mode="after")
    def _interval_matches_billing(self) -> Self:
        if self.billing_type == "one_time" and self.recurring_interval is not None:
            raise ValueError("recurring_interval applies only to subscription and payment_plan")
        if self.amount_type == "free" and self.amount:
            raise ValueError("a free price has no amount; leave amount out or 0")
        return self


class CreatePriceVariant(PriceVariantFields):
    product: ProductId = Field(description="Product the price belongs to (prod_…).")
    name: str = Field(
        min_length=1, max_length=100, description="Name buyers see, e.g. Monthly or Lifetime."
    )

    @model_validator(mode="after")
    def _complete_pricing(self) -> Self:
        if self.billing_type in ("subscription", "payment_plan") and not self.recurring_interval:
            raise ValueError(
                f"billing_type {self.billing_type} needs recurring_interval (day, week, month "
                "or year)"
            )
        if self.amount_type in (None, "fixed") and not self.amount:
            raise ValueError("a fixed price needs an amount above 0 (in cents)")
        return self


class UpdatePriceVariant(PriceVariantFields):
    price_variant_id: PriceVariantId
    name: str | None = Field(None, min_length=1, max_length=100, description="Name buyers see.")


class ArchivePriceVariant(ConfirmableParams):
    price_variant_id: PriceVariantId


OPERATIONS = (
    Operation(
        name="list_products",
        title="List products",
        description="List products (courses, downloads, memberships), newest first, "
        "drafts included; get_product gives one in full.",
        method="GET",
        path="/products",
        params=ListProducts,
        returns="product",
        toolset="catalog",
        paginated=True,
    ),
    Operation(
        name="get_product",
        title="Get a product",
        description="Get one product by ID or slug, with its price variants.",
        method="GET",
        path="/products/{product_id}",
        params=GetProduct,
        returns="product",
        toolset="catalog",
    ),
    Operation(
        name="create_product",
        title="Create a product",
        description="Create a product. It starts as a draft unless status is given; add prices "
        "with create_price_variant.",
        method="POST",
        path="/products",
        params=CreateProduct,
        returns="product",
        toolset="catalog",
    ),
    Operation(
        name="update_product",
        title="Update a product",
        description="Change a product's name, description, status or other fields; only the "
        "fields given change.",
        method="PATCH",
        path="/products/{product_id}",
        params=UpdateProduct,
        returns="product",
        toolset="catalog",
    ),
    Operation(
        name="delete_product",
        title="Delete a product",
        description="Delete a product for good; its prices stop selling, past orders stay. "
        "To hide it instead, set status archived with update_product.",
        method="DELETE",
        path="/products/{product_id}",
        params=DeleteProduct,
        returns="product",
        toolset="catalog",
        destructive=True,
    ),
    Operation(
        name="list_price_variants",
        title="List price variants",
        description="List price variants (a product's prices, plans or tiers), "
        "optionally of one product.",
        method="GET",
        path="/price_variants",
        params=ListPriceVariants,
        returns="price_variant",
        toolset="catalog",
        paginated=True,
    ),
    Operation(
        name="get_price_variant",
        title="Get a price variant",
        description="Get one price variant: amount, currency, one-time or recurring billing.",
        method="GET",
        path="/price_variants/{price_variant_id}",
        params=GetPriceVariant,
        returns="price_variant",
        toolset="catalog",
    ),
    Operation(
        name="create_price_variant",
        title="Create a price variant",
        description="Add a price to a product: one-time (amount), subscription "
        "(billing_type subscription + recurring_interval), free (amount_type free) or "
        "pay-what-you-want (amount_type custom).",
        method="POST",
        path="/price_variants",
        params=CreatePriceVariant,
        returns="price_variant",
        toolset="catalog",
    ),
    Operation(
        name="update_price_variant",
        title="Update a price variant",
        description="Change a price variant's name, amount, billing or visibility; only the "
        "fields given change. Existing subscriptions keep their price.",
        method="PATCH",
        path="/price_variants/{price_variant_id}",
        params=UpdatePriceVariant,
        returns="price_variant",
        toolset="catalog",
    ),
    Operation(
        name="archive_price_variant",
        title="Archive a price variant",
        description="Stop selling a price variant; past orders and subscriptions keep it. "
        "Prices are archived, never deleted.",
        # Inferred: the docs say price variants are archived but name no verb or path.
        method="POST",
        path="/price_variants/{price_variant_id}/archive",
        params=ArchivePriceVariant,
        returns="price_variant",
        toolset="catalog",
        destructive=True,
    ),
)
