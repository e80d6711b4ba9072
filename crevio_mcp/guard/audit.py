"""The audit trail of writes: one JSON line per executed, refused or declined write.

Arguments are recorded with personal data reduced (emails masked, free text replaced by
its length), so the trail can be kept and shared without becoming a copy of customer
data. Every entry is also logged to stderr.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio

__all__ = ["AuditLog", "reduce_personal_data"]

logger = logging.getLogger("crevio_mcp.audit")

_EMAIL = re.compile(r"([^@\s]{1,2})[^@\s]*@([^@\s]+)")
# Fields whose values are free text written by or about people.
_FREE_TEXT = frozenset(
    {"body", "content", "description", "notes", "name", "first_name", "last_name", "phone_number"}
    | {"customer_name", "subject", "text", "html", "body_html", "content_base64"}
)


def reduce_personal_data(arguments: Mapping[str, Any]) -> dict[str, Any]:
    reduced: dict[str, Any] = {}
    for key, value in arguments.items():
        if key == "confirmation_token":
            continue
        if isinstance(value, str) and key in _FREE_TEXT:
            reduced[key] = f"<{len(value)} chars>"
        elif isinstance(value, str):
            reduced[key] = _EMAIL.sub(r"\1…@\2", value)
        elif isinstance(value, Mapping):
            reduced[key] = reduce_personal_data(value)
        else:
            reduced[key] = value
    return reduced


class AuditLog:
    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._lock = anyio.Lock()

    async def record(
        self,
        *,
        tool: str,
        outcome: str,
        arguments: Mapping[str, Any],
        object_id: str | None = None,
        request_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "tool": tool,
            "outcome": outcome,
            "arguments": reduce_personal_data(arguments),
            "object_id": object_id,
            "request_id": request_id,
        }
        if detail:
            entry["detail"] = detail
        line = json.dumps(entry, ensure_ascii=False)
        logger.info("audit %s", line)
        if self._path is None:
            return
        async with self._lock:
            async with await anyio.open_file(self._path, "a", encoding="utf-8") as handle:
                await handle.write(line + "\n")
