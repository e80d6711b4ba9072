"""ID parameter types, one per object type, so each is declared once."""

from __future__ import annotations

from typing import Annotated

from crevio_mcp.operations.base import IdOf

AccountId = Annotated[str, IdOf("account")]
CustomerId = Annotated[str, IdOf("customer")]
OrderId = Annotated[str, IdOf("order")]
OrderItemId = Annotated[str, IdOf("order_item")]
PriceVariantId = Annotated[str, IdOf("price_variant")]
ProductId = Annotated[str, IdOf("product")]
ProductRef = Annotated[str, IdOf("product", slug=True)]
RefundId = Annotated[str, IdOf("refund")]
