"""What every seeding step shares: the store, a seeded RNG, seeded IDs, time."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Self

from ..ids import IdGenerator
from ..store import REFERENCE_TIME, Store
from ..validation import iso, parse_datetime


def at(days: float) -> str:
    """The instant ``days`` before the reference time, as an API timestamp."""
    return iso(REFERENCE_TIME - timedelta(days=days))


def parse(stamp: str) -> datetime:
    moment = parse_datetime(stamp)
    if moment is None:  # seed timestamps come from iso(); this is a bug guard
        raise ValueError(f"bad seed timestamp {stamp!r}")
    return moment


@dataclass
class Seeder:
    store: Store
    rng: random.Random
    ids: IdGenerator

    @classmethod
    def for_store(cls, store: Store, step: str) -> Self:
        """A seeder whose random streams depend only on the seed and ``step``.

        Separate streams per step mean that adding data in one step leaves the
        data and IDs of the other steps unchanged.
        """
        return cls(
            store,
            random.Random(f"crevio-sandbox-data:{step}:{store.seed}"),
            IdGenerator(f"crevio-sandbox-ids:{step}:{store.seed}"),
        )

    def new_id(self, kind: str) -> str:
        while True:
            candidate = self.ids.new(kind)
            if self.store.get(kind, candidate) is None:
                return candidate
