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
        description="The customer to write to: their ID (cus_…) or their email address. "
        "Only existing customers can be emailed.",
    )
    subject: str = Field(min_length=1, max_length=200, description="Subject line.")
    body: str = Field(min_length=1, description="The message text (plain text or HTML).")
    reply_to: EmailStr | None = Field(
        None, description="Address replies go to; the store's email if left out."
    )


OPERATIONS = (
    Operation(
        name="send_email",
        title="Send an email",
        description="Send one transactional email to a customer of the store, e.g. access "
        "details or an answer to a question. It goes out at once and cannot be recalled.",
        method="POST",
        path="/emails",
        params=SendEmail,
        returns="email",
        toolset="messaging",
        destructive=True,
    ),
)
