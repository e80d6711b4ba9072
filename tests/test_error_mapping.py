"""HTTP error responses become one error tree, whatever shape the body has."""

from __future__ import annotations

import httpx
import pytest

from crevio_mcp.client import error_from_response
from crevio_mcp.errors import (
    AuthenticationError,
    CrevioAPIError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, InvalidRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, InvalidRequestError),
        (422, InvalidRequestError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
    ],
)
def test_each_status_maps_to_its_error_class(status: int, expected: type[CrevioAPIError]) -> None:
    error = error_from_response(httpx.Response(status, json={"error": {"message": "x"}}))
    assert type(error) is expected
    assert error.status == status


def test_the_documented_envelope_is_read_field_by_field() -> None:
    response = httpx.Response(
        422,
        headers={"Request-Id": "req_abc"},
        json={
            "error": {
                "type": "validation_error",
                "code": "validation_failed",
                "message": "Email is invalid",
                "param": "email",
                "errors": [{"param": "email", "code": "invalid", "message": "is invalid"}],
            }
        },
    )
    error = error_from_response(response)
    assert (error.type, error.code, error.param, error.request_id) == (
        "validation_error",
        "validation_failed",
        "email",
        "req_abc",
    )
    assert error.errors[0].param == "email" and error.errors[0].code == "invalid"


def test_an_older_string_error_with_details_is_tolerated() -> None:
    response = httpx.Response(401, json={"error": "Unauthorized", "details": ["token expired"]})
    error = error_from_response(response)
    assert isinstance(error, AuthenticationError)
    assert error.message == "Unauthorized"
    assert [e.message for e in error.errors] == ["token expired"]


def test_a_body_that_is_not_json_still_gives_a_readable_error() -> None:
    response = httpx.Response(502, text="<html><body>Bad gateway</body></html>")
    error = error_from_response(response)
    assert isinstance(error, ServerError)
    assert "not JSON" in error.message and "Bad gateway" in error.message


@pytest.mark.parametrize(("header", "expected"), [("7", 7.0), ("0", 0.0), ("soon", None)])
def test_retry_after_in_seconds_is_read(header: str, expected: float | None) -> None:
    response = httpx.Response(429, headers={"Retry-After": header}, json={})
    assert error_from_response(response).retry_after == expected


def test_retry_after_as_an_http_date_becomes_seconds_from_now() -> None:
    response = httpx.Response(429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    assert error_from_response(response).retry_after == 0.0
