"""Products and their price variants."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from crevio_mcp.operations.base import ListParams, Operation, Params
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
    expand: list[Literal["reviews"]] | None = Field(None, description="Inline related objects.")


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


class ListPriceVariants(ListParams):
    product: ProductId | None = Field(None, description="Only variants of this product (prod_…).")


class GetPriceVariant(Params):
    price_variant_id: PriceVariantId


OPERATIONS = (
    Operation(
        name="list_products",
        title="List products",
        description="List the store's products (courses, downloads, memberships), newest first, "
        "drafts included. Use get_product for one product's full details.",
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
)
