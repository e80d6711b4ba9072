"""Small helpers several resources share: the account, slugs, currencies."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from ..errors import invalid_request
from ..store import Record, Store
from ..validation import Problems

CURRENCIES: Final = ("usd", "eur", "gbp")
SLUG_RE: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX: Final = 100
# Letters NFKD cannot split into ASCII plus an accent.
_FOLD: Final = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "ı": "i",
    }
)


def account(store: Store) -> Record:
    records = store.all("account")
    if not records:  # only reachable if a test empties the store by hand
        raise invalid_request("resource_missing", "The sandbox has no account")
    return records[0]


def storefront(store: Store) -> str:
    return f"https://{account(store)['subdomain']}.crevio.site"


def slugify(text: str) -> str:
    """ASCII slug: accents folded, everything else collapsed to single dashes."""
    plain = unicodedata.normalize("NFKD", text.translate(_FOLD))
    folded = plain.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:SLUG_MAX].strip("-")


def unique_slug(store: Store, kind: str, base: str, fallback: str) -> str:
    """A free slug from ``base``; ``fallback`` when nothing ASCII is left.

    Names such as "日本語ワークショップ" fold to nothing, hence the fallback.
    """
    stem = base or fallback
    candidate, n = stem, 1
    while store.find(kind, "slug", candidate) is not None:
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


def check_slug(
    problems: Problems, store: Store, kind: str, slug: str, own_id: str | None = None
) -> None:
    if not SLUG_RE.match(slug) or len(slug) > SLUG_MAX:
        problems.add(
            "slug",
            "invalid",
            "slug may hold only lowercase letters, digits and single dashes",
        )
        return
    holder = store.find(kind, "slug", slug)
    if holder is not None and holder["id"] != own_id:
        problems.add("slug", "taken", f"slug '{slug}' is already taken")
