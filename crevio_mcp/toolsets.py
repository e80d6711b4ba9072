"""Toolsets: which operations a server lists, chosen by area so the model pays for fewer.

Every operation names one toolset. Settings choose toolsets (`all`, `default`, or
names) and single tools on top; `--read-only` is a ceiling over both. The default
serves a support desk: orders and refunds, customers, products and their prices,
subscriptions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from crevio_mcp.errors import ConfigurationError
from crevio_mcp.operations import Operation
from crevio_mcp.render import plural

__all__ = [
    "ALL",
    "DEFAULT",
    "DEFAULT_TOOLS",
    "DEFAULT_TOOLSETS",
    "TOOLSETS",
    "Selection",
    "not_served_reason",
    "select",
]

ALL = "all"
DEFAULT = "default"

TOOLSETS: dict[str, str] = {
    "catalog": "Products (courses, downloads, memberships) and their prices.",
    "orders": "Orders (purchases), their line items, and refunds.",
    "customers": "Customers: buyers, leads and members.",
    "billing": "Subscriptions (memberships), invoices, checkouts, payment links, "
    "discounts (coupons, promo codes).",
    "content": "Experiences, blog posts, legal pages (terms, refund policy), reviews.",
    "files": "Uploaded files.",
    "messaging": "Emails to customers.",
    "developer": "Webhooks and the x402 (pay-per-request) configuration.",
    "account": "The store account.",
}
"""Each toolset with the one line a model reads when choosing it (dynamic mode)."""

DEFAULT_TOOLSETS: tuple[str, ...] = ("orders", "customers")
DEFAULT_TOOLS: tuple[str, ...] = (
    "list_products",
    "get_product",
    # A product names its prices only by ID; what it costs is on the price variant.
    "list_price_variants",
    "get_price_variant",
    "list_subscriptions",
    "get_subscription",
    "pause_subscription",
    "resume_subscription",
    "cancel_subscription",
)
"""What a support desk needs beyond orders and customers, without the rest of billing."""


@dataclass(frozen=True)
class Selection:
    """The toolsets and single tools a configuration asks for, before the read-only ceiling."""

    toolsets: frozenset[str]
    tools: frozenset[str]

    def admits(self, op: Operation) -> bool:
        return op.toolset in self.toolsets or op.name in self.tools


def select(
    operations: Sequence[Operation],
    toolsets: Iterable[str] | None,
    tools: Iterable[str] = (),
) -> Selection:
    """What `--toolsets` and `--tools` mean; `None` toolsets is the default set.

    Names arrive lowercased and stripped (`Settings`). A tool name given as a toolset,
    or the reverse, is told which flag takes it: the two flags are easy to swap.

    Raises:
        ConfigurationError: a toolset or tool name that does not exist, or that names
            the other kind.
    """
    names = {DEFAULT} if toolsets is None else set(toolsets)
    chosen_tools = set(tools)
    tool_names = {op.name for op in operations}
    toolset_names = {ALL, DEFAULT, *TOOLSETS}
    problems: list[str] = []
    unknown = names - toolset_names
    if swapped := sorted(unknown & tool_names):
        problems.append(_wrong_flag(swapped, "tool", "toolset", "--tools"))
    if unknown := unknown - tool_names:
        valid = ", ".join([ALL, DEFAULT, *TOOLSETS])
        problems.append(
            f"unknown {plural('toolset', len(unknown))} {', '.join(sorted(unknown))}; "
            f"valid toolsets: {valid}"
        )
    missing = chosen_tools - tool_names
    if swapped := sorted(missing & toolset_names):
        problems.append(_wrong_flag(swapped, "toolset", "tool", "--toolsets"))
    if missing := missing - toolset_names:
        problems.append(
            f"unknown {plural('tool', len(missing))} {', '.join(sorted(missing))}; "
            "run `crevio-mcp tools --toolsets all` to see every tool name"
        )
    if problems:
        raise ConfigurationError("; ".join(problems))
    if ALL in names:
        names |= set(TOOLSETS)
    if DEFAULT in names:
        names |= set(DEFAULT_TOOLSETS)
        chosen_tools |= set(DEFAULT_TOOLS)
    return Selection(toolsets=frozenset(names & set(TOOLSETS)), tools=frozenset(chosen_tools))


def _wrong_flag(names: Sequence[str], kind: str, other: str, flag: str) -> str:
    """'send_email is a tool, not a toolset: use --tools send_email', for one or more."""
    if len(names) == 1:
        return f"{names[0]} is a {kind}, not a {other}: use {flag} {names[0]}"
    return f"{', '.join(names)} are {kind}s, not {other}s: use {flag} {','.join(names)}"


def not_served_reason(op: Operation, *, read_only: bool, dynamic: bool) -> str:
    """Why a server does not list `op`, and what the model can do, as a tool error's text.

    Only for an operation the server does not list. Read-only comes first: it is a
    ceiling, so choosing other toolsets would not bring a write tool back.
    """
    if read_only and not op.read_only:
        return (
            f"{op.name} changes the store, and this server is read-only (--read-only), so it "
            f"is not served.\nNext: do without it, or tell the user it needs the server "
            f"started without --read-only."
        )
    if dynamic:
        return (
            f"{op.name} is in the {op.toolset} toolset, which is not enabled yet.\nNext: call "
            f"enable_toolset with toolset={op.toolset}, then call {op.name} again."
        )
    return (
        f"{op.name} is not served: it is in the {op.toolset} toolset, which this server "
        f"was not started with (toolsets are chosen at startup).\nNext: do without it, or "
        f"tell the user it needs the server started with --toolsets including "
        f"{op.toolset}, or --tools {op.name}."
    )
