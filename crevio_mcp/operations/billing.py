"""Getting paid: subscriptions, invoices, checkouts, checkout links and discount codes."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from crevio_mcp.operations.base import (
    Cents,
    ConfirmableParams,
    Currency,
    ListParams,
    Operation,
    Params,
)
from crevio_mcp.operations.ids import (
    CheckoutId,
    CheckoutLinkId,
    CustomerId,
    DiscountId,
    InvoiceId,
    PriceVariantId,
    SubscriptionId,
)

# ----- subscriptions -------------------------------------------------------------

SubscriptionExpand = list[Literal["customer", "price_variant"]] | None


class ListSubscriptions(ListParams):
    status: (
        Literal["active", "trialing", "past_due", "paused", "canceled", "unpaid", "incomplete"]
        | None
    ) = Field(None, description="Filter.")
    # Inferred: only `status` is documented as a filter; customer and price_variant
    # follow the orders list's convention.
    customer: CustomerId | None = None
    price_variant: PriceVariantId | None = Field(None, description="The plan.")
    expand: SubscriptionExpand = None


class GetSubscription(Params):
    subscription_id: SubscriptionId
    expand: SubscriptionExpand = None


class PauseSubscription(Params):
    subscription_id: SubscriptionId


class ResumeSubscription(Params):
    subscription_id: SubscriptionId


class CancelSubscription(ConfirmableParams):
    subscription_id: SubscriptionId


# ----- invoices --------------------------------------------------------------------

InvoiceExpand = list[Literal["customer", "price_variant", "order"]] | None


class ListInvoices(ListParams):
    status: Literal["open", "paid", "past_due", "void"] | None = Field(None, description="Filter.")
    customer: CustomerId | None = None
    expand: InvoiceExpand = None


class GetInvoice(Params):
    invoice_id: InvoiceId
    expand: InvoiceExpand = None


class CreateInvoice(Params):
    # Inferred body: the field names follow the invoice object; the create page was not seen.
    price_variant: PriceVariantId = Field(description="What is billed; sets amount and currency.")
    customer: CustomerId | None = Field(
        None,
        description="Or give customer_name and email_address.",
    )
    customer_name: str | None = Field(
        None, max_length=200, description="Buyer who is not a customer yet."
    )
    email_address: EmailStr | None = Field(None, description="Their email.")
    due_at: str | None = Field(None, description="Due date, in the future.")
    description: str | None = Field(None, max_length=500, description="Shown to the buyer.")
    collection_method: Literal["send_invoice", "charge_automatically"] | None = Field(
        None,
        description="Default send_invoice: email a pay link.",
    )

    @model_validator(mode="after")
    def _one_buyer(self) -> Self:
        if self.customer is not None:
            if self.customer_name is not None or self.email_address is not None:
                raise ValueError("give customer, or customer_name with email_address, not both")
        elif self.customer_name is None or self.email_address is None:
            raise ValueError("give customer (cus_…), or both customer_name and email_address")
        return self


class VoidInvoice(ConfirmableParams):
    invoice_id: InvoiceId


# ----- checkouts -------------------------------------------------------------------


class LineItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    price_variant: PriceVariantId
    quantity: int = Field(1, ge=1, le=100, description="1-100, default 1.")


LineItems = Annotated[
    list[LineItem],
    Field(
        min_length=1,
        description="What is bought; one-time and recurring prices don't mix.",
    ),
]
DISCOUNT_AT_CHECKOUT = "Discount ID or the code a buyer types."


class CreateCheckout(Params):
    # Inferred body: the overview says "line items"; the object itself calls them
    # checkout_items. `line_items` is the guess.
    line_items: LineItems | None = None
    invoice: InvoiceId | None = Field(None, description="Invoice to pay, instead of line_items.")
    customer: CustomerId | None = Field(None, description="The buyer.")
    discount: str | None = Field(None, min_length=1, description=DISCOUNT_AT_CHECKOUT)

    @model_validator(mode="after")
    def _items_or_invoice(self) -> Self:
        if (self.line_items is None) == (self.invoice is None):
            raise ValueError("give line_items or invoice (inv_…), exactly one of them")
        if self.invoice is not None and self.discount is not None:
            raise ValueError("an invoice is paid in full; leave out discount")
        return self


class GetCheckout(Params):
    checkout_id: CheckoutId
    expand: list[Literal["customer"]] | None = None


class UpdateCheckout(Params):
    # Inferred body: the update page was not seen; it takes create's fields minus invoice.
    checkout_id: CheckoutId
    line_items: LineItems | None = None
    customer: CustomerId | None = Field(None, description="The buyer.")
    discount: str | None = Field(None, min_length=1, description=DISCOUNT_AT_CHECKOUT)


# ----- checkout links -----------------------------------------------------------------

LinkExpand = list[Literal["discount", "price_variants"]] | None


class ListCheckoutLinks(ListParams):
    expand: LinkExpand = None


class GetCheckoutLink(Params):
    checkout_link_id: CheckoutLinkId
    expand: LinkExpand = None


class CheckoutLinkFields(Params):
    name: str | None = Field(None, max_length=200, description="Internal name.")
    success_url: str | None = Field(
        None, max_length=2000, description="Where buyers land after paying."
    )
    allow_discount_codes: bool | None = Field(None, description="Default true.")
    discount: DiscountId | None = Field(None, description="Applied up front.")
    metadata: dict[str, str] | None = Field(None, description="Your labels, up to 50.")


class CreateCheckoutLink(CheckoutLinkFields):
    price_variants: list[PriceVariantId] = Field(min_length=1, description="What it sells.")


class UpdateCheckoutLink(CheckoutLinkFields):
    checkout_link_id: CheckoutLinkId
    price_variants: list[PriceVariantId] | None = Field(
        None, min_length=1, description="What it sells."
    )


class DeleteCheckoutLink(ConfirmableParams):
    checkout_link_id: CheckoutLinkId


# ----- discounts -------------------------------------------------------------------


class ListDiscounts(ListParams):
    status: Literal["active", "scheduled", "expired"] | None = Field(None, description="Filter.")


class GetDiscount(Params):
    discount_id: DiscountId
    expand: list[Literal["price_variants"]] | None = None


class DiscountFields(Params):
    # Inferred: snake_case of the old camelCase discount fields, sent flat (the old
    # pages wrapped them in {"discount": {...}}).
    percent_off: float | None = Field(None, ge=1, le=100, description="1-100; or amount_off.")
    amount_off: Cents | None = Field(
        None,
        ge=1,
        description="In cents, with currency; or percent_off.",
    )
    currency: Currency | None = Field(None, description="Of amount_off, e.g. usd.")
    duration: Literal["once", "forever", "repeating"] | None = Field(
        None,
        description="For subscriptions; default once.",
    )
    duration_in_months: int | None = Field(None, ge=1, le=36, description="For repeating, 1-36.")
    starts_at: str | None = Field(None, description="Code works from.")
    redeem_by: str | None = Field(None, description="Code expires.")
    max_redemptions: int | None = Field(None, ge=1, description="Total uses; unlimited by default.")
    price_variants: list[PriceVariantId] | None = Field(
        None, description="Only for these; all by default."
    )

    @model_validator(mode="after")
    def _percent_or_amount(self) -> Self:
        if self.percent_off is not None and self.amount_off is not None:
            raise ValueError(
                "a discount is percent_off or amount_off, never both; give one of them"
            )
        if self.amount_off is not None and self.currency is None:
            raise ValueError("amount_off needs a currency (e.g. usd)")
        if self.percent_off is not None and self.currency is not None:
            raise ValueError("currency applies only to amount_off; leave it out with percent_off")
        if self.duration_in_months is not None and self.duration != "repeating":
            raise ValueError("duration_in_months needs duration repeating")
        return self


class CreateDiscount(DiscountFields):
    code: str = Field(
        min_length=1,
        max_length=50,
        pattern="^[A-Za-z0-9_-]+$",
        description="Letters, digits, - _; unique.",
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        if self.percent_off is None and self.amount_off is None:
            raise ValueError("give percent_off, or amount_off with a currency")
        if self.duration == "repeating" and self.duration_in_months is None:
            raise ValueError("a repeating discount needs duration_in_months")
        return self


class UpdateDiscount(DiscountFields):
    discount_id: DiscountId
    code: str | None = Field(
        None,
        min_length=1,
        max_length=50,
        pattern="^[A-Za-z0-9_-]+$",
        description="Letters, digits, - _; unique.",
    )


class DeleteDiscount(ConfirmableParams):
    discount_id: DiscountId


OPERATIONS = (
    # ----- subscriptions -----
    Operation(
        name="list_subscriptions",
        title="List subscriptions",
        description="List subscriptions (memberships).",
        method="GET",
        path="/subscriptions",
        params=ListSubscriptions,
        returns="subscription",
        toolset="billing",
        paginated=True,
    ),
    Operation(
        name="get_subscription",
        title="Get a subscription",
        description="One subscription (membership).",
        method="GET",
        path="/subscriptions/{subscription_id}",
        params=GetSubscription,
        returns="subscription",
        toolset="billing",
    ),
    Operation(
        name="cancel_subscription",
        title="Cancel a subscription",
        description="End a membership for good; access stops. For a break, pause_subscription.",
        method="POST",
        path="/subscriptions/{subscription_id}/cancel",
        params=CancelSubscription,
        returns="subscription",
        toolset="billing",
        destructive=True,
    ),
    Operation(
        name="pause_subscription",
        title="Pause a subscription",
        description="Stop billing a membership for now; resume_subscription undoes it.",
        method="POST",
        path="/subscriptions/{subscription_id}/pause",
        params=PauseSubscription,
        returns="subscription",
        toolset="billing",
    ),
    Operation(
        name="resume_subscription",
        title="Resume a subscription",
        description="Restart billing of a paused membership.",
        method="POST",
        path="/subscriptions/{subscription_id}/resume",
        params=ResumeSubscription,
        returns="subscription",
        toolset="billing",
    ),
    # ----- invoices -----
    Operation(
        name="list_invoices",
        title="List invoices",
        description="List invoices.",
        method="GET",
        path="/invoices",
        params=ListInvoices,
        returns="invoice",
        toolset="billing",
        paginated=True,
    ),
    Operation(
        name="get_invoice",
        title="Get an invoice",
        description="One invoice.",
        method="GET",
        path="/invoices/{invoice_id}",
        params=GetInvoice,
        returns="invoice",
        toolset="billing",
    ),
    Operation(
        name="create_invoice",
        title="Create an invoice",
        description="Bill a buyer for one price; they get a pay link by email.",
        method="POST",
        path="/invoices",
        params=CreateInvoice,
        returns="invoice",
        toolset="billing",
    ),
    Operation(
        name="void_invoice",
        title="Void an invoice",
        description="Cancel an unpaid invoice for good. For money paid, create_refund.",
        method="POST",
        path="/invoices/{invoice_id}/void",
        params=VoidInvoice,
        returns="invoice",
        toolset="billing",
        destructive=True,
    ),
    # ----- checkouts -----
    Operation(
        name="create_checkout",
        title="Create a checkout",
        description="Open a one-off checkout (payment URL) for items or an invoice. "
        "Reusable: create_checkout_link.",
        method="POST",
        path="/checkouts",
        params=CreateCheckout,
        returns="checkout",
        toolset="billing",
    ),
    Operation(
        name="get_checkout",
        title="Get a checkout",
        description="One checkout, with its order once paid.",
        method="GET",
        path="/checkouts/{checkout_id}",
        params=GetCheckout,
        returns="checkout",
        toolset="billing",
    ),
    Operation(
        name="update_checkout",
        title="Update a checkout",
        description="Change an open checkout.",
        method="PATCH",
        path="/checkouts/{checkout_id}",
        params=UpdateCheckout,
        returns="checkout",
        toolset="billing",
    ),
    # ----- checkout links -----
    Operation(
        name="list_checkout_links",
        title="List checkout links",
        description="List checkout links (payment links).",
        method="GET",
        path="/checkout_links",
        params=ListCheckoutLinks,
        returns="checkout_link",
        toolset="billing",
        paginated=True,
    ),
    Operation(
        name="get_checkout_link",
        title="Get a checkout link",
        description="One checkout link (payment link).",
        method="GET",
        path="/checkout_links/{checkout_link_id}",
        params=GetCheckoutLink,
        returns="checkout_link",
        toolset="billing",
    ),
    Operation(
        name="create_checkout_link",
        title="Create a checkout link",
        description="Make a payment link: a reusable checkout URL.",
        method="POST",
        path="/checkout_links",
        params=CreateCheckoutLink,
        returns="checkout_link",
        toolset="billing",
    ),
    Operation(
        name="update_checkout_link",
        title="Update a checkout link",
        description="Change a payment link; its URL stays.",
        method="PATCH",
        path="/checkout_links/{checkout_link_id}",
        params=UpdateCheckoutLink,
        returns="checkout_link",
        toolset="billing",
    ),
    Operation(
        name="delete_checkout_link",
        title="Delete a checkout link",
        description="Delete a payment link; its URL stops working.",
        method="DELETE",
        path="/checkout_links/{checkout_link_id}",
        params=DeleteCheckoutLink,
        returns="checkout_link",
        toolset="billing",
        destructive=True,
    ),
    # ----- discounts -----
    Operation(
        name="list_discounts",
        title="List discounts",
        description="List discounts (coupons, promo codes).",
        method="GET",
        path="/discounts",
        params=ListDiscounts,
        returns="discount",
        toolset="billing",
        paginated=True,
    ),
    Operation(
        name="get_discount",
        title="Get a discount",
        description="One discount (coupon, promo code).",
        method="GET",
        path="/discounts/{discount_id}",
        params=GetDiscount,
        returns="discount",
        toolset="billing",
    ),
    Operation(
        name="create_discount",
        title="Create a discount",
        description="Create a discount code (coupon, promo code).",
        method="POST",
        path="/discounts",
        params=CreateDiscount,
        returns="discount",
        toolset="billing",
    ),
    Operation(
        name="update_discount",
        title="Update a discount",
        description="Change a discount (coupon, promo code).",
        method="PATCH",
        path="/discounts/{discount_id}",
        params=UpdateDiscount,
        returns="discount",
        toolset="billing",
    ),
    Operation(
        name="delete_discount",
        title="Delete a discount",
        description="Delete an unused discount. To end a used one, set redeem_by "
        "(update_discount).",
        method="DELETE",
        path="/discounts/{discount_id}",
        params=DeleteDiscount,
        returns="discount",
        toolset="billing",
        destructive=True,
    ),
)
