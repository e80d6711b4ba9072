"""ID parameter types, one per object type, so each is declared once."""

from __future__ import annotations

from typing import Annotated

from crevio_mcp.operations.base import IdOf

AccountId = Annotated[str, IdOf("account")]
BlogPostRef = Annotated[str, IdOf("blog_post", slug=True)]
CheckoutId = Annotated[str, IdOf("checkout")]
CheckoutLinkId = Annotated[str, IdOf("checkout_link")]
CustomerId = Annotated[str, IdOf("customer")]
DiscountId = Annotated[str, IdOf("discount")]
ExperienceRef = Annotated[str, IdOf("experience", slug=True)]
FileId = Annotated[str, IdOf("file")]
InvoiceId = Annotated[str, IdOf("invoice")]
LegalPageRef = Annotated[str, IdOf("legal_page", slug=True)]
OrderId = Annotated[str, IdOf("order")]
OrderItemId = Annotated[str, IdOf("order_item")]
PriceVariantId = Annotated[str, IdOf("price_variant")]
ProductId = Annotated[str, IdOf("product")]
ProductRef = Annotated[str, IdOf("product", slug=True)]
RefundId = Annotated[str, IdOf("refund")]
ReviewId = Annotated[str, IdOf("review")]
SubscriptionId = Annotated[str, IdOf("subscription")]
WebhookEndpointId = Annotated[str, IdOf("webhook_endpoint")]
WebhookEventId = Annotated[str, IdOf("webhook_event")]
