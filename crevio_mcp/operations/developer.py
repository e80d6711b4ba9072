"""Integrations: webhook endpoints, the events they receive, and x402 crypto payments."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from crevio_mcp.operations.base import ConfirmableParams, ListParams, Operation, Params
from crevio_mcp.operations.ids import WebhookEndpointId, WebhookEventId

EventTypes = Annotated[
    list[Annotated[str, Field(pattern=r"^(\*|[a-z_]+\.[a-z_]+)$")]],
    Field(
        min_length=1,
        description='Event types to receive, e.g. ["order.created", "invoice.paid"], or ["*"] '
        "for all.",
    ),
]


class ListWebhookEndpoints(ListParams):
    pass


class GetWebhookEndpoint(Params):
    webhook_endpoint_id: WebhookEndpointId


class CreateWebhookEndpoint(Params):
    # Inferred: url and enabled_events come from Crevio's app template; description is a guess.
    url: str = Field(
        min_length=1,
        max_length=2000,
        pattern="^https?://",
        description="Where events are POSTed; https (http only for localhost).",
    )
    enabled_events: EventTypes
    description: str | None = Field(None, max_length=500, description="What the endpoint is for.")


class UpdateWebhookEndpoint(Params):
    # Inferred body: the same fields as create, plus `disabled` to pause deliveries.
    webhook_endpoint_id: WebhookEndpointId
    url: str | None = Field(
        None, max_length=2000, pattern="^https?://", description="New delivery URL (https)."
    )
    enabled_events: EventTypes | None = None
    description: str | None = Field(None, max_length=500, description="What the endpoint is for.")
    disabled: bool | None = Field(
        None, description="true stops deliveries without deleting; false restarts them."
    )


class DeleteWebhookEndpoint(ConfirmableParams):
    webhook_endpoint_id: WebhookEndpointId


class ListWebhookEvents(ListParams):
    # Inferred: a filter by event type; no list page was found.
    type: str | None = Field(
        None,
        pattern=r"^[a-z_]+\.[a-z_]+$",
        description="Only events of this type, e.g. order.created.",
    )


class GetWebhookEvent(Params):
    webhook_event_id: WebhookEventId


class GetX402Configuration(Params):
    pass


class UpdateX402Configuration(ConfirmableParams):
    # Inferred: sent flat, as every other body; Crevio's x402 guide shows it wrapped in
    # {"x402_configuration": {...}}.
    x402_enabled: bool | None = Field(
        None, description="true lets AI agents pay in USDC over x402; needs a wallet address."
    )
    x402_wallet_address: str | None = Field(
        None,
        pattern="^0x[0-9a-fA-F]{40}$",
        description="EVM wallet (0x and 40 hex digits) that receives the payments.",
    )
    x402_chain: str | None = Field(
        None,
        pattern="^[a-z0-9_]+$",
        # Inferred: the guide's list of chains is cut off after `base`.
        description="Chain the payments settle on, e.g. base.",
    )


OPERATIONS = (
    Operation(
        name="list_webhook_endpoints",
        title="List webhook endpoints",
        description="List the URLs registered to receive the store's events, with the event "
        "types each one gets.",
        method="GET",
        path="/webhook_endpoints",
        params=ListWebhookEndpoints,
        returns="webhook_endpoint",
        toolset="developer",
        paginated=True,
    ),
    Operation(
        name="get_webhook_endpoint",
        title="Get a webhook endpoint",
        description="Get one webhook endpoint: URL, subscribed event types, enabled or not.",
        method="GET",
        path="/webhook_endpoints/{webhook_endpoint_id}",
        params=GetWebhookEndpoint,
        returns="webhook_endpoint",
        toolset="developer",
    ),
    Operation(
        name="create_webhook_endpoint",
        title="Create a webhook endpoint",
        description="Register a URL to receive chosen events. The signing secret (whsec_…) is "
        "in this result only; store it now.",
        method="POST",
        path="/webhook_endpoints",
        params=CreateWebhookEndpoint,
        returns="webhook_endpoint",
        toolset="developer",
    ),
    Operation(
        name="update_webhook_endpoint",
        title="Update a webhook endpoint",
        description="Change a webhook endpoint's URL or event types, or pause it (disabled).",
        method="PATCH",
        path="/webhook_endpoints/{webhook_endpoint_id}",
        params=UpdateWebhookEndpoint,
        returns="webhook_endpoint",
        toolset="developer",
    ),
    Operation(
        name="delete_webhook_endpoint",
        title="Delete a webhook endpoint",
        description="Delete a webhook endpoint; events stop being sent to its URL.",
        method="DELETE",
        path="/webhook_endpoints/{webhook_endpoint_id}",
        params=DeleteWebhookEndpoint,
        returns="webhook_endpoint",
        toolset="developer",
        destructive=True,
    ),
    Operation(
        name="list_webhook_events",
        title="List webhook events",
        description="List events the store produced (order.created, invoice.paid, …), newest "
        "first: what webhook endpoints receive.",
        method="GET",
        path="/webhook_events",
        params=ListWebhookEvents,
        returns="webhook_event",
        toolset="developer",
        paginated=True,
    ),
    Operation(
        name="get_webhook_event",
        title="Get a webhook event",
        description="Get one event with its full payload (the object as it was then).",
        method="GET",
        path="/webhook_events/{webhook_event_id}",
        params=GetWebhookEvent,
        returns="webhook_event",
        toolset="developer",
    ),
    Operation(
        name="get_x402_configuration",
        title="Get x402 settings",
        description="Get the store's x402 settings: whether AI agents can pay in USDC, the "
        "receiving wallet and chain.",
        method="GET",
        path="/x402_configuration",
        params=GetX402Configuration,
        returns="x402_configuration",
        toolset="developer",
    ),
    Operation(
        name="update_x402_configuration",
        title="Update x402 settings",
        description="Turn x402 (USDC) payments on or off, or change the wallet or chain "
        "they are paid to; only the fields given change.",
        method="PATCH",
        path="/x402_configuration",
        params=UpdateX402Configuration,
        returns="x402_configuration",
        toolset="developer",
        destructive=True,
    ),
)
