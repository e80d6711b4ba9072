"""Orders, their line items, and refunds."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from crevio_mcp.operations.base import ConfirmableParams, ListParams, Operation, Params
from crevio_mcp.operations.ids import CustomerId, OrderId, OrderItemId, RefundId

OrderExpand = list[Literal["line_items", "customer"]] | None


class ListOrders(ListParams):
    status: Literal["succeeded", "pending", "failed", "refunded", "partially_refunded"] | None = (
        Field(None, description="Only orders in this status.")
    )
    customer: CustomerId | None = Field(None, description="Only this customer's orders (cus_…).")
    processor: str | None = Field(
        None, description="Only orders paid through this processor (stripe, ...)."
    )
    expand: OrderExpand = None


class GetOrder(Params):
    order_id: OrderId
    expand: OrderExpand = None


class GetOrderItem(Params):
    order_item_id: OrderItemId


class ListRefunds(ListParams):
    order: OrderId | None = Field(None, description="Only refunds of this order (ord_…).")


class GetRefund(Params):
    refund_id: RefundId


class CreateRefund(ConfirmableParams):
    order: OrderId = Field(description="Order to refund (ord_…).")
    amount: int | None = Field(
        None,
        ge=1,
        description="For a partial refund: the amount in minor units (cents: 2450 = 24.50), "
        "in the order's currency. Leave out to refund everything not yet refunded.",
    )
    # Inferred: the docs type reason as free text; these are Stripe's reason values.
    reason: Literal["requested_by_customer", "duplicate", "fraudulent", "other"] | None = Field(
        None, description="Why the money goes back."
    )
    notes: str | None = Field(
        None, max_length=1000, description="Internal note, not shown to the buyer."
    )


OPERATIONS = (
    Operation(
        name="list_orders",
        title="List orders",
        description="List orders (purchases), newest first; filter by status or customer.",
        method="GET",
        path="/orders",
        params=ListOrders,
        returns="order",
        toolset="orders",
        paginated=True,
    ),
    Operation(
        name="get_order",
        title="Get an order",
        description="Get one order: status, amount, amount refunded, customer and line items.",
        method="GET",
        path="/orders/{order_id}",
        params=GetOrder,
        returns="order",
        toolset="orders",
    ),
    Operation(
        name="get_order_item",
        title="Get an order item",
        description="Get one line item of an order: product, price variant, quantity.",
        method="GET",
        path="/order_items/{order_item_id}",
        params=GetOrderItem,
        returns="order_item",
        toolset="orders",
    ),
    Operation(
        name="list_refunds",
        title="List refunds",
        description="List refunds already made, optionally for one order.",
        method="GET",
        path="/refunds",
        params=ListRefunds,
        returns="refund",
        toolset="orders",
        paginated=True,
    ),
    Operation(
        name="get_refund",
        title="Get a refund",
        description="Get one refund: amount, order, reason, status.",
        method="GET",
        path="/refunds/{refund_id}",
        params=GetRefund,
        returns="refund",
        toolset="orders",
    ),
    Operation(
        name="create_refund",
        title="Refund an order",
        description="Give money back on a paid order, in full or in part (amount), through "
        "the original payment; it cannot be undone. Not for unpaid invoices (void_invoice).",
        method="POST",
        path="/refunds",
        params=CreateRefund,
        returns="refund",
        toolset="orders",
        destructive=True,
    ),
)
