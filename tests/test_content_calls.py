"""Experiences, blog posts, legal pages and reviews, through MCP."""

from __future__ import annotations

import pytest
from mcp import Client

from crevio_mcp.sandbox import DEMO_PRODUCT_ID, Store
from crevio_mcp.settings import Settings
from tests.helpers import call_ok, sandbox_settings, structured, text_of

pytestmark = pytest.mark.anyio


@pytest.fixture
def settings() -> Settings:
    return sandbox_settings(unguarded=True)


async def test_experiences_are_listed_without_content_and_opened_by_slug_with_it(
    client: Client, store: Store
) -> None:
    page = await call_ok(client, "list_experiences", {"limit": 100})
    assert {e["id"] for e in page["data"]} == {e["id"] for e in store.all("experience")}
    assert all("content" not in e for e in page["data"])

    course = next(e for e in store.all("experience") if e["type"] == "course")
    result = await client.call_tool("get_experience", {"experience_id": course["slug"]})
    experience = structured(result)
    assert experience["id"] == course["id"]
    assert experience["content"] == course["_content"] and experience["content"]
    assert course["_content"][0]["title"] in text_of(result)


async def test_courses_are_listed_by_type(client: Client, store: Store) -> None:
    page = await call_ok(client, "list_experiences", {"type": "course", "limit": 100})
    expected = {e["id"] for e in store.all("experience") if e["type"] == "course"}
    assert {e["id"] for e in page["data"]} == expected and expected


async def test_draft_blog_posts_are_listed_and_a_post_is_read_by_slug(
    client: Client, store: Store
) -> None:
    drafts = await call_ok(client, "list_blog_posts", {"status": "draft"})
    expected = {p["id"] for p in store.all("blog_post") if p["status"] == "draft"}
    assert {p["id"] for p in drafts["data"]} == expected and expected

    post = next(p for p in store.all("blog_post") if p["status"] == "published")
    result = await client.call_tool("get_blog_post", {"blog_post_id": post["slug"]})
    assert structured(result)["id"] == post["id"] and post["title"] in text_of(result)


async def test_an_unknown_blog_post_slug_is_a_not_found_error_pointing_to_the_list(
    client: Client,
) -> None:
    result = await client.call_tool("get_blog_post", {"blog_post_id": "no-such-post"})
    assert result.is_error
    assert "404" in text_of(result) and "list_blog_posts" in text_of(result)


async def test_the_refund_policy_is_found_by_slug_and_rewritten(
    client: Client, store: Store
) -> None:
    pages = await call_ok(client, "list_legal_pages", {})
    assert {p["id"] for p in pages["data"]} == {p["id"] for p in store.all("legal_page")}

    found = await call_ok(client, "get_legal_page", {"legal_page_id": "refund-policy"})
    body = "<p>Refunds within 30 days, no questions asked.</p>"
    updated = await call_ok(
        client, "update_legal_page", {"legal_page_id": "refund-policy", "body": body}
    )
    assert updated["id"] == found["id"]
    stored = store.get("legal_page", found["id"])
    assert stored is not None and stored["body"] == body


async def test_reviews_are_added_reordered_edited_and_removed(client: Client, store: Store) -> None:
    first = await call_ok(
        client,
        "create_review",
        {"product": DEMO_PRODUCT_ID, "rating": 4, "content": "Good", "customer_name": "Ana"},
    )
    second = await call_ok(
        client,
        "create_review",
        {"product": DEMO_PRODUCT_ID, "rating": 5, "content": "Superb", "customer_name": "Ben"},
    )
    listed = await call_ok(client, "list_reviews", {"product": DEMO_PRODUCT_ID, "limit": 100})
    expected = {r["id"] for r in store.all("review") if r["product"] == DEMO_PRODUCT_ID}
    assert {r["id"] for r in listed["data"]} == expected >= {first["id"], second["id"]}

    moved = await call_ok(client, "set_review_position", {"review_id": second["id"], "position": 0})
    assert moved["position"] == 0
    stored_first = store.get("review", first["id"])
    assert stored_first is not None and stored_first["position"] > 0

    await call_ok(client, "update_review", {"review_id": first["id"], "rating": 3})
    assert stored_first["rating"] == 3
    result = await client.call_tool("get_review", {"review_id": first["id"]})
    assert "Ana" in text_of(result)

    deleted = await call_ok(client, "delete_review", {"review_id": first["id"]})
    assert deleted["deleted"] is True and store.get("review", first["id"]) is None


async def test_a_review_of_an_unknown_product_is_an_api_error_naming_the_product(
    client: Client,
) -> None:
    result = await client.call_tool("create_review", {"product": "prod_nosuchthing", "rating": 5})
    assert result.is_error
    assert "resource_missing" in text_of(result) and "product" in text_of(result)
