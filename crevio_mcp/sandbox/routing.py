"""Route table types shared by the app and the resource modules."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .store import Record, Store

Payload = dict[str, Any]


@dataclass(frozen=True)
class Reply:
    status: int
    payload: Payload


@dataclass
class Call:
    """Everything a handler gets about one request."""

    store: Store
    params: Mapping[str, str]
    query: Mapping[str, str]
    body: Mapping[str, Any]
    expand: frozenset[str] = frozenset()


Handler = Callable[[Call], Reply]


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    handler: Handler
    # Query parameters this route accepts; anything else is parameter_unknown.
    query: frozenset[str] = frozenset()
    # Values ``?expand=`` accepts here; ``expand`` itself is allowed iff non-empty.
    expand: tuple[str, ...] = ()
    pattern: re.Pattern[str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", self.template)
        object.__setattr__(self, "pattern", re.compile(f"^{regex}$"))

    def match(self, path: str) -> dict[str, str] | None:
        found = self.pattern.match(path)
        return found.groupdict() if found else None


def ok(payload: Record, status: int = 200) -> Reply:
    return Reply(status, payload)
