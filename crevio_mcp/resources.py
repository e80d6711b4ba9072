"""Resource templates: the objects people mention in a conversation, by URI.

`crevio://orders/ord_…` reads an order the way the `get_order` tool does and renders the
same summary (`crevio_mcp.results`), so a host can attach an order, a customer or a
product to a conversation without a tool call. Each row names the get operation it
reads through; the URI is that operation's API path under `crevio://`, with the ID
variable renamed to `id` (or `id_or_slug` where the API also takes a slug).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError, ToolError
from mcp.types import TextContent
from pydantic import ValidationError

from crevio_mcp.errors import CrevioAPIError, CrevioConnectionError, NotFoundError
from crevio_mcp.objects import OBJECT_TYPES, ObjectType
from crevio_mcp.operations import Operation, operation_named
from crevio_mcp.results import api_error_result, connection_error_result, success_result

if TYPE_CHECKING:  # the server imports this module to register the templates
    from crevio_mcp.server import AppState

__all__ = ["OBJECT_RESOURCES", "ObjectResource", "add_object_resources"]


@dataclass(frozen=True)
class ObjectResource:
    operation: str
    """The get operation whose call this resource is, e.g. "get_order"."""
    arguments: Mapping[str, Any] = field(default_factory=dict)
    """Fixed arguments added to every read, e.g. an `expand` that shows line items."""

    @property
    def op(self) -> Operation:
        return operation_named(self.operation)

    @property
    def object_type(self) -> ObjectType:
        return OBJECT_TYPES[self.op.returns]

    @property
    def variable(self) -> str:
        return "id_or_slug" if self.object_type.slug else "id"

    @property
    def uri_template(self) -> str:
        (id_field,) = self.op.path_fields
        return "crevio:/" + self.op.path.replace("{" + id_field + "}", "{" + self.variable + "}")

    @property
    def description(self) -> str:
        key = f"ID ({self.object_type.prefix}…)" + (" or slug" if self.object_type.slug else "")
        return (
            f"One {self.object_type.noun} by {key}, summarised as the {self.operation} tool "
            "shows it. "
            f"Find IDs with {self.object_type.list_tool}."
        )


OBJECT_RESOURCES: tuple[ObjectResource, ...] = (
    ObjectResource("get_order", {"expand": ["line_items"]}),
    ObjectResource("get_customer"),
    ObjectResource("get_product"),
    ObjectResource("get_subscription"),
    ObjectResource("get_invoice"),
    ObjectResource("get_refund"),
    ObjectResource("get_discount"),
)


def add_object_resources(
    server: MCPServer[Any], resources: tuple[ObjectResource, ...] = OBJECT_RESOURCES
) -> None:
    for resource in resources:
        server.resource(
            resource.uri_template,
            name=resource.object_type.name,
            title=resource.object_type.noun.capitalize(),
            description=resource.description,
            mime_type="text/plain",
        )(_reader(resource))


def _reader(resource: ObjectResource) -> Callable[..., Any]:
    """The template function: its one parameter is named after the URI variable."""

    async def read(ctx: Context[Any, Any], **values: str) -> str:
        return await read_object(resource, values[resource.variable], ctx)

    # The SDK matches URI variables to parameter names, read from the signature and
    # the annotations, so both name this row's variable.
    params = [
        inspect.Parameter(resource.variable, inspect.Parameter.KEYWORD_ONLY, annotation=str),
        inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context),
    ]
    read.__signature__ = inspect.Signature(params, return_annotation=str)  # type: ignore[attr-defined]  # read by inspect.signature
    read.__annotations__ = {resource.variable: str, "ctx": Context, "return": str}
    read.__name__ = f"read_{resource.object_type.name}"
    return read


async def read_object(resource: ObjectResource, value: str, ctx: Context[Any, Any]) -> str:
    """The summary `resource.operation` gives for this ID.

    Raises:
        ResourceNotFoundError: the ID is not of this type, or the store has no such object.
        ResourceError: the API refused or could not be reached; the message says why.
    """
    op = resource.op
    uri = resource.uri_template.replace("{" + resource.variable + "}", value)
    (id_field,) = op.path_fields
    try:
        params = op.params.model_validate({id_field: value, **resource.arguments})
    except ValidationError as exc:
        reasons = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        raise ResourceNotFoundError(
            f"{uri}: not a valid {resource.object_type.noun} ID: {reasons}."
        ) from exc

    state: AppState = ctx.request_context.lifespan_context
    try:
        # Over HTTP for teams, a read acts with the caller's token, as a tool call does.
        client, _ = state.caller(ctx.headers)
    except ToolError as exc:
        raise ResourceError(f"{uri}: {exc}") from exc
    try:
        response = await client.send(op.build_request(params))
    except CrevioAPIError as exc:
        problem = f"{uri}: {_text(api_error_result(op, exc))}"
        raise (ResourceNotFoundError if isinstance(exc, NotFoundError) else ResourceError)(
            problem
        ) from exc
    except CrevioConnectionError as exc:
        raise ResourceError(f"{uri}: {_text(connection_error_result(op, exc))}") from exc
    return _text(success_result(op, response.data, state.executor.settings.max_result_tokens))


def _text(result: Any) -> str:
    return "\n".join(c.text for c in result.content if isinstance(c, TextContent))
