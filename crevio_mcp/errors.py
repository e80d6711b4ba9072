"""The one error tree of crevio-mcp.

CrevioError
├── ConfigurationError            bad settings at startup (exit status 2)
├── CrevioConnectionError         the API could not be reached, or it did not answer in time
│   └── CrevioTimeoutError
└── CrevioAPIError                the API answered with a non-2xx status
    ├── InvalidRequestError       400, 409 and 422
    ├── AuthenticationError       401
    ├── PermissionDeniedError     403
    ├── NotFoundError             404
    ├── RateLimitError            429
    └── ServerError               5xx

Every error knows how to say itself to a model: `str(error)` is the text a tool result
carries, and it never contains the API token.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "AuthenticationError",
    "ConfigurationError",
    "CrevioAPIError",
    "CrevioConnectionError",
    "CrevioError",
    "CrevioTimeoutError",
    "FieldError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
]


class CrevioError(Exception):
    """Root of every error crevio-mcp raises on purpose."""


class ConfigurationError(CrevioError):
    """The settings cannot work; raised before anything is served."""


class CrevioConnectionError(CrevioError):
    """No HTTP answer came back, so a write may or may not have been applied."""

    def __init__(self, message: str, *, method: str, path: str, sent: bool = True) -> None:
        super().__init__(message)
        self.method = method
        self.path = path
        self.sent = sent
        """False when the request certainly never left this machine (connect failed)."""


class CrevioTimeoutError(CrevioConnectionError):
    """The API did not answer within the configured timeout."""


@dataclass(frozen=True)
class FieldError:
    """One field-level complaint from a validation error."""

    param: str | None
    message: str
    code: str | None = None


@dataclass
class CrevioAPIError(CrevioError):
    """The API answered with an error status; the fields mirror its error envelope."""

    status: int
    message: str
    type: str | None = None
    code: str | None = None
    param: str | None = None
    errors: list[FieldError] = field(default_factory=list[FieldError])
    request_id: str | None = None
    retry_after: float | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class InvalidRequestError(CrevioAPIError):
    """400, 409 or 422: the request itself was wrong; sending it again will not help."""


class AuthenticationError(CrevioAPIError):
    """401: the API token is missing, wrong or revoked."""


class PermissionDeniedError(CrevioAPIError):
    """403: the token is valid but may not do this."""


class NotFoundError(CrevioAPIError):
    """404: no such object (or route)."""


class RateLimitError(CrevioAPIError):
    """429: too many requests; `retry_after` says how long to wait when the API said so."""


class ServerError(CrevioAPIError):
    """5xx: the API failed; the request may be retried later."""


ERROR_BY_STATUS: dict[int, type[CrevioAPIError]] = {
    400: InvalidRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: InvalidRequestError,
    422: InvalidRequestError,
    429: RateLimitError,
}


def error_class_for(status: int) -> type[CrevioAPIError]:
    if status >= 500:
        return ServerError
    return ERROR_BY_STATUS.get(status, InvalidRequestError)
