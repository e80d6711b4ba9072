"""Declarative checks for flat JSON request bodies.

Each resource declares a ``Schema`` (field name -> ``Field``). ``Problems.check``
rejects unknown fields with 400 ``parameter_unknown`` at once, and gathers every
field-level problem so a single 422 lists all of them, the way a form would.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from .errors import FieldError, invalid_request, validation_failed

FieldType = Literal[
    "string", "integer", "number", "boolean", "datetime", "email", "url", "object", "list"
]

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z0-9-]{2,}$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    type: FieldType = "string"
    required: bool = False
    nullable: bool = True
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    # For "list" fields: the type of each item ("string" or "object").
    items: FieldType | None = None


Schema = Mapping[str, Field]


def parse_datetime(value: str) -> datetime | None:
    """Parse ISO 8601; naive times are taken as UTC. None when unparseable."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def iso(moment: datetime) -> str:
    """The API's timestamp format: UTC, whole seconds, trailing ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def reject_unknown(body: Mapping[str, Any], allowed: Schema) -> None:
    for name in body:
        if name not in allowed:
            raise invalid_request(
                "parameter_unknown",
                f"Received unknown parameter: {name}",
                param=name,
            )


class Problems:
    """Collects field errors for one request, then raises them as one 422."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, param: str, code: str, message: str) -> None:
        # One problem per field is enough for a caller to act on.
        if not any(e.param == param for e in self.errors):
            self.errors.append(FieldError(param, code, message))

    def has(self, param: str) -> bool:
        return any(e.param == param for e in self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise validation_failed(self.errors)

    def check(
        self, body: Mapping[str, Any], schema: Schema, *, partial: bool = False
    ) -> dict[str, Any]:
        """Return the fields present in ``body`` that passed, normalised.

        ``partial`` is for PATCH: required fields may be left out but not nulled.
        """
        reject_unknown(body, schema)
        values: dict[str, Any] = {}
        for name, spec in schema.items():
            if name not in body:
                if spec.required and not partial:
                    self.add(name, "required", f"{name} is required")
                continue
            raw = body[name]
            if raw is None or (spec.required and raw == ""):
                if spec.required or not spec.nullable:
                    self.add(name, "required", f"{name} can't be blank")
                else:
                    values[name] = None
                continue
            ok, value = self._check_value(name, raw, spec)
            if ok:
                values[name] = value
        return values

    def _check_value(self, name: str, raw: Any, spec: Field) -> tuple[bool, Any]:
        kind = spec.type
        if kind in ("integer", "number"):
            # bool is a subclass of int in Python, but true is not a number.
            integral = isinstance(raw, int) and not isinstance(raw, bool)
            if not (integral or (kind == "number" and isinstance(raw, float))):
                article = "an integer" if kind == "integer" else "a number"
                self.add(name, "invalid", f"{name} must be {article}")
                return False, None
            if spec.minimum is not None and raw < spec.minimum:
                self.add(name, "out_of_range", f"{name} must be at least {spec.minimum}")
                return False, None
            if spec.maximum is not None and raw > spec.maximum:
                self.add(name, "out_of_range", f"{name} must be at most {spec.maximum}")
                return False, None
            return True, raw
        if kind == "boolean":
            if not isinstance(raw, bool):
                self.add(name, "invalid", f"{name} must be true or false")
                return False, None
            return True, raw
        if kind == "object":
            if not isinstance(raw, dict):
                self.add(name, "invalid", f"{name} must be an object")
                return False, None
            return True, raw
        if kind == "list":
            if not isinstance(raw, list):
                self.add(name, "invalid", f"{name} must be an array")
                return False, None
            item_type = {"string": str, "object": dict}.get(spec.items or "", object)
            if not all(isinstance(item, item_type) for item in raw):
                self.add(name, "invalid", f"{name} has an item of the wrong type")
                return False, None
            return True, raw
        if not isinstance(raw, str):
            self.add(name, "invalid", f"{name} must be a string")
            return False, None
        if spec.max_length is not None and len(raw) > spec.max_length:
            self.add(
                name,
                "too_long",
                f"{name} is too long (maximum is {spec.max_length} characters)",
            )
            return False, None
        if spec.choices and raw not in spec.choices:
            self.add(name, "invalid", f"{name} must be one of: {', '.join(spec.choices)}")
            return False, None
        if kind == "datetime":
            moment = parse_datetime(raw)
            if moment is None:
                self.add(name, "invalid", f"{name} must be an ISO 8601 timestamp")
                return False, None
            return True, iso(moment)
        if kind == "email" and not EMAIL_RE.match(raw):
            self.add(name, "invalid", f"{name} is not a valid email address")
            return False, None
        if kind == "url" and not URL_RE.match(raw):
            self.add(name, "invalid", f"{name} is not a valid URL")
            return False, None
        return True, raw
