"""What an operation is, and the parameter types operations share.

An operation is one row: a tool name, an HTTP method and path, a pydantic model of its
parameters, a toolset, and the object type it returns. Fields named in the path fill
it; the rest go to the query string for GET and DELETE and to the JSON body for POST
and PATCH, unless the row names them in `query`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import quote

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from crevio_mcp.client import ApiRequest
from crevio_mcp.objects import OBJECT_TYPES

__all__ = [
    "SHARED_PARAMETERS",
    "Cents",
    "id_prefixes",
    "ConfirmableParams",
    "Currency",
    "ID_EXAMPLE_SUFFIX",
    "ListParams",
    "Method",
    "Operation",
    "Params",
    "IdOf",
]

Method = Literal["GET", "POST", "PATCH", "DELETE"]

ID_EXAMPLE_SUFFIX = "8x2kq9"
MAX_ID_LENGTH = 255
MAX_ITEMS_CAP = 500
"""Hard upper bound on items one auto-paginated list call may fetch."""
_PATH_FIELD = re.compile(r"{(\w+)}")


class Params(BaseModel):
    """Base of every operation's parameter model: unknown arguments are errors."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _expand_as_written_for_the_api(cls, data: Any) -> Any:
        # The API itself takes expand as "line_items,customer", and models write it so;
        # read that as the list it means rather than refusing a clear request.
        if isinstance(data, dict) and isinstance(data.get("expand"), str):
            names = [name.strip() for name in data["expand"].split(",") if name.strip()]
            return {**data, "expand": names}
        return data


class ConfirmableParams(Params):
    """Parameters of a destructive operation: the server asks a human before it runs."""

    confirmation_token: str | None = None


def _currency(value: str) -> str:
    if len(value) != 3 or not value.isascii() or not value.isalpha():
        raise ValueError(f"{value!r} is not a currency; give its 3-letter ISO code, e.g. usd")
    return value.lower()


Currency = Annotated[
    str,
    Field(description="Three-letter ISO 4217 currency code, e.g. usd."),
    AfterValidator(_currency),
]
"""The API writes currencies in lowercase; `USD` is accepted and sent as `usd`."""


def _whole_cents(value: object) -> object:
    # Lax validation would take 25.0 as 25 and true as 1: a model that meant 25.00 USD
    # would charge 0.25, and nothing downstream could tell. Only a real integer passes.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r} is not an amount; give whole cents, e.g. 2450 for 24.50")
    return value


Cents = Annotated[int, BeforeValidator(_whole_cents)]
"""Money the API takes: an integer in the currency's minor unit."""


def _page_size(value: int) -> int:
    if not 1 <= value <= 100:
        raise ValueError(
            f"a page holds 1 to 100 items; to fetch up to {MAX_ITEMS_CAP} in one call, give "
            "max_items instead"
        )
    return value


def _most_items(value: int | None) -> int | None:
    if value is not None and not 1 <= value <= MAX_ITEMS_CAP:
        raise ValueError(
            f"from 1 to {MAX_ITEMS_CAP} a call; for more, call again with the starting_after "
            "the result names"
        )
    return value


class ListParams(Params):
    """The cursor parameters every list operation takes."""

    # Bounds are checked by validators rather than ge/le, so the message can say what
    # to do instead (the schema shows no bounds either way; see crevio_mcp.schema).
    limit: Annotated[int, AfterValidator(_page_size)] = 20
    starting_after: str | None = None
    max_items: Annotated[int | None, AfterValidator(_most_items)] = None
    """Never sent to the API: the executor pages with it (crevio_mcp.executor)."""


SHARED_PARAMETERS: dict[str, str] = {
    "limit": "page size, 1-100 (default 20)",
    "starting_after": "the cursor a list result names for its next page",
    "max_items": f"fetch up to this many items (at most {MAX_ITEMS_CAP}) across pages in one call",
    "expand": "inline the named related objects instead of their IDs",
    "confirmation_token": "leave out at first; a tool that deletes, refunds, voids, cancels, "
    "archives or sends email then asks the user, or, where it cannot ask, returns a preview "
    "with a token: once the user agrees, repeat the same call with it",
}
"""Parameters many tools share, described once in the server's instructions rather than in
every tool that takes them: sixteen list tools repeating the same three sentences cost more
context than the sentences are worth. Their fields carry no description for that reason."""


