"""Generic, data-driven handlers: list, retrieve, create, update, delete, actions.

A resource module declares a ``ResourceSpec`` (path, filters, expandable fields,
slug support) plus the few functions that differ per resource (how to build a
record from a body, how to apply a PATCH, what may refuse a delete). The
functions here do the rest the same way for every resource: lookup by ID or
slug, the list envelope and cursor, ``expand``, timestamps, and webhook events.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from .errors import invalid_request, missing_reference, not_found
from .routing import Call, Payload, Reply, Route, ok
from .store import Record, Store
from .validation import reject_unknown

DEFAULT_LIMIT: Final = 20
MAX_LIMIT: Final = 100
PAGING_PARAMS: Final = frozenset({"limit", "starting_after"})

Expander = Callable[[Store, Record], Any]
Creator = Callable[[Call], Record]
Updater = Callable[[Call, Record], None]
Deleter = Callable[[Call, Record], None]


def public(record: Record) -> Payload:
    """The wire form of a stored record: internal ``_``-keys left out."""
    return {k: v for k, v in record.items() if not k.startswith("_")}


def expand_ref(field_name: str, kind: str) -> Expander:
    """Expand an ID (or a list of IDs) held in ``field_name`` into full objects."""

    def expand(store: Store, record: Record) -> Any:
        value = record.get(field_name)
        if isinstance(value, str):
            found = store.get(kind, value)
            return public(found) if found is not None else value
        if isinstance(value, list):
            out: list[Any] = []
            for item in value:
                found = store.get(kind, item) if isinstance(item, str) else None
                out.append(public(found) if found is not None else item)
            return out
        return value

    return expand


@dataclass(frozen=True)
class Filter:
    """One list filter. ``field`` defaults to the query parameter's own name."""

    field: str | None = None
    choices: tuple[str, ...] = ()
    match: Callable[[Record, str], bool] | None = None

    def accepts(self, name: str, record: Record, value: str) -> bool:
        if self.match is not None:
            return self.match(record, value)
        return bool(record.get(self.field or name) == value)


