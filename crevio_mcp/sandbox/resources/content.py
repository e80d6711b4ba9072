"""Storefront content: experiences, blog posts, legal pages and reviews."""

from __future__ import annotations

from typing import Final

from ..resource import Filter, ResourceSpec, expand_ref
from ..routing import Call, Reply, Route, ok
from ..store import Record
from ..validation import Field, Problems
from .catalog import PRODUCTS

BLOG_STATUSES: Final = ("draft", "published", "scheduled", "archived")
EXPERIENCE_TYPES: Final = ("course", "community", "download", "coaching", "newsletter")

# Guess (no API page was found): an experience's content is returned inline as
# ``content`` by GET /experiences/{id}, and left out of list responses to keep
# them small. The shape, sections holding lessons, follows the course builder
# described in Crevio's feature docs.
EXPERIENCES = ResourceSpec(
    kind="experience",
    path="experiences",
    slug_field="slug",
    filters={"type": Filter(choices=EXPERIENCE_TYPES)},
    expand={"products": expand_ref("products", "product")},
)

BLOG_POSTS = ResourceSpec(
    kind="blog_post",
    path="blog_posts",
    slug_field="slug",
    filters={"status": Filter(choices=BLOG_STATUSES)},
)

LEGAL_PAGES = ResourceSpec(kind="legal_page", path="legal_pages", slug_field="slug")

REVIEWS = ResourceSpec(
    kind="review",
    path="reviews",
    filters={"product": Filter()},
    expand={"product": expand_ref("product", "product")},
)


def retrieve_experience(call: Call) -> Reply:
    record = EXPERIENCES.resolve(call.store, call.params["id"])
    body = EXPERIENCES.render(call.store, record, call.expand)
    body["content"] = record["_content"]
    return ok(body)


# ----- legal pages ---------------------------------------------------------------

LEGAL_SCHEMA: Final = {
    "title": Field(required=True, max_length=200),
    "body": Field(max_length=200_000),
}


def update_legal_page(call: Call, page: Record) -> None:
    problems = Problems()
    values = problems.check(call.body, LEGAL_SCHEMA, partial=True)
    problems.raise_if_any()
    page.update(values)


# ----- reviews -------------------------------------------------------------------

REVIEW_FIELDS: Final = {
    "rating": Field("integer", required=True, minimum=1, maximum=5),
    "content": Field(max_length=5000),
    "customer_name": Field(max_length=200),
    "customer_image_url": Field("url", max_length=2000),
}
REVIEW_CREATE_SCHEMA: Final = {"product": Field(required=True), **REVIEW_FIELDS}
POSITION_SCHEMA: Final = {"position": Field("integer", required=True, minimum=0)}


def review_record(
    *,
    id: str,
    product: str,
    rating: int,
    created_at: str,
    position: int,
    content: str | None = None,
    customer_name: str | None = None,
    customer_image_url: str | None = None,
) -> Record:
    return {
        "id": id,
        "object": "review",
        "product": product,
        "rating": rating,
        "content": content,
        "customer_name": customer_name,
        "customer_image_url": customer_image_url,
        "position": position,
        "created_at": created_at,
        "updated_at": created_at,
    }


def _siblings(call: Call, review: Record) -> list[Record]:
    mine = [r for r in call.store.all("review") if r["product"] == review["product"]]
    return sorted(mine, key=lambda r: (r["position"], r["created_at"]))


def create_review(call: Call) -> Record:
    store = call.store
    problems = Problems()
    values = problems.check(call.body, REVIEW_CREATE_SCHEMA)
    problems.raise_if_any()
    product = PRODUCTS.reference(store, values.pop("product"), param="product")
    positions = [r["position"] for r in store.all("review") if r["product"] == product["id"]]
    return review_record(
        id=store.new_id("review"),
        product=product["id"],
        created_at=store.now(),
        position=max(positions, default=-1) + 1,
        **values,
    )


def update_review(call: Call, review: Record) -> None:
    problems = Problems()
    values = problems.check(call.body, REVIEW_FIELDS, partial=True)
    problems.raise_if_any()
    review.update(values)


def move_review(call: Call, review: Record) -> None:
    """Put ``review`` at ``position`` among its product's reviews, renumbering 0..n-1."""
    problems = Problems()
    values = problems.check(call.body, POSITION_SCHEMA)
    problems.raise_if_any()
    others = [r for r in _siblings(call, review) if r["id"] != review["id"]]
    target = min(values["position"], len(others))
    others.insert(target, review)
    for index, sibling in enumerate(others):
        sibling["position"] = index


def delete_review(call: Call, review: Record) -> None:
    # Close the gap so positions stay 0..n-1.
    for index, sibling in enumerate(r for r in _siblings(call, review) if r is not review):
        sibling["position"] = index


def routes() -> list[Route]:
    return [
        *EXPERIENCES.routes(retrieve=False),
        Route(
            "GET",
            "/experiences/{id}",
            retrieve_experience,
            expand=tuple(EXPERIENCES.expand),
        ),
        *BLOG_POSTS.routes(),
        *LEGAL_PAGES.routes(update=update_legal_page),
        *REVIEWS.routes(create=create_review, update=update_review, delete=delete_review),
        REVIEWS.action("position", move_review, event_action="updated", takes_body=True),
    ]
