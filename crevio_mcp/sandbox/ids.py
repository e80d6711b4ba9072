"""The one table of object kinds and their ID prefixes, and the ID generator.

Every object the sandbox stores is keyed by its ``object`` value (``"product"``,
``"price_variant"``, ...). Webhook events are objects of type ``"event"``.
"""

from __future__ import annotations

import random
import string
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

ID_PREFIXES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "account": "acct_",
        "product": "prod_",
        "price_variant": "price_",
        "order": "ord_",
        "order_item": "ordi_",
        "refund": "re_",
        "customer": "cus_",
        "subscription": "sub_",
        "invoice": "inv_",
        "checkout": "co_",
        "checkout_link": "cl_",
        "discount": "disc_",
        "experience": "exp_",
        "blog_post": "post_",
        "legal_page": "legal_",
        "review": "rev_",
        "file": "file_",
        "webhook_endpoint": "wh_",
        "event": "whev_",
        "email": "em_",
    }
)

ID_ALPHABET: Final = string.ascii_lowercase + string.digits
ID_BODY_LENGTH: Final = 14


class IdGenerator:
    """Makes ``prefix + 14 lowercase alphanumerics`` from a seeded RNG.

    A seeded ``random.Random`` (not ``secrets``) is deliberate: the same seed must
    give the same IDs so that demos and tests can rely on them.
    """

    def __init__(self, seed: str) -> None:
        self._rng = random.Random(seed)

    def new(self, kind: str) -> str:
        body = "".join(self._rng.choice(ID_ALPHABET) for _ in range(ID_BODY_LENGTH))
        return ID_PREFIXES[kind] + body


def looks_like_id(kind: str, value: str) -> bool:
    """True when ``value`` has the shape of an ID of ``kind`` (not that it exists)."""
    prefix = ID_PREFIXES[kind]
    body = value[len(prefix) :]
    return value.startswith(prefix) and bool(body) and body.isalnum()
