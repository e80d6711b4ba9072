"""Orders, their line items, and refunds."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from crevio_mcp.operations.base import Cents, ConfirmableParams, ListParams, Operation, Params
from crevio_mcp.operations.ids import CustomerId, OrderId, OrderItemId, RefundId

OrderExpand = list[Literal["line_items", "customer"]] | None


class ListOrders(ListParams):
    status: Literal["succeeded", "pending", "failed", "refunded", "partially_refunded"] | None = (
        Field(None, description="Filter.")
    )
    customer: CustomerId | None = None
    processor: str | None = Field(None, description="e.g. stripe.")
    expand: OrderExpand = None


class GetOrder(Params):
    order_id: OrderId
    expand: OrderExpand = None


class GetOrderItem(Params):
    order_item_id: OrderItemId


class ListRefunds(ListParams):
    order: OrderId | None = None


class GetRefund(Params):
    refund_id: RefundId


class CreateRefund(ConfirmableParams):
    order: OrderId
    amount: Cents | None = Field(
        None,
        ge=1,
        description="Part to refund, in cents; all that is left by default.",
    )
    # Inferred: the docs type reason as free text; these are Stripe's reason values.
    reason: Literal["requested_by_customer", "duplicate", "fraudulent", "other"] | None = Field(
        None, description="Why."
    )
    notes: str | None = Field(None, max_length=1000, description="Internal note.")


OPERATIONS = (
    Operation(
        name="list_orders",
        title="List orders",
        description="List orders (purchases, sales).",
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
        description="One order with amounts and refunds.",
        method="GET",
        path="/orders/{order_id}",
        params=GetOrder,
        returns="order",
        toolset="orders",
    ),
    Operation(
        name="get_order_item",
        title="Get an order item",
        description="One line item of an order.",
        method="GET",
        path="/order_items/{order_item_id}",
        params=GetOrderItem,
        returns="order_item",
        toolset="orders",
    ),
    Operation(
        name="list_refunds",
        title="List refunds",
        description="List refunds made.",
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
        description="One refund.",
        method="GET",
        path="/refunds/{refund_id}",
        params=GetRefund,
        returns="refund",
        toolset="orders",
    ),
    Operation(
        name="create_refund",
        title="Refund an order",
        description="Refund a paid order, all or part; final. Unpaid invoice: void_invoice.",
        method="POST",
        path="/refunds",
        params=CreateRefund,
        returns="refund",
        toolset="orders",
        destructive=True,
    ),
)