def id_prefixes() -> str:
    """What every ID parameter needs said, said once for the server's instructions.

    An ID parameter is named after its object (`order`, `customer`, `product_id`), so its
    schema carries no description; the one thing the name leaves out is the prefix, and
    this sentence gives all of them. A wrong prefix is refused with the right one named.
    """
    pairs = ", ".join(
        f"{t.noun} {t.prefix}…" for t in OBJECT_TYPES.values() if t.prefix is not None
    )
    return (
        f"IDs carry their type's prefix ({pairs}); a parameter named after an object "
        "(order, customer, product_id, ...) takes that object's ID."
    )


@dataclass(frozen=True)
class IdOf:
    """Marks a `str` parameter as the ID of one object type: `Annotated[str, IdOf("order")]`.

    The schema's description shows the prefix; the validator refuses an ID of another
    type before anything is sent, in words that say which prefix is expected and which
    tool finds valid IDs. With `slug=True` the value
    may also be a slug, so only emptiness is refused.
    """

    type_name: str
    slug: bool = False

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        # The parameter's name says which object it takes, and the server's instructions
        # give every type's prefix once (`id_prefixes`); only that a slug will do is news.
        if self.slug:
            json_schema["description"] = "ID or slug"
        return json_schema

    def _check(self, value: str) -> str:
        object_type = OBJECT_TYPES[self.type_name]
        prefix = object_type.prefix or ""
        if not value:
            article = "an" if object_type.noun[0] in "aeiou" else "a"
            raise ValueError(f"give {article} {object_type.noun} ID")
        if len(value) > MAX_ID_LENGTH:
            # Far longer than any real ID or slug; sent on, it would only fail as a URL.
            raise ValueError(
                f"{len(value):,} characters is not a {object_type.noun} ID "
                f"(IDs and slugs are at most {MAX_ID_LENGTH} characters)"
            )
        if self.slug or (value.startswith(prefix) and len(value) > len(prefix)):
            return value
        hint = f"; find one with {object_type.list_tool}" if object_type.list_tool else ""
        raise ValueError(
            f"{object_type.noun} IDs start with '{prefix}' (e.g. {prefix}{ID_EXAMPLE_SUFFIX}){hint}"
        )


@dataclass(frozen=True)
class Operation:
    """One Crevio API operation, served as one MCP tool."""

    name: str
    title: str
    description: str
    method: Method
    path: str
    params: type[Params]
    returns: str
    """Object type of the result (of each item, for a list)."""
    toolset: str
    paginated: bool = False
    destructive: bool = False
    query: frozenset[str] = frozenset()
    """Fields sent in the query string even though the method has a body."""
    prepare: Callable[[Params], dict[str, Any]] | None = None
    """Turns validated parameters into the fields sent, where they differ (upload_file
    reads a local file); by default the fields are the parameters themselves."""

    def __post_init__(self) -> None:
        if self.destructive != issubclass(self.params, ConfirmableParams):
            raise TypeError(
                f"{self.name}: destructive operations take ConfirmableParams, others not"
            )

    @property
    def read_only(self) -> bool:
        return self.method == "GET"

    @property
    def idempotent(self) -> bool:
        return self.method != "POST"

    @property
    def path_fields(self) -> tuple[str, ...]:
        return tuple(_PATH_FIELD.findall(self.path))

    def build_request(self, params: Params) -> ApiRequest:
        if self.prepare is not None:
            values = self.prepare(params)
        else:
            values = params.model_dump(
                mode="json", exclude_none=True, exclude={"confirmation_token"}
            )
        path = self.path
        for name in self.path_fields:
            path = path.replace("{" + name + "}", quote(str(values.pop(name)), safe=""))

        in_query = {
            k: v for k, v in values.items() if self.method in ("GET", "DELETE") or k in self.query
        }
        body = {k: v for k, v in values.items() if k not in in_query}
        return ApiRequest(
            method=self.method,
            path=path,
            query={k: _query_value(v) for k, v in in_query.items()} or None,
            body=body if self.method in ("POST", "PATCH") else None,
        )


def _query_value(value: object) -> str:
    """Query values as the API reads them: comma lists (expand) and lowercase booleans."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    if isinstance(value, Mapping):
        raise TypeError("objects cannot be sent in a query string")
    return str(value)
