"""The whole tool surface as one table, checked against the registry and what clients see."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client

from crevio_mcp.objects import OBJECT_TYPES
from crevio_mcp.operations import OPERATIONS
from crevio_mcp.sandbox import Store
from crevio_mcp.settings import Settings
from tests.helpers import sandbox_settings, text_of

pytestmark = pytest.mark.anyio


@pytest.fixture
def settings() -> Settings:
    return sandbox_settings()


# (tool, method, path template, toolset, read_only, destructive): the product's interface.
TABLE = [
    ("list_products", "GET", "/products", "catalog", True, False),
    ("get_product", "GET", "/products/{product_id}", "catalog", True, False),
    ("create_product", "POST", "/products", "catalog", False, False),
    ("update_product", "PATCH", "/products/{product_id}", "catalog", False, False),
    ("delete_product", "DELETE", "/products/{product_id}", "catalog", False, True),
    ("list_price_variants", "GET", "/price_variants", "catalog", True, False),
    ("get_price_variant", "GET", "/price_variants/{price_variant_id}", "catalog", True, False),
    ("create_price_variant", "POST", "/price_variants", "catalog", False, False),
    (
        "update_price_variant",
        "PATCH",
        "/price_variants/{price_variant_id}",
        "catalog",
        False,
        False,
    ),
    (
        "archive_price_variant",
        "POST",
        "/price_variants/{price_variant_id}/archive",
        "catalog",
        False,
        True,
    ),
    ("list_orders", "GET", "/orders", "orders", True, False),
    ("get_order", "GET", "/orders/{order_id}", "orders", True, False),
    ("get_order_item", "GET", "/order_items/{order_item_id}", "orders", True, False),
    ("list_refunds", "GET", "/refunds", "orders", True, False),
    ("get_refund", "GET", "/refunds/{refund_id}", "orders", True, False),
    ("create_refund", "POST", "/refunds", "orders", False, True),
    ("list_customers", "GET", "/customers", "customers", True, False),
    ("get_customer", "GET", "/customers/{customer_id}", "customers", True, False),
    ("create_customer", "POST", "/customers", "customers", False, False),
    ("update_customer", "PATCH", "/customers/{customer_id}", "customers", False, False),
    ("get_account", "GET", "/account", "account", True, False),
    ("list_subscriptions", "GET", "/subscriptions", "billing", True, False),
    ("get_subscription", "GET", "/subscriptions/{subscription_id}", "billing", True, False),
    (
        "cancel_subscription",
        "POST",
        "/subscriptions/{subscription_id}/cancel",
        "billing",
        False,
        True,
    ),
    (
        "pause_subscription",
        "POST",
        "/subscriptions/{subscription_id}/pause",
        "billing",
        False,
        False,
    ),
    (
        "resume_subscription",
        "POST",
        "/subscriptions/{subscription_id}/resume",
        "billing",
        False,
        False,
    ),
    ("list_invoices", "GET", "/invoices", "billing", True, False),
    ("get_invoice", "GET", "/invoices/{invoice_id}", "billing", True, False),
    ("create_invoice", "POST", "/invoices", "billing", False, False),
    ("void_invoice", "POST", "/invoices/{invoice_id}/void", "billing", False, True),
    ("create_checkout", "POST", "/checkouts", "billing", False, False),
    ("get_checkout", "GET", "/checkouts/{checkout_id}", "billing", True, False),
    ("update_checkout", "PATCH", "/checkouts/{checkout_id}", "billing", False, False),
    ("list_checkout_links", "GET", "/checkout_links", "billing", True, False),
    ("get_checkout_link", "GET", "/checkout_links/{checkout_link_id}", "billing", True, False),
    ("create_checkout_link", "POST", "/checkout_links", "billing", False, False),
    (
        "update_checkout_link",
        "PATCH",
        "/checkout_links/{checkout_link_id}",
        "billing",
        False,
        False,
    ),
    (
        "delete_checkout_link",
        "DELETE",
        "/checkout_links/{checkout_link_id}",
        "billing",
        False,
        True,
    ),
    ("list_discounts", "GET", "/discounts", "billing", True, False),
    ("get_discount", "GET", "/discounts/{discount_id}", "billing", True, False),
    ("create_discount", "POST", "/discounts", "billing", False, False),
    ("update_discount", "PATCH", "/discounts/{discount_id}", "billing", False, False),
    ("delete_discount", "DELETE", "/discounts/{discount_id}", "billing", False, True),
    ("list_experiences", "GET", "/experiences", "content", True, False),
    ("get_experience", "GET", "/experiences/{experience_id}", "content", True, False),
    ("list_blog_posts", "GET", "/blog_posts", "content", True, False),
    ("get_blog_post", "GET", "/blog_posts/{blog_post_id}", "content", True, False),
    ("list_legal_pages", "GET", "/legal_pages", "content", True, False),
    ("get_legal_page", "GET", "/legal_pages/{legal_page_id}", "content", True, False),
    ("update_legal_page", "PATCH", "/legal_pages/{legal_page_id}", "content", False, False),
    ("list_reviews", "GET", "/reviews", "content", True, False),
    ("get_review", "GET", "/reviews/{review_id}", "content", True, False),
    ("create_review", "POST", "/reviews", "content", False, False),
    ("update_review", "PATCH", "/reviews/{review_id}", "content", False, False),
    ("delete_review", "DELETE", "/reviews/{review_id}", "content", False, True),
    ("set_review_position", "POST", "/reviews/{review_id}/position", "content", False, False),
    ("list_files", "GET", "/files", "files", True, False),
    ("get_file", "GET", "/files/{file_id}", "files", True, False),
    ("upload_file", "POST", "/files", "files", False, False),
    ("delete_file", "DELETE", "/files/{file_id}", "files", False, True),
    ("send_email", "POST", "/emails", "messaging", False, True),
    ("list_webhook_endpoints", "GET", "/webhook_endpoints", "developer", True, False),
    (
        "get_webhook_endpoint",
        "GET",
        "/webhook_endpoints/{webhook_endpoint_id}",
        "developer",
        True,
        False,
    ),
    ("create_webhook_endpoint", "POST", "/webhook_endpoints", "developer", False, False),
    (
        "update_webhook_endpoint",
        "PATCH",
        "/webhook_endpoints/{webhook_endpoint_id}",
        "developer",
        False,
        False,
    ),
    (
        "delete_webhook_endpoint",
        "DELETE",
        "/webhook_endpoints/{webhook_endpoint_id}",
        "developer",
        False,
        True,
    ),
    ("list_webhook_events", "GET", "/webhook_events", "developer", True, False),
    (
        "get_webhook_event",
        "GET",
        "/webhook_events/{webhook_event_id}",
        "developer",
        True,
        False,
    ),
    ("get_x402_configuration", "GET", "/x402_configuration", "developer", True, False),
    ("update_x402_configuration", "PATCH", "/x402_configuration", "developer", False, True),
]
TOOLSETS = {
    "catalog",
    "orders",
    "customers",
    "billing",
    "content",
    "files",
    "messaging",
    "developer",
    "account",
}


def test_the_registry_holds_exactly_the_operations_of_the_table() -> None:
    registered = [
        (op.name, op.method, op.path, op.toolset, op.read_only, op.destructive) for op in OPERATIONS
    ]
    assert sorted(registered) == sorted(TABLE)
    assert len({row[0] for row in TABLE}) == len(TABLE)


async def test_clients_see_every_tool_with_the_tables_annotations(client: Client) -> None:
    listed = {tool.name: tool for tool in (await client.list_tools()).tools}
    assert set(listed) == {row[0] for row in TABLE}
    for name, method, _, _, read_only, destructive in TABLE:
        annotations = listed[name].annotations
        assert annotations is not None, name
        assert annotations.read_only_hint is read_only, name
        if not read_only:
            assert annotations.destructive_hint is destructive, name
            assert annotations.idempotent_hint is (method != "POST"), name


async def test_only_destructive_tools_take_a_confirmation_token(client: Client) -> None:
    destructive = {row[0] for row in TABLE if row[5]}
    for tool in (await client.list_tools()).tools:
        takes_token = "confirmation_token" in tool.input_schema["properties"]
        assert takes_token is (tool.name in destructive), tool.name


def test_every_row_fills_its_path_returns_a_declared_type_and_has_a_known_toolset() -> None:
    for op in OPERATIONS:
        fields = op.params.model_fields
        assert set(op.path_fields) <= set(fields), op.name
        for name in op.path_fields:
            assert fields[name].is_required(), (op.name, name)
        assert op.returns in OBJECT_TYPES, op.name
        assert op.toolset in TOOLSETS, op.name
        assert op.description and op.title, op.name


def test_every_list_tool_is_the_one_its_object_type_points_to_for_valid_ids() -> None:
    for op in OPERATIONS:
        if op.paginated:
            assert OBJECT_TYPES[op.returns].list_tool == op.name, op.name


# (tool, arguments, the parameter at fault, a word of what is allowed). Each is refused
# before any request is sent.
REFUSED: list[tuple[str, dict[str, Any], str, str]] = [
    ("delete_product", {"product_id": " "}, "product_id", "product ID"),
    (
        "create_price_variant",
        {"product": "prod_x1", "name": "Monthly", "amount": 900, "billing_type": "monthly"},
        "billing_type",
        "'subscription'",
    ),
    (
        "update_price_variant",
        {"price_variant_id": "price_x1", "recurring_interval": "fortnight"},
        "recurring_interval",
        "'week'",
    ),
    ("archive_price_variant", {"price_variant_id": "prod_x1"}, "price_variant_id", "price_"),
    ("create_refund", {"order": "ord_x1", "amount": 0}, "amount", "1"),
    ("list_subscriptions", {"status": "live"}, "status", "'past_due'"),
    ("get_subscription", {"subscription_id": "ord_x1"}, "subscription_id", "sub_"),
    ("cancel_subscription", {"subscription_id": "cus_x1"}, "subscription_id", "sub_"),
    ("pause_subscription", {"subscription_id": "inv_x1"}, "subscription_id", "sub_"),
    ("resume_subscription", {"subscription_id": "sub_"}, "subscription_id", "sub_"),
    ("list_invoices", {"status": "draft"}, "status", "'void'"),
    ("get_invoice", {"invoice_id": "inv_x1", "expand": ["lines"]}, "expand", "'order'"),
    (
        "create_invoice",
        {"price_variant": "price_x1", "customer": "cus_x1", "email_address": "a@example.com"},
        "customer_name",
        "email_address",
    ),
    ("void_invoice", {"invoice_id": "in_x1"}, "invoice_id", "inv_"),
    ("create_checkout", {"customer": "cus_x1"}, "line_items", "invoice"),
    ("get_checkout", {"checkout_id": "cs_x1"}, "checkout_id", "co_"),
    (
        "update_checkout",
        {"checkout_id": "co_x1", "line_items": [{"price_variant": "price_x1", "quantity": 0}]},
        "quantity",
        "1",
    ),
    ("list_checkout_links", {"expand": ["products"]}, "expand", "'price_variants'"),
    ("get_checkout_link", {"checkout_link_id": "link_x1"}, "checkout_link_id", "cl_"),
    ("create_checkout_link", {"price_variants": []}, "price_variants", "1"),
    (
        "update_checkout_link",
        {"checkout_link_id": "cl_x1", "discount": "SPRING"},
        "discount",
        "disc_",
    ),
    ("delete_checkout_link", {"checkout_link_id": "co_x1"}, "checkout_link_id", "cl_"),
    ("list_discounts", {"status": "inactive"}, "status", "'scheduled'"),
    ("get_discount", {"discount_id": "SPRING10"}, "discount_id", "disc_"),
    (
        "create_discount",
        {"code": "BOTH", "percent_off": 10, "amount_off": 500, "currency": "usd"},
        "percent_off",
        "amount_off",
    ),
    ("update_discount", {"discount_id": "disc_x1", "percent_off": 150}, "percent_off", "100"),
    ("delete_discount", {"discount_id": "co_x1"}, "discount_id", "disc_"),
    ("list_experiences", {"type": "podcast"}, "type", "'course'"),
    ("get_experience", {"experience_id": ""}, "experience_id", "experience ID"),
    ("list_blog_posts", {"status": "live"}, "status", "'published'"),
    ("get_blog_post", {"blog_post_id": ""}, "blog_post_id", "blog post ID"),
    ("list_legal_pages", {"limit": 0}, "limit", "1"),
    ("get_legal_page", {"legal_page_id": ""}, "legal_page_id", "legal page ID"),
    ("update_legal_page", {"legal_page_id": "terms", "title": ""}, "title", "1 character"),
    ("list_reviews", {"product": "cus_x1"}, "product", "prod_"),
    ("get_review", {"review_id": "re_x1"}, "review_id", "rev_"),
    ("create_review", {"product": "prod_x1", "rating": 6}, "rating", "5"),
    ("update_review", {"review_id": "rev_x1", "rating": 0}, "rating", "1"),
    ("delete_review", {"review_id": "post_x1"}, "review_id", "rev_"),
    ("set_review_position", {"review_id": "rev_x1", "position": -1}, "position", "0"),
    ("list_files", {"kind": "image"}, "kind", "'external_video'"),
    ("get_file", {"file_id": "fil_x1"}, "file_id", "file_"),
    ("upload_file", {"file_path": "/nonexistent/brochure.pdf"}, "file_path", "existing file"),
    ("delete_file", {"file_id": "wh_x1"}, "file_id", "file_"),
    (
        "send_email",
        {"to": "cus_x1", "subject": "Hi", "body": "Hello", "reply_to": "nobody"},
        "reply_to",
        "email",
    ),
    ("list_webhook_endpoints", {"limit": 101}, "limit", "100"),
    ("get_webhook_endpoint", {"webhook_endpoint_id": "whev_x1"}, "webhook_endpoint_id", "wh_"),
    (
        "create_webhook_endpoint",
        {"url": "https://example.com/hook", "enabled_events": []},
        "enabled_events",
        "1",
    ),
    (
        "update_webhook_endpoint",
        {"webhook_endpoint_id": "wh_x1", "url": "ftp://example.com/hook"},
        "url",
        "https?",
    ),
    ("delete_webhook_endpoint", {"webhook_endpoint_id": "whsec_x1"}, "webhook_endpoint_id", "wh_"),
    ("list_webhook_events", {"type": "order"}, "type", "[a-z_]"),
    ("get_webhook_event", {"webhook_event_id": "wh_x1"}, "webhook_event_id", "whev_"),
    ("get_x402_configuration", {"chain": "base"}, "chain", "not a parameter"),
    (
        "update_x402_configuration",
        {"x402_wallet_address": "my-wallet"},
        "x402_wallet_address",
        "0x",
    ),
]


def test_every_tool_beyond_the_foundation_has_a_refusal_case() -> None:
    foundation = {
        "list_products",
        "get_product",
        "create_product",
        "update_product",
        "list_price_variants",
        "get_price_variant",
        "list_orders",
        "get_order",
        "get_order_item",
        "list_refunds",
        "get_refund",
        "list_customers",
        "get_customer",
        "create_customer",
        "update_customer",
        "get_account",
    }
    assert {row[0] for row in TABLE} - foundation == {case[0] for case in REFUSED}


@pytest.mark.parametrize(
    ("tool", "arguments", "param", "allowed"), REFUSED, ids=[case[0] for case in REFUSED]
)
async def test_an_invalid_argument_is_refused_naming_the_parameter_and_what_is_allowed(
    client: Client,
    store: Store,
    tool: str,
    arguments: dict[str, Any],
    param: str,
    allowed: str,
) -> None:
    before = len(store.requests)
    result = await client.call_tool(tool, arguments)
    assert result.is_error
    assert result.structured_content is None
    text = text_of(result)
    assert param in text and allowed in text, text
    assert len(store.requests) == before, "nothing may be sent for a refused call"
