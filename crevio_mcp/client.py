"""The Crevio HTTP client: one shared httpx.AsyncClient and the one place where HTTP
failures become errors from `crevio_mcp.errors`."""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import anyio
import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)
from tenacity.wait import wait_base

from crevio_mcp import __version__
from crevio_mcp.errors import (
    CrevioAPIError,
    CrevioConnectionError,
    CrevioTimeoutError,
    FieldError,
    RateLimitError,
    error_class_for,
)
from crevio_mcp.logs import current_tool

__all__ = ["ApiRequest", "ApiResponse", "CrevioClient", "error_from_response"]

logger = logging.getLogger(__name__)

USER_AGENT = f"crevio-mcp/{__version__}"
REQUEST_ID_HEADERS = ("request-id", "x-request-id")


@dataclass(frozen=True)
class ApiRequest:
    """One call to the Crevio API, as the executor builds it from a tool's arguments."""

    method: str
    path: str
    query: Mapping[str, str] | None = None
    body: Mapping[str, Any] | None = None
    idempotency_key: str | None = None
    """Sent as Idempotency-Key on POSTs, so a resent write is applied once."""


@dataclass(frozen=True)
class ApiResponse:
    """A successful answer: its decoded JSON and the request ID the API gave it."""

    data: Any
    status: int
    request_id: str | None
    replayed: bool = False
    """The API answered an Idempotency-Key it had seen with the first call's result."""


class CrevioClient:
    """Talks to the Crevio REST API over one shared `httpx.AsyncClient`.

    Use it as an async context manager; it owns the connection pool until closed.
    The API token is sent per request, never stored on the pool, so `with_token` can
    give each HTTP caller its own view of the one pool.
    """

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
        max_retries: int = 3,
        retry_budget: float = 30.0,
        call_timeout: float = 60.0,
    ) -> None:
        self._api_key = api_key
        self._call_timeout = call_timeout
        self._max_retries = max_retries
        self._retry_budget = retry_budget
        self._backoff = wait_exponential_jitter(multiplier=0.5, max=8.0)
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + "/",
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            transport=transport,
        )

    async def __aenter__(self) -> CrevioClient:
        await self._http.__aenter__()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._http.__aexit__(*exc_info)  # type: ignore[arg-type]  # forwarded as received

    def with_token(self, api_key: str) -> CrevioClient:
        """This client acting with another API token, over the same connection pool.

        The view is not a context manager of its own: the original owns the pool.
        """
        view = copy.copy(self)
        view._api_key = api_key
        return view

    async def send(self, request: ApiRequest) -> ApiResponse:
        """Send one request, retrying only where that cannot apply a write twice.

        Raises:
            CrevioAPIError: the API answered with a non-2xx status (a subclass by status).
            CrevioConnectionError: no answer came back (CrevioTimeoutError on a timeout).
        """
        retrying = AsyncRetrying(
            retry=retry_if_exception(lambda exc: _retryable(request, exc)),
            wait=_wait_for(self._backoff),
            stop=stop_after_attempt(self._max_retries + 1) | stop_before_delay(self._retry_budget),
            before_sleep=_log_retry(request),
            reraise=True,
        )
        # The deadline covers every attempt and every wait between them.
        with anyio.move_on_after(self._call_timeout) as deadline:
            async for attempt in retrying:
                with attempt:
                    return await self._send_once(request)
        if deadline.cancelled_caught:
            raise CrevioTimeoutError(
                f"no answer within the {self._call_timeout:.0f}s limit for one call",
                method=request.method,
                path=request.path,
            )
        raise AssertionError("unreachable: tenacity reraises the last error")

    async def _send_once(self, request: ApiRequest) -> ApiResponse:
        # Paths are relative to base_url, so "/orders" must not reset it to the host root.
        url = request.path.lstrip("/")
        headers: dict[str, str] = {}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        if request.idempotency_key:
            headers["Idempotency-Key"] = request.idempotency_key
        started = time.monotonic()
        try:
            response = await self._http.request(
                request.method,
                url,
                params=dict(request.query) if request.query else None,
                json=dict(request.body) if request.body is not None else None,
                headers=headers,
            )
        except httpx.TimeoutException as exc:
            _log_call(request, started, error=type(exc).__name__)
            raise CrevioTimeoutError(
                f"timed out after {self._http.timeout.read}s",
                method=request.method,
                path=request.path,
                # A connect or pool timeout means nothing left this machine.
                sent=not isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout),
            ) from exc
        except httpx.TransportError as exc:
            _log_call(request, started, error=type(exc).__name__)
            raise CrevioConnectionError(
                f"could not reach the Crevio API ({type(exc).__name__})",
                method=request.method,
                path=request.path,
                sent=not isinstance(exc, httpx.ConnectError),
            ) from exc

        request_id = _request_id(response)
        _log_call(request, started, status=response.status_code, request_id=request_id)
        if not response.is_success:
            raise error_from_response(response)
        if response.status_code == 204 or not response.content:
            return ApiResponse(data=None, status=response.status_code, request_id=request_id)
        try:
            data = response.json()
        except ValueError as exc:
            raise CrevioAPIError(
                status=response.status_code,
                message="the API answered with a body that is not JSON",
                request_id=request_id,
            ) from exc
        return ApiResponse(
            data=data,
            status=response.status_code,
            request_id=request_id,
            # Stripe's header name; Crevio documents no idempotency, so absent means unknown.
            replayed=response.headers.get("idempotent-replayed", "").lower() == "true",
        )


