"""Getting paid: subscriptions, invoices, checkouts, checkout links and discount codes."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator

from crevio_mcp.operations.base import (
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
    ) = Field(None, description="Only subscriptions in this status.")
    # Inferred: only `status` is documented as a filter; customer and price_variant
    # follow the orders list's convention.
    customer: CustomerId | None = Field(None, description="Only this customer's (cus_…).")
    price_variant: PriceVariantId | None = Field(
        None, description="Only subscriptions to this plan (price_…)."
    )
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
    status: Literal["open", "paid", "past_due", "void"] | None = Field(
        None, description="Only invoices in this status."
    )
    customer: CustomerId | None = Field(None, description="Only this customer's (cus_…).")
    expand: InvoiceExpand = None


class GetInvoice(Params):
    invoice_id: InvoiceId
    expand: InvoiceExpand = None


class CreateInvoice(Params):
    # Inferred body: the field names follow the invoice object; the create page was not seen.
    price_variant: PriceVariantId = Field(
        description="What is billed (price_…); the amount and currency come from it."
    )
    customer: CustomerId | None = Field(
        None,
        description="An existing customer to bill (cus_…); or give customer_name and "
        "email_address instead.",
    )
    customer_name: str | None = Field(
        None, max_length=200, description="Buyer's name, when billing someone not yet a customer."
    )
    email_address: EmailStr | None = Field(
        None, description="Where the invoice goes, when not billing a customer."
    )
    due_at: str | None = Field(None, description="ISO 8601 due date; must be in the future.")
    description: str | None = Field(
        None, max_length=500, description="What the invoice is for, shown to the buyer."
    )
    collection_method: Literal["send_invoice", "charge_automatically"] | None = Field(
        None,
        description="send_invoice (default) emails a pay link; charge_automatically charges "
        "the customer's saved card.",
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

    price_variant: PriceVariantId = Field(description="What is bought (price_…).")
    quantity: int = Field(1, ge=1, le=100, description="How many, 1-100 (default 1).")


LineItems = Annotated[
    list[LineItem],
    Field(
        min_length=1,
        description="What is bought: price variants and quantities. One-time and recurring "
        "prices cannot be mixed in one checkout.",
    ),
]
DISCOUNT_AT_CHECKOUT = "Discount to apply: its ID (disc_…) or the code a buyer would type."


class CreateCheckout(Params):
    # Inferred body: the overview says "line items"; the object itself calls them
    # checkout_items. `line_items` is the guess.
    line_items: LineItems | None = None
    invoice: InvoiceId | None = Field(
        None, description="Pay this open invoice (inv_…) instead of giving line_items."
    )
    customer: CustomerId | None = Field(None, description="Buyer, if already known (cus_…).")
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
    customer: CustomerId | None = Field(None, description="Set the buyer (cus_…).")
    discount: str | None = Field(None, min_length=1, description=DISCOUNT_AT_CHECKOUT)


# ----- checkout links -----------------------------------------------------------------

LinkExpand = list[Literal["discount", "price_variants"]] | None


class ListCheckoutLinks(ListParams):
    expand: LinkExpand = None


class GetCheckoutLink(Params):
    checkout_link_id: CheckoutLinkId
    expand: LinkExpand = None


class CheckoutLinkFields(Params):
    name: str | None = Field(None, max_length=200, description="Internal name of the link.")
    success_url: str | None = Field(
        None, max_length=2000, description="Page buyers land on after paying (https://…)."
    )
    allow_discount_codes: bool | None = Field(
        None, description="Whether buyers may type a discount code (default true)."
    )
    discount: DiscountId | None = Field(None, description="Discount applied up front (disc_…).")
    metadata: dict[str, str] | None = Field(
        None, description="Your own key-value labels, up to 50 string values."
    )


class CreateCheckoutLink(CheckoutLinkFields):
    price_variants: list[PriceVariantId] = Field(
        min_length=1, description="Price variants offered on the link (price_…), at least one."
    )


class UpdateCheckoutLink(CheckoutLinkFields):
    checkout_link_id: CheckoutLinkId
    price_variants: list[PriceVariantId] | None = Field(
        None, min_length=1, description="Replace the offered price variants (price_…)."
    )


class DeleteCheckoutLink(ConfirmableParams):
    checkout_link_id: CheckoutLinkId


# ----- discounts -------------------------------------------------------------------


class ListDiscounts(ListParams):
    status: Literal["active", "scheduled", "expired"] | None = Field(
        None, description="Only discounts in this state."
    )


class GetDiscount(Params):
    discount_id: DiscountId
    expand: list[Literal["price_variants"]] | None = None


class DiscountFields(Params):
    # Inferred: snake_case of the old camelCase discount fields, sent flat (the old
    # pages wrapped them in {"discount": {...}}).
    percent_off: float | None = Field(
        None, ge=1, le=100, description="Percent off, 1-100; or give amount_off instead."
    )
    amount_off: int | None = Field(
        None,
        ge=1,
        description="Fixed amount off in minor units (cents: 500 = 5.00), with currency; "
        "or give percent_off instead.",
    )
    currency: Currency | None = Field(
        None, description="Currency of amount_off (usd); only for fixed-amount discounts."
    )
    duration: Literal["once", "forever", "repeating"] | None = Field(
        None,
        description="For subscriptions: off the first payment only (once, the default), every "
        "payment (forever) or for duration_in_months (repeating).",
    )
    duration_in_months: int | None = Field(
        None, ge=1, le=36, description="Months a repeating discount lasts, 1-36."
    )
    starts_at: str | None = Field(None, description="ISO 8601 time the code starts working.")
    redeem_by: str | None = Field(None, description="ISO 8601 time the code stops working.")
    max_redemptions: int | None = Field(
        None, ge=1, description="How many times the code can be used in all; unlimited if left out."
    )
    price_variants: list[PriceVariantId] | None = Field(
        None, description="Limit the code to these price variants (price_…); all if left out."
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
        description="The code buyers type: letters, digits, - and _; unique in the store, "
        "case-insensitive.",
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
        description="New code: letters, digits, - and _.",
    )


class DeleteDiscount(ConfirmableParams):
    discount_id: DiscountId


OPERATIONS = (
    # ----- subscriptions -----
    Operation(
        name="list_subscriptions",
        title="List subscriptions",
        description="List subscriptions (memberships), newest first; filter by status, "
        "customer or plan.",
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
        description="Get one subscription: status, customer, plan, current period, trial.",
        method="GET",
        path="/subscriptions/{subscription_id}",
        params=GetSubscription,
        returns="subscription",
        toolset="billing",
    ),
    Operation(
        name="cancel_subscription",
        title="Cancel a subscription",
        description="End a subscription for good: billing stops and the buyer loses access. "
        "To stop billing for a while, use pause_subscription.",
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
        description="Pause an active subscription's billing; undo with resume_subscription.",
        method="POST",
        path="/subscriptions/{subscription_id}/pause",
        params=PauseSubscription,
        returns="subscription",
        toolset="billing",
    ),
    Operation(
        name="resume_subscription",
        title="Resume a subscription",
        description="Restart billing on a paused subscription.",
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
        description="List invoices, newest first; filter by status (open, paid, past_due, "
        "void) or customer.",
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
        description="Get one invoice: number, status, amount, buyer, due date, and the order "
        "that paid it.",
        method="GET",
        path="/invoices/{invoice_id}",
        params=GetInvoice,
        returns="invoice",
        toolset="billing",
    ),
    Operation(
        name="create_invoice",
        title="Create an invoice",
        description="Bill one buyer for one price variant. By default the buyer is emailed a "
        "pay link; to take payment yourself, open a checkout with create_checkout(invoice=…).",
        method="POST",
        path="/invoices",
        params=CreateInvoice,
        returns="invoice",
        toolset="billing",
    ),
    Operation(
        name="void_invoice",
        title="Void an invoice",
        description="Cancel an unpaid invoice for good so it can't be paid. To give money "
        "back on a paid order, use create_refund.",
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
        description="Open a one-off checkout session for line items, or to pay an invoice "
        "(invoice=inv_…); the result has the URL the buyer pays at. For a reusable link, "
        "use create_checkout_link.",
        method="POST",
        path="/checkouts",
        params=CreateCheckout,
        returns="checkout",
        toolset="billing",
    ),
    Operation(
        name="get_checkout",
        title="Get a checkout",
        description="Get one checkout session: status, items, total, customer, and the order "
        "once paid.",
        method="GET",
        path="/checkouts/{checkout_id}",
        params=GetCheckout,
        returns="checkout",
        toolset="billing",
    ),
    Operation(
        name="update_checkout",
        title="Update a checkout",
        description="Change an open checkout's items, customer or discount; totals are "
        "recalculated.",
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
        description="List checkout links (payment links), newest first.",
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
        description="Get one checkout link: its URL, price variants and discount.",
        method="GET",
        path="/checkout_links/{checkout_link_id}",
        params=GetCheckoutLink,
        returns="checkout_link",
        toolset="billing",
    ),
    Operation(
        name="create_checkout_link",
        title="Create a checkout link",
        description="Make a payment link: a reusable URL that opens a checkout for chosen "
        "price variants, optionally with a discount.",
        method="POST",
        path="/checkout_links",
        params=CreateCheckoutLink,
        returns="checkout_link",
        toolset="billing",
    ),
    Operation(
        name="update_checkout_link",
        title="Update a checkout link",
        description="Change a checkout link's name, price variants, discount or success page; "
        "its URL stays the same.",
        method="PATCH",
        path="/checkout_links/{checkout_link_id}",
        params=UpdateCheckoutLink,
        returns="checkout_link",
        toolset="billing",
    ),
    Operation(
        name="delete_checkout_link",
        title="Delete a checkout link",
        description="Delete a checkout link; its URL stops working.",
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
        description="List discount codes (coupons, promo codes), newest first; filter by "
        "active, scheduled or expired.",
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
        description="Get one discount code: percent or amount off, duration, limits, times used.",
        method="GET",
        path="/discounts/{discount_id}",
        params=GetDiscount,
        returns="discount",
        toolset="billing",
    ),
    Operation(
        name="create_discount",
        title="Create a discount",
        description="Create a discount code (coupon, promo code): percent_off, or amount_off "
        "with a currency; optionally limited to some price variants, dates or uses.",
        method="POST",
        path="/discounts",
        params=CreateDiscount,
        returns="discount",
        toolset="billing",
    ),
    Operation(
        name="update_discount",
        title="Update a discount",
        description="Change a discount code's amount, dates, limits or code; only the fields "
        "given change.",
        method="PATCH",
        path="/discounts/{discount_id}",
        params=UpdateDiscount,
        returns="discount",
        toolset="billing",
    ),
    Operation(
        name="delete_discount",
        title="Delete a discount",
        description="Delete a discount code that was never used. To end a used one, "
        "set redeem_by with update_discount.",
        method="DELETE",
        path="/discounts/{discount_id}",
        params=DeleteDiscount,
        returns="discount",
        toolset="billing",
        destructive=True,
    ),
)
