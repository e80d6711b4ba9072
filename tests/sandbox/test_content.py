"""Experiences, blog posts, legal pages and reviews."""

from __future__ import annotations

import httpx
import pytest

from crevio_mcp.sandbox import Store
from crevio_mcp.sandbox.seed import (
    DEMO_BLOG_POST_SLUG,
    DEMO_EXPERIENCE_ID,
    DEMO_EXPERIENCE_SLUG,
    DEMO_PRODUCT_ID,
    INJECTION_REVIEW_CONTENT,
    INJECTION_REVIEW_ID,
    LEGAL_PAGE_SLUGS,
)

from .conftest import collect, error_of

pytestmark = pytest.mark.anyio


async def test_an_experience_is_found_by_slug_and_carries_its_content(
    client: httpx.AsyncClient,
) -> None:
    by_slug = (await client.get(f"/experiences/{DEMO_EXPERIENCE_SLUG}")).json()
    assert by_slug["id"] == DEMO_EXPERIENCE_ID
    assert by_slug["content"][0]["lessons"]
    assert by_slug["products"] == [DEMO_PRODUCT_ID]
    listed = await collect(client, "/experiences")
    assert all("content" not in e for e in listed)
    expanded = (
        await client.get(f"/experiences/{DEMO_EXPERIENCE_ID}", params={"expand": "products"})
    ).json()
    assert expanded["products"][0]["object"] == "product"


async def test_blog_posts_filter_by_status_and_resolve_by_slug(
    client: httpx.AsyncClient,
) -> None:
    for status in ("draft", "published", "scheduled", "archived"):
        posts = await collect(client, "/blog_posts", status=status)
        assert posts and {p["status"] for p in posts} == {status}
    post = await client.get(f"/blog_posts/{DEMO_BLOG_POST_SLUG}")
    assert post.status_code == 200
    assert post.json()["object"] == "blog_post"
    bad = await client.get("/blog_posts", params={"status": "live"})
    assert error_of(bad)["code"] == "parameter_invalid"


async def test_legal_pages_resolve_by_slug_and_can_be_edited(
    client: httpx.AsyncClient, store: Store
) -> None:
    pages = await collect(client, "/legal_pages")
    assert {p["slug"] for p in pages} == set(LEGAL_PAGE_SLUGS)
    response = await client.patch(
        "/legal_pages/refund-policy", json={"body": "<p>Refunds within 30 days.</p>"}
    )
    assert response.status_code == 200
    fetched = (await client.get("/legal_pages/refund-policy")).json()
    assert fetched["body"] == "<p>Refunds within 30 days.</p>"
    assert store.events[-1]["type"] == "legal_page.updated"
    blank = await client.patch("/legal_pages/refund-policy", json={"title": ""})
    assert blank.status_code == 422


async def test_the_prompt_injection_review_is_stored_as_plain_data(
    client: httpx.AsyncClient,
) -> None:
    review = (await client.get(f"/reviews/{INJECTION_REVIEW_ID}")).json()
    assert review["content"] == INJECTION_REVIEW_CONTENT
    product = (
        await client.get(f"/products/{DEMO_PRODUCT_ID}", params={"expand": "reviews"})
    ).json()
    assert INJECTION_REVIEW_ID in {r["id"] for r in product["reviews"]}
    assert product["reviews_count"] == len(product["reviews"])


async def test_a_review_updates_its_products_rating(
    client: httpx.AsyncClient, store: Store
) -> None:
    before = (await client.get(f"/products/{DEMO_PRODUCT_ID}")).json()
    created = await client.post(
        "/reviews",
        json={"product": "cafe-creme-masterclass", "rating": 1, "content": "Not for me"},
    )
    assert created.status_code == 201, created.text
    review = created.json()
    assert review["product"] == DEMO_PRODUCT_ID
    after = (await client.get(f"/products/{DEMO_PRODUCT_ID}")).json()
    assert after["reviews_count"] == before["reviews_count"] + 1
    assert after["average_rating"] < before["average_rating"]
    listed = await collect(client, "/reviews", product=DEMO_PRODUCT_ID)
    assert review["id"] in {r["id"] for r in listed}
    patched = await client.patch(f"/reviews/{review['id']}", json={"rating": 5})
    assert patched.json()["rating"] == 5
    deleted = await client.delete(f"/reviews/{review['id']}")
    assert deleted.json()["deleted"] is True
    assert [e["type"] for e in store.events] == [
        "review.created",
        "review.updated",
        "review.deleted",
    ]


@pytest.mark.parametrize("rating", [0, 6, "5", None])
async def test_a_rating_outside_1_to_5_is_422(client: httpx.AsyncClient, rating: object) -> None:
    response = await client.post("/reviews", json={"product": DEMO_PRODUCT_ID, "rating": rating})
    assert response.status_code == 422
    assert error_of(response)["param"] == "rating"


async def test_moving_a_review_renumbers_its_siblings(
    client: httpx.AsyncClient, store: Store
) -> None:
    response = await client.post(f"/reviews/{INJECTION_REVIEW_ID}/position", json={"position": 0})
    assert response.status_code == 200
    assert response.json()["position"] == 0
    siblings = sorted(
        (r for r in store.all("review") if r["product"] == DEMO_PRODUCT_ID),
        key=lambda r: r["position"],
    )
    assert [r["position"] for r in siblings] == list(range(len(siblings)))
    assert siblings[0]["id"] == INJECTION_REVIEW_ID
    missing = await client.post(f"/reviews/{INJECTION_REVIEW_ID}/position", json={})
    assert missing.status_code == 422
