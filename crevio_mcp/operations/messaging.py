"""Email to the store's own customers."""

from __future__ import annotations

from pydantic import EmailStr, Field

from crevio_mcp.operations.base import ConfirmableParams, Operation


class SendEmail(ConfirmableParams):
    # Inferred body: POST /emails and its fields are a guess; the docs only promise
    # "send transactional email to customers".
    to: str = Field(
        min_length=1,
        max_length=254,
        description="Customer ID or email.",
    )
    subject: str = Field(min_length=1, max_length=200, description="Subject line.")
    body: str = Field(min_length=1, description="Text or HTML.")
    reply_to: EmailStr | None = Field(None, description="The store's by default.")


OPERATIONS = (
    Operation(
        name="send_email",
        title="Send an email",
        description="Email one customer (e.g. an answer or access details); it can't be recalled.",
        method="POST",
        path="/emails",
        params=SendEmail,
        returns="email",
        toolset="messaging",
        destructive=True,
    ),
)