# Statuses at which the API did not act on the request, so a read may be asked again.
_RETRY_READ_STATUSES = frozenset({502, 503, 504})


def _retryable(request: ApiRequest, exc: BaseException) -> bool:
    """Retry only what cannot turn into a second write.

    A 429 was refused before anything happened, so any method may retry it. Reads also
    retry gateway errors and lost connections. A write whose request may have reached
    the API (a timeout or a dropped connection after sending) is never retried: the API
    documents no idempotency support, so its outcome is reported as unknown instead.
    """
    if isinstance(exc, RateLimitError):
        return True
    if request.method == "GET":
        if isinstance(exc, CrevioConnectionError):
            return True
        return isinstance(exc, CrevioAPIError) and exc.status in _RETRY_READ_STATUSES
    return isinstance(exc, CrevioConnectionError) and not exc.sent


def _wait_for(backoff: wait_base) -> Callable[[RetryCallState], float]:
    """Wait as long as a 429's Retry-After says, else back off exponentially with jitter."""

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RateLimitError) and exc.retry_after is not None:
            return exc.retry_after
        return float(backoff(state))

    return wait


def _log_retry(request: ApiRequest) -> Callable[[RetryCallState], None]:
    def log(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0.0
        logger.warning(
            "api_retry method=%s path=%s attempt=%d wait_s=%.1f error=%s",
            request.method,
            request.path,
            state.attempt_number,
            wait,
            type(exc).__name__,
        )

    return log


def _log_call(
    request: ApiRequest,
    started: float,
    *,
    status: int | None = None,
    request_id: str | None = None,
    error: str | None = None,
) -> None:
    """The one `api_call` line per request, in logfmt; `-` marks what is unknown."""
    logger.info(
        "api_call tool=%s method=%s path=%s status=%s request_id=%s duration_ms=%d%s",
        current_tool.get() or "-",
        request.method,
        request.path,
        status or "-",
        request_id or "-",
        (time.monotonic() - started) * 1000,
        f" error={error}" if error else "",
    )


def _request_id(response: httpx.Response) -> str | None:
    for name in REQUEST_ID_HEADERS:
        value: str | None = response.headers.get(name)
        if value:
            return value
    return None


def error_from_response(response: httpx.Response) -> CrevioAPIError:
    """Read Crevio's error envelope, tolerating the older and broken forms.

    The documented form is `{"error": {type, code, message, param, errors}}`; an older
    SDK showed `{"error": "text", "details": [...]}`; a proxy may send HTML or nothing.
    """
    status = response.status_code
    try:
        body: Any = response.json()
    except ValueError:
        body = None

    message = ""
    kind = code = param = None
    field_errors: list[FieldError] = []
    envelope = body.get("error") if isinstance(body, dict) else None
    if isinstance(envelope, dict):
        message = _text(envelope.get("message"))
        kind = _text(envelope.get("type")) or None
        code = _text(envelope.get("code")) or None
        param = _text(envelope.get("param")) or None
        field_errors = _field_errors(envelope.get("errors"))
    elif isinstance(envelope, str):
        message = envelope
    if isinstance(body, dict) and not field_errors:
        field_errors = _field_errors(body.get("details"))
    if not message:
        message = response.reason_phrase or f"HTTP {status}"
        if body is None and response.content:
            snippet = " ".join(response.text.split())[:120]
            message = f"{message} (body was not JSON: {snippet!r})"

    return error_class_for(status)(
        status=status,
        message=message,
        type=kind,
        code=code,
        param=param,
        errors=field_errors,
        request_id=_request_id(response),
        retry_after=_retry_after(response.headers.get("retry-after")),
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _field_errors(raw: object) -> list[FieldError]:
    if not isinstance(raw, list):
        return []
    errors: list[FieldError] = []
    for item in raw:
        if isinstance(item, str):
            errors.append(FieldError(param=None, message=item))
        elif isinstance(item, dict):
            param = item.get("param") or item.get("field")
            errors.append(
                FieldError(
                    param=param if isinstance(param, str) else None,
                    message=_text(item.get("message")) or _text(item.get("code")),
                    code=_text(item.get("code")) or None,
                )
            )
    return errors


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait, from a Retry-After of either delta-seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
