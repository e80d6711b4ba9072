"""What the storefront shows: experiences, blog posts, legal pages and product reviews."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from crevio_mcp.operations.base import ConfirmableParams, ListParams, Operation, Params
from crevio_mcp.operations.ids import (
    BlogPostRef,
    ExperienceRef,
    LegalPageRef,
    ProductId,
    ReviewId,
)

# ----- experiences ---------------------------------------------------------------------

ExperienceExpand = list[Literal["products"]] | None


class ListExperiences(ListParams):
    # Inferred: no experiences API page was found; the type filter and its values follow
    # the kinds named in Crevio's feature docs.
    type: Literal["course", "community", "download", "coaching", "newsletter"] | None = Field(
        None, description="Filter."
    )
    expand: ExperienceExpand = None


class GetExperience(Params):
    experience_id: ExperienceRef
    expand: ExperienceExpand = None


# ----- blog posts -----------------------------------------------------------------------


class ListBlogPosts(ListParams):
    status: Literal["draft", "published", "scheduled", "archived"] | None = Field(
        None, description="Filter."
    )


class GetBlogPost(Params):
    blog_post_id: BlogPostRef


# ----- legal pages ----------------------------------------------------------------------


class ListLegalPages(ListParams):
    pass


class GetLegalPage(Params):
    legal_page_id: LegalPageRef


class UpdateLegalPage(Params):
    # Inferred body: title and body follow the legal page object; no update page was seen.
    legal_page_id: LegalPageRef
    title: str | None = Field(None, min_length=1, max_length=200, description="Page title.")
    body: str | None = Field(None, description="Full text, HTML.")


# ----- reviews --------------------------------------------------------------------------


class ListReviews(ListParams):
    # Inferred: the product filter is a guess; reviews belong to one product each.
    product: ProductId | None = None


class GetReview(Params):
    review_id: ReviewId


class ReviewFields(Params):
    content: str | None = Field(None, max_length=5000, description="Review text.")
    customer_name: str | None = Field(None, max_length=200, description="Reviewer's name.")
    customer_image_url: str | None = Field(
        None, max_length=2000, description="Reviewer's photo URL."
    )


class CreateReview(ReviewFields):
    # Inferred body: fields follow the review object as the storefront template reads it.
    product: ProductId
    rating: int = Field(ge=1, le=5, description="Stars, 1-5.")


class UpdateReview(ReviewFields):
    review_id: ReviewId
    rating: int | None = Field(None, ge=1, le=5, description="Stars, 1-5.")


class DeleteReview(ConfirmableParams):
    review_id: ReviewId


class SetReviewPosition(Params):
    review_id: ReviewId
    # Inferred body: the path is documented, the body is not; `position` is the guess.
    position: int = Field(
        ge=0,
        description="0 = first.",
    )


OPERATIONS = (
    # ----- experiences -----
    Operation(
        name="list_experiences",
        title="List experiences",
        description="List experiences (courses, communities, downloads buyers access).",
        method="GET",
        path="/experiences",
        params=ListExperiences,
        returns="experience",
        toolset="content",
        paginated=True,
    ),
    Operation(
        name="get_experience",
        title="Get an experience",
        description="One experience with its content (sections, lessons).",
        # Inferred: content comes inline on retrieve; the docs name no content path.
        method="GET",
        path="/experiences/{experience_id}",
        params=GetExperience,
        returns="experience",
        toolset="content",
    ),
    # ----- blog posts -----
    Operation(
        name="list_blog_posts",
        title="List blog posts",
        description="List blog posts.",
        method="GET",
        path="/blog_posts",
        params=ListBlogPosts,
        returns="blog_post",
        toolset="content",
        paginated=True,
    ),
    Operation(
        name="get_blog_post",
        title="Get a blog post",
        description="One blog post with its text.",
        method="GET",
        path="/blog_posts/{blog_post_id}",
        params=GetBlogPost,
        returns="blog_post",
        toolset="content",
    ),
    # ----- legal pages -----
    Operation(
        name="list_legal_pages",
        title="List legal pages",
        description="List legal pages (terms, privacy, refund policy).",
        method="GET",
        path="/legal_pages",
        params=ListLegalPages,
        returns="legal_page",
        toolset="content",
        paginated=True,
    ),
    Operation(
        name="get_legal_page",
        title="Get a legal page",
        description="One legal page (terms, privacy, refund policy).",
        method="GET",
        path="/legal_pages/{legal_page_id}",
        params=GetLegalPage,
        returns="legal_page",
        toolset="content",
    ),
    Operation(
        name="update_legal_page",
        title="Update a legal page",
        description="Edit terms, privacy or refund policy; live at once.",
        method="PATCH",
        path="/legal_pages/{legal_page_id}",
        params=UpdateLegalPage,
        returns="legal_page",
        toolset="content",
    ),
    # ----- reviews -----
    Operation(
        name="list_reviews",
        title="List reviews",
        description="List product reviews (testimonials).",
        method="GET",
        path="/reviews",
        params=ListReviews,
        returns="review",
        toolset="content",
        paginated=True,
    ),
    Operation(
        name="get_review",
        title="Get a review",
        description="One review.",
        method="GET",
        path="/reviews/{review_id}",
        params=GetReview,
        returns="review",
        toolset="content",
    ),
    Operation(
        name="create_review",
        title="Create a review",
        description="Add a review to a product's page, last.",
        method="POST",
        path="/reviews",
        params=CreateReview,
        returns="review",
        toolset="content",
    ),
    Operation(
        name="update_review",
        title="Update a review",
        description="Change a review; to reorder, set_review_position.",
        method="PATCH",
        path="/reviews/{review_id}",
        params=UpdateReview,
        returns="review",
        toolset="content",
    ),
    Operation(
        name="delete_review",
        title="Delete a review",
        description="Remove a review from its page.",
        method="DELETE",
        path="/reviews/{review_id}",
        params=DeleteReview,
        returns="review",
        toolset="content",
        destructive=True,
    ),
    Operation(
        name="set_review_position",
        title="Move a review",
        description="Move a review within its product's reviews.",
        method="POST",
        path="/reviews/{review_id}/position",
        params=SetReviewPosition,
        returns="review",
        toolset="content",
    ),
)
