"""The API's error envelope and the exceptions handlers raise to produce it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One entry of ``error.errors``: which field is at fault and why."""

    param: str
    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"param": self.param, "code": self.code, "message": self.message}


@dataclass
class ApiError(Exception):
    """Raised anywhere in a handler; the app turns it into the error envelope."""

    status: int
    type: str
    code: str
    message: str
    param: str | None = None
    errors: list[FieldError] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "error": {
                "type": self.type,
                "code": self.code,
                "message": self.message,
                "param": self.param,
                "errors": [e.to_json() for e in self.errors],
            }
        }


def invalid_request(
    code: str, message: str, *, param: str | None = None, status: int = 400
) -> ApiError:
    return ApiError(status, "invalid_request_error", code, message, param)


def not_found(kind: str, ident: str, *, param: str = "id") -> ApiError:
    """404 for an unknown ID in the path."""
    return invalid_request(
        "resource_missing",
        f"No such {kind.replace('_', ' ')}: '{ident}'",
        param=param,
        status=404,
    )


def missing_reference(kind: str, ident: str, *, param: str) -> ApiError:
    """400 for an unknown ID given in a body or query field (not in the path).

    Stripe answers these with 400 rather than 404: the URL itself was fine.
    """
    return invalid_request(
        "resource_missing",
        f"No such {kind.replace('_', ' ')}: '{ident}'",
        param=param,
    )


def validation_failed(errors: list[FieldError]) -> ApiError:
    first = errors[0]
    return ApiError(
        422,
        "validation_error",
        "validation_failed",
        f"Validation failed: {first.message}",
        first.param,
        list(errors),
    )


def invalid_state(message: str, *, code: str = "invalid_state_transition") -> ApiError:
    return invalid_request(code, message)
