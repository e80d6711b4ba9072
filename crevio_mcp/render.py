"""Turning API objects into the short text a model reads.

Each object type declares, once, which fields a person looks at first (see
`crevio_mcp.objects`); this module supplies the small field formatters those
declarations are built from and renders single objects and list pages with them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = [
    "Show",
    "date",
    "flag",
    "format_money",
    "money",
    "nonzero",
    "plain",
    "ref",
    "count",
]

Obj = Mapping[str, Any]
Show = Callable[[Obj], str | None]

# Currencies whose minor unit is the major unit (ISO 4217 exponent 0).
ZERO_DECIMAL = frozenset(
    {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd"}
    | {"vuv", "xaf", "xof", "xpf"}
)


def format_money(amount: object, currency: object) -> str | None:
    """'4900, usd' -> '49.00 USD'; amounts are integers in the currency's minor unit."""
    if not isinstance(amount, int | float) or isinstance(amount, bool):
        return None
    code = currency.lower() if isinstance(currency, str) else ""
    if code in ZERO_DECIMAL:
        value = f"{int(amount):,}"
    else:
        value = f"{amount / 100:,.2f}"
    return f"{value} {code.upper()}".strip()


def plain(key: str) -> Show:
    def show(obj: Obj) -> str | None:
        value = obj.get(key)
        if value is None or value == "" or value == []:
            return None
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        if isinstance(value, dict):
            return ", ".join(f"{k}={v}" for k, v in value.items() if v not in (None, ""))
        return " ".join(str(value).split())

    return show


def money(key: str, currency_key: str = "currency") -> Show:
    def show(obj: Obj) -> str | None:
        return format_money(obj.get(key), obj.get(currency_key))

    return show


def nonzero(show: Show, key: str) -> Show:
    """Shows `show` only when the number at `key` is not zero (e.g. nothing refunded yet)."""

    def shown(obj: Obj) -> str | None:
        return show(obj) if obj.get(key) else None

    return shown


def date(key: str) -> Show:
    """ISO 8601 timestamps shortened to minutes; the structured content keeps them whole."""

    def show(obj: Obj) -> str | None:
        value = obj.get(key)
        if not isinstance(value, str) or not value:
            return None
        stamp = value.replace("T", " ").rstrip("Z")
        return stamp[:16] + (" UTC" if value.endswith("Z") else "")

    return show


def flag(key: str, when_true: str) -> Show:
    def show(obj: Obj) -> str | None:
        return when_true if obj.get(key) is True else None

    return show


def ref(key: str) -> Show:
    """A related object: its ID, or when expanded, its name, email and ID."""

    def show(obj: Obj) -> str | None:
        value = obj.get(key)
        if isinstance(value, str):
            return value
        if isinstance(value, Mapping):
            parts = [str(value[k]) for k in ("name", "title") if value.get(k)][:1]
            if value.get("email"):
                parts.append(f"<{value['email']}>")
            if value.get("id"):
                parts.append(f"({value['id']})")
            return " ".join(parts) or None
        return None

    return show


def count(key: str, noun: str) -> Show:
    def show(obj: Obj) -> str | None:
        value = obj.get(key)
        if isinstance(value, Sequence) and not isinstance(value, str):
            return f"{len(value)} {noun}{'' if len(value) == 1 else 's'}"
        return None

    return show
