"""How big a tool result may be, and a cheap, deliberately high estimate of its size.

Clients cap what one tool result may put in the model's context (Claude Code warns at
10,000 tokens and refuses past 25,000 by default), and they count the structured
content as well as the text. Every result is kept under `Settings.max_result_tokens`,
measured over both, with `estimate_tokens`.

The estimate is bytes of UTF-8 / 2.3 rounded up. Prose runs near 4 bytes a token in
cl100k, but Crevio's JSON is dense with random IDs, timestamps and short enums: over the
sandbox's fullest pages the densest, a list of bare orders, runs at 2.5. Dividing by less
than the densest keeps the estimate high, so a result under the budget by this count is
under it by a real tokenizer's count too; tests/test_result_text.py checks the fullest
result of every list tool against cl100k. Counting with the tokenizer itself would be
exact, but it is an optional dependency and the server must run without it.
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = [
    "BYTES_PER_TOKEN",
    "compact_json",
    "estimate_tokens",
    "json_bytes",
    "text_bytes",
    "token_budget_bytes",
]

BYTES_PER_TOKEN = 2.3


def compact_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)


def text_bytes(text: str) -> int:
    return len(text.encode("utf-8"))


def json_bytes(value: Any) -> int:
    return text_bytes(compact_json(value))


def estimate_tokens(byte_count: int) -> int:
    """Tokens a result of `byte_count` UTF-8 bytes is taken to cost."""
    return math.ceil(byte_count / BYTES_PER_TOKEN)


def token_budget_bytes(tokens: int) -> int:
    """The most bytes a result may have to stay within `tokens`."""
    return math.floor(tokens * BYTES_PER_TOKEN)