@dataclass(frozen=True)
class ResourceSpec:
    kind: str
    path: str
    slug_field: str | None = None
    filters: Mapping[str, Filter] = field(default_factory=dict)
    expand: Mapping[str, Expander] = field(default_factory=dict)
    # Prefix of webhook event types; None when writes here record no events.
    event_prefix: str | None = ""

    @property
    def url(self) -> str:
        return f"/v1/{self.path}"

    def event(self, action: str) -> str | None:
        if self.event_prefix is None:
            return None
        return f"{self.event_prefix or self.kind}.{action}"

    # ----- lookup and rendering ----------------------------------------------

    def lookup(self, store: Store, ident: str) -> Record | None:
        record = store.get(self.kind, ident)
        if record is None and self.slug_field is not None:
            record = store.find(self.kind, self.slug_field, ident)
        return record

    def resolve(self, store: Store, ident: str) -> Record:
        """The record named in the URL path, or 404."""
        record = self.lookup(store, ident)
        if record is None:
            raise not_found(self.kind, ident)
        return record

    def reference(self, store: Store, ident: str, *, param: str) -> Record:
        """The record named in a body field, or 400 naming that field."""
        record = self.lookup(store, ident)
        if record is None:
            raise missing_reference(self.kind, ident, param=param)
        return record

    def render(self, store: Store, record: Record, expand: frozenset[str]) -> Payload:
        out = public(record)
        for name in sorted(expand):
            expander = self.expand.get(name)
            if expander is not None:
                out[name] = expander(store, record)
        return out

    # ----- generic handlers --------------------------------------------------

    def list_reply(self, call: Call, records: list[Record] | None = None) -> Reply:
        rows = call.store.all(self.kind) if records is None else records
        for name, spec in self.filters.items():
            value = call.query.get(name)
            if value is None:
                continue
            if spec.choices and value not in spec.choices:
                raise invalid_request(
                    "parameter_invalid",
                    f"Invalid {name}: '{value}'. Allowed values: " + ", ".join(spec.choices),
                    param=name,
                )
            rows = [r for r in rows if spec.accepts(name, r, value)]
        return paginate(call, rows, url=self.url, render=self._renderer(call))

    def _renderer(self, call: Call) -> Callable[[Record], Payload]:
        return lambda record: self.render(call.store, record, call.expand)

    def retrieve_reply(self, call: Call) -> Reply:
        record = self.resolve(call.store, call.params["id"])
        return ok(self.render(call.store, record, call.expand))

    def created(self, call: Call, record: Record) -> Reply:
        """Store a new record, record its event, answer 201."""
        call.store.put(record)
        return self.changed(call, record, "created", status=201)

    def changed(
        self, call: Call, record: Record, action: str | None, *, status: int = 200
    ) -> Reply:
        """Finish any write to ``record``: refresh counters, event, reply."""
        store = call.store
        store.refresh()
        if action is not None:
            self.emit(store, record, action)
        return ok(self.render(store, record, call.expand), status)

    def emit(self, store: Store, record: Record, action: str) -> None:
        event_type = self.event(action)
        if event_type is not None:
            # A snapshot: later writes must not rewrite the history of events.
            store.record_event(event_type, copy.deepcopy(public(record)))

    def touch(self, store: Store, record: Record) -> None:
        if "updated_at" in record:
            record["updated_at"] = store.now()

    # ----- route builders ----------------------------------------------------

    def routes(
        self,
        *,
        list_: bool = True,
        retrieve: bool = True,
        create: Creator | None = None,
        update: Updater | None = None,
        delete: Deleter | None = None,
    ) -> list[Route]:
        expand = tuple(self.expand)
        item = f"/{self.path}/{{id}}"
        routes: list[Route] = []
        if list_:
            query = PAGING_PARAMS | frozenset(self.filters)
            routes.append(Route("GET", f"/{self.path}", self.list_reply, query, expand))
        if retrieve:
            routes.append(Route("GET", item, self.retrieve_reply, expand=expand))
        if create is not None:
            make = create

            def create_handler(call: Call) -> Reply:
                return self.created(call, make(call))

            routes.append(Route("POST", f"/{self.path}", create_handler))
        if update is not None:
            apply = update

            def update_handler(call: Call) -> Reply:
                record = self.resolve(call.store, call.params["id"])
                apply(call, record)
                self.touch(call.store, record)
                return self.changed(call, record, "updated")

            routes.append(Route("PATCH", item, update_handler, expand=expand))
        if delete is not None:
            guard = delete

            def delete_handler(call: Call) -> Reply:
                record = self.resolve(call.store, call.params["id"])
                guard(call, record)
                call.store.remove(self.kind, record["id"])
                self.emit(call.store, record, "deleted")
                call.store.refresh()
                return ok({"id": record["id"], "object": self.kind, "deleted": True})

            routes.append(Route("DELETE", item, delete_handler))
        return routes

    def action(
        self,
        name: str,
        perform: Updater,
        *,
        event_action: str | None,
        takes_body: bool = False,
    ) -> Route:
        """``POST /<path>/{id}/<name>``: a state change on one record.

        Unless ``takes_body``, any body field is unknown: a caller passing, say,
        ``at_period_end`` must learn that it was not honoured.
        """

        def handler(call: Call) -> Reply:
            if not takes_body:
                reject_unknown(call.body, {})
            record = self.resolve(call.store, call.params["id"])
            perform(call, record)
            self.touch(call.store, record)
            return self.changed(call, record, event_action)

        return Route("POST", f"/{self.path}/{{id}}/{name}", handler)


_DIGITS = re.compile(r"^[0-9]+$")


def parse_limit(query: Mapping[str, str]) -> int:
    raw = query.get("limit")
    if raw is None:
        return DEFAULT_LIMIT
    if not _DIGITS.match(raw) or not 1 <= int(raw) <= MAX_LIMIT:
        raise invalid_request(
            "parameter_invalid",
            f"limit must be an integer between 1 and {MAX_LIMIT}; got '{raw}'",
            param="limit",
        )
    return int(raw)


def newest_first(records: list[Record]) -> list[Record]:
    # ID breaks ties so the order is total and therefore stable across pages.
    return sorted(records, key=lambda r: (r["created_at"], r["id"]), reverse=True)


def paginate(
    call: Call,
    records: list[Record],
    *,
    url: str,
    render: Callable[[Record], Payload],
) -> Reply:
    ordered = newest_first(records)
    limit = parse_limit(call.query)
    start = 0
    cursor = call.query.get("starting_after")
    if cursor is not None:
        index = next((i for i, r in enumerate(ordered) if r["id"] == cursor), None)
        if index is None:
            # A cursor outside this (filtered) list is a caller bug; an empty
            # page would look like "no more data" and hide it.
            raise invalid_request(
                "resource_missing",
                f"starting_after '{cursor}' is not an item of this list",
                param="starting_after",
            )
        start = index + 1
    page = ordered[start : start + limit]
    return ok(
        {
            "object": "list",
            "data": [render(r) for r in page],
            "has_more": len(ordered) > start + limit,
            "url": url,
        }
    )
