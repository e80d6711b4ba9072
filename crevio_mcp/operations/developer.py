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
        description='e.g. order.created, invoice.paid; "*" for all.',
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
        description="https, or http for localhost.",
    )
    enabled_events: EventTypes
    description: str | None = Field(None, max_length=500, description="Note.")


class UpdateWebhookEndpoint(Params):
    # Inferred body: the same fields as create, plus `disabled` to pause deliveries.
    webhook_endpoint_id: WebhookEndpointId
    url: str | None = Field(None, max_length=2000, pattern="^https?://", description="https URL.")
    enabled_events: EventTypes | None = None
    description: str | None = Field(None, max_length=500, description="Note.")
    disabled: bool | None = Field(None, description="true pauses deliveries.")


class DeleteWebhookEndpoint(ConfirmableParams):
    webhook_endpoint_id: WebhookEndpointId


class ListWebhookEvents(ListParams):
    # Inferred: a filter by event type; no list page was found.
    type: str | None = Field(
        None,
        pattern=r"^[a-z_]+\.[a-z_]+$",
        description="e.g. order.created.",
    )


class GetWebhookEvent(Params):
    webhook_event_id: WebhookEventId


class GetX402Configuration(Params):
    pass


class UpdateX402Configuration(ConfirmableParams):
    # Inferred: sent flat, as every other body; Crevio's x402 guide shows it wrapped in
    # {"x402_configuration": {...}}.
    x402_enabled: bool | None = Field(None, description="Needs a wallet address.")
    x402_wallet_address: str | None = Field(
        None,
        pattern="^0x[0-9a-fA-F]{40}$",
        description="EVM address (0x…).",
    )
    x402_chain: str | None = Field(
        None,
        pattern="^[a-z0-9_]+$",
        # Inferred: the guide's list of chains is cut off after `base`.
        description="e.g. base.",
    )


OPERATIONS = (
    Operation(
        name="list_webhook_endpoints",
        title="List webhook endpoints",
        description="List webhook endpoints: URLs that receive store events.",
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
        description="One webhook endpoint.",
        method="GET",
        path="/webhook_endpoints/{webhook_endpoint_id}",
        params=GetWebhookEndpoint,
        returns="webhook_endpoint",
        toolset="developer",
    ),
    Operation(
        name="create_webhook_endpoint",
        title="Create a webhook endpoint",
        description="Register a webhook URL. Its signing secret is shown only now.",
        method="POST",
        path="/webhook_endpoints",
        params=CreateWebhookEndpoint,
        returns="webhook_endpoint",
        toolset="developer",
    ),
    Operation(
        name="update_webhook_endpoint",
        title="Update a webhook endpoint",
        description="Change or pause a webhook endpoint.",
        method="PATCH",
        path="/webhook_endpoints/{webhook_endpoint_id}",
        params=UpdateWebhookEndpoint,
        returns="webhook_endpoint",
        toolset="developer",
    ),
    Operation(
        name="delete_webhook_endpoint",
        title="Delete a webhook endpoint",
        description="Delete a webhook endpoint; deliveries stop.",
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
        description="List webhook events (order.created, …) the store sent.",
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
        description="One webhook event with its payload.",
        method="GET",
        path="/webhook_events/{webhook_event_id}",
        params=GetWebhookEvent,
        returns="webhook_event",
        toolset="developer",
    ),
    Operation(
        name="get_x402_configuration",
        title="Get x402 settings",
        description="x402 settings: AI agent payments in USDC.",
        method="GET",
        path="/x402_configuration",
        params=GetX402Configuration,
        returns="x402_configuration",
        toolset="developer",
    ),
    Operation(
        name="update_x402_configuration",
        title="Update x402 settings",
        description="Turn x402 agent payments on or off, or change the wallet.",
        method="PATCH",
        path="/x402_configuration",
        params=UpdateX402Configuration,
        returns="x402_configuration",
        toolset="developer",
        destructive=True,
    ),
)
