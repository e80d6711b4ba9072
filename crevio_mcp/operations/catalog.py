"""Products and their price variants."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from crevio_mcp.operations.base import (
    Cents,
    ConfirmableParams,
    Currency,
    ListParams,
    Operation,
    Params,
)
from crevio_mcp.operations.ids import PriceVariantId, ProductId, ProductRef

ProductStatus = Literal["draft", "active", "archived"]


class Seo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, description="Search result title.")
    description: str | None = Field(None, description="Search result text.")


class ListProducts(ListParams):
    status: ProductStatus | None = Field(None, description="Filter.")


class GetProduct(Params):
    product_id: ProductRef
    expand: list[Literal["reviews"]] | None = None


class ProductFields(Params):
    slug: str | None = Field(None, max_length=200, description="From the name by default.")
    description: str | None = Field(None, description="Short plain text.")
    body_html: str | None = Field(None, description="Product page body, HTML.")
    button_cta: str | None = Field(None, description="Buy button label.")
    status: ProductStatus | None = Field(None, description="Default draft (hidden).")
    available_from: str | None = Field(None, description="Sales open.")
    available_until: str | None = Field(None, description="Sales close.")
    seo: Seo | None = Field(None, description="Search engine listing.")


class CreateProduct(ProductFields):
    name: Annotated[str, Field(min_length=1, max_length=200, description="Product name.")]


class UpdateProduct(ProductFields):
    product_id: ProductRef
    name: str | None = Field(None, min_length=1, max_length=200, description="Product name.")


class DeleteProduct(ConfirmableParams):
    product_id: ProductRef


class ListPriceVariants(ListParams):
    product: ProductId | None = None


class GetPriceVariant(Params):
    price_variant_id: PriceVariantId


# Inferred: the wire values of amount_type, billing_type and recurring_interval were not seen
# in the newest docs (seen: free, custom, subscription, day); these are the closest reading.
AmountType = Literal["fixed", "free", "custom"]
BillingType = Literal["one_time", "subscription", "payment_plan"]
Interval = Literal["day", "week", "month", "year"]


class PriceVariantFields(Params):
    amount: Cents | None = Field(
        None,
        ge=0,
        description="Price in cents; of each payment, for a plan.",
    )
    currency: Currency | None = Field(None, description="e.g. usd; the store's by default.")
    amount_type: AmountType | None = Field(
        None,
        description="Default fixed; custom = pay what you want.",
    )
    billing_type: BillingType | None = Field(
        None,
        description="Default one_time.",
    )
    recurring_interval: Interval | None = Field(
        None, description="Period of a subscription or plan."
    )
    interval_count: int | None = Field(None, ge=1, le=365, description="3 with month = quarterly.")
    installment_count: int | None = Field(
        None, ge=2, le=60, description="Payments in a plan, 2-60."
    )
    trial_period_days: int | None = Field(None, ge=0, le=730, description="Free trial days.")
    setup_fee_amount: Cents | None = Field(
        None, ge=0, description="In cents, added to the first charge."
    )
    minimum_amount: Cents | None = Field(
        None, ge=0, description="custom: least a buyer pays, cents."
    )
    maximum_amount: Cents | None = Field(
        None, ge=1, description="custom: most a buyer pays, cents."
    )
    preset_amount: Cents | None = Field(None, ge=0, description="custom: suggested amount, cents.")
    discounted_from_amount: Cents | None = Field(
        None, ge=1, description="Crossed-out 'was' price, cents."
    )
    hidden: bool | None = Field(None, description="Hide from the product page.")
    position: int | None = Field(None, ge=0, description="Sort order, 0 = first.")
    benefits: list[str] | None = Field(None, description="Bullet points shown.")

    @model_validator(mode="after")
    def _interval_matches_billing(self) -> Self:
        if self.billing_type == "one_time" and self.recurring_interval is not None:
            raise ValueError("recurring_interval applies only to subscription and payment_plan")
        if self.amount_type == "free" and self.amount:
            raise ValueError("a free price has no amount; leave amount out or 0")
        return self


class CreatePriceVariant(PriceVariantFields):
    product: ProductId
    name: str = Field(min_length=1, max_length=100, description="e.g. Monthly, Lifetime.")

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
    name: str | None = Field(
        None, min_length=1, max_length=100, description="e.g. Monthly, Lifetime."
    )


class ArchivePriceVariant(ConfirmableParams):
    price_variant_id: PriceVariantId


OPERATIONS = (
    Operation(
        name="list_products",
        title="List products",
        description="List products (courses, downloads, memberships), drafts included.",
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
        description="One product and its price IDs.",
        method="GET",
        path="/products/{product_id}",
        params=GetProduct,
        returns="product",
        toolset="catalog",
    ),
    Operation(
        name="create_product",
        title="Create a product",
        description="Create a product (a draft by default); then add prices with "
        "create_price_variant.",
        method="POST",
        path="/products",
        params=CreateProduct,
        returns="product",
        toolset="catalog",
    ),
    Operation(
        name="update_product",
        title="Update a product",
        description="Change a product; archive it with status archived.",
        method="PATCH",
        path="/products/{product_id}",
        params=UpdateProduct,
        returns="product",
        toolset="catalog",
    ),
    Operation(
        name="delete_product",
        title="Delete a product",
        description="Delete a product for good; past orders stay. To hide it, archive it "
        "(update_product).",
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
        description="List price variants: products' prices, plans, tiers.",
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
        description="One price variant.",
        method="GET",
        path="/price_variants/{price_variant_id}",
        params=GetPriceVariant,
        returns="price_variant",
        toolset="catalog",
    ),
    Operation(
        name="create_price_variant",
        title="Create a price variant",
        description="Add a price to a product: one-time, subscription, payment plan, free "
        "or pay what you want.",
        method="POST",
        path="/price_variants",
        params=CreatePriceVariant,
        returns="price_variant",
        toolset="catalog",
    ),
    Operation(
        name="update_price_variant",
        title="Update a price variant",
        description="Change a price; existing subscriptions keep theirs.",
        method="PATCH",
        path="/price_variants/{price_variant_id}",
        params=UpdatePriceVariant,
        returns="price_variant",
        toolset="catalog",
    ),
    Operation(
        name="archive_price_variant",
        title="Archive a price variant",
        description="Stop selling a price (prices are never deleted); past buyers keep it.",
        # Inferred: the docs say price variants are archived but name no verb or path.
        method="POST",
        path="/price_variants/{price_variant_id}/archive",
        params=ArchivePriceVariant,
        returns="price_variant",
        toolset="catalog",
        destructive=True,
    ),
)
