"""In-memory state of one sandbox: objects by kind, the request log, events, mail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from .ids import ID_PREFIXES, IdGenerator
from .validation import iso

Record = dict[str, Any]

# Seeded data is laid out before this instant, and the sandbox clock never runs
# behind it, so objects created at run time always sort as the newest.
REFERENCE_TIME: Final = datetime(2026, 11, 30, 12, 0, 0, tzinfo=UTC)

API_VERSION: Final = "v1"

# Names a test might reasonably reach for; the canonical kind is the object type.
_KIND_ALIASES: Final = {"webhook_event": "event", "webhook_events": "event"}


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    status: int
    idempotency_key: str | None
    request_id: str


@dataclass(frozen=True)
class StoredResponse:
    """What an idempotent POST answered, kept to replay it."""

    fingerprint: str
    status: int
    payload: dict[str, Any]


class Store:
    """All state of one sandbox app. Single-threaded by design: handlers are sync."""

    def __init__(self, *, seed: int = 0) -> None:
        self.seed = seed
        self._tables: dict[str, dict[str, Record]] = {kind: {} for kind in ID_PREFIXES}
        self.requests: list[RecordedRequest] = []
        self.outbox: list[Record] = []
        self.events: list[Record] = []
        self.idempotency: dict[tuple[str, str], StoredResponse] = {}
        # Run-time IDs come from their own stream so that creating objects never
        # shifts the IDs of seeded ones.
        self._ids = IdGenerator(f"crevio-sandbox-runtime:{seed}")
        self._last_time = REFERENCE_TIME
        self._derivers: list[Callable[[Store], None]] = []

    # ----- kinds and records -------------------------------------------------

    @staticmethod
    def kind_of(kind: str) -> str:
        kind = _KIND_ALIASES.get(kind, kind)
        if kind in ID_PREFIXES:
            return kind
        if kind.endswith("s") and kind[:-1] in ID_PREFIXES:
            return kind[:-1]
        raise KeyError(f"unknown kind: {kind!r}")

    def get(self, kind: str, id: str) -> Record | None:
        return self._tables[self.kind_of(kind)].get(id)

    def all(self, kind: str) -> list[Record]:
        return list(self._tables[self.kind_of(kind)].values())

    def put(self, record: Record) -> Record:
        self._tables[self.kind_of(record["object"])][record["id"]] = record
        return record

    def remove(self, kind: str, id: str) -> None:
        self._tables[self.kind_of(kind)].pop(id, None)

    def find(self, kind: str, field: str, value: Any) -> Record | None:
        for record in self._tables[self.kind_of(kind)].values():
            if record.get(field) == value:
                return record
        return None

    def new_id(self, kind: str) -> str:
        table = self._tables[self.kind_of(kind)]
        while True:
            candidate = self._ids.new(kind)
            if candidate not in table:
                return candidate

    # ----- time --------------------------------------------------------------

    def now(self) -> str:
        """Wall-clock time, but strictly after every timestamp handed out before.

        Strictly increasing times keep "newest first" lists unambiguous even when
        several objects are created within the same second.
        """
        wall = datetime.now(UTC).replace(microsecond=0)
        self._last_time = max(wall, self._last_time + timedelta(seconds=1))
        return iso(self._last_time)

    def now_datetime(self) -> datetime:
        return self._last_time

    # ----- derived fields ----------------------------------------------------

    def add_deriver(self, deriver: Callable[[Store], None]) -> None:
        self._derivers.append(deriver)

    def refresh(self) -> None:
        """Recompute counters kept on records (totals, counts, id lists)."""
        for deriver in self._derivers:
            deriver(self)

    # ----- webhook events ----------------------------------------------------

    def record_event(self, type: str, obj: Record) -> Record:
        event: Record = {
            "id": self.new_id("event"),
            "object": "event",
            "type": type,
            "created_at": self.now(),
            "api_version": API_VERSION,
            "data": {"object": obj},
        }
        self.put(event)
        self.events.append(event)
        return event
