"""The Starlette app: auth, routing, request log, idempotency, error envelope.

One catch-all endpoint dispatches through the sandbox's own route table, so
that every request (even one for an unknown route, or with a bad token) goes
through the same steps and gets the same envelope and ``Request-Id``.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
from collections.abc import Mapping
from typing import Any, Final

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route as StarletteRoute

from .errors import ApiError, invalid_request
from .resources import all_routes
from .resources.derived import refresh_derived
from .routing import Call, Reply, Route
from .seed import seed_store
from .store import RecordedRequest, Store, StoredResponse

logger = logging.getLogger(__name__)

SANDBOX_TOKEN: Final = "sk_sandbox_crevio_0000"
API_PREFIX: Final = "/v1"
BODY_METHODS: Final = frozenset({"POST", "PATCH", "PUT", "DELETE"})


class _Dispatcher:
    def __init__(self, store: Store, token: str, routes: list[Route]) -> None:
        self.store = store
        self.token = token
        self.routes = routes

    async def handle(self, request: Request) -> Response:
        request_id = "req_" + secrets.token_hex(12)
        method = request.method.upper()
        path = request.url.path
        query = {key: request.query_params[key] for key in request.query_params}
        raw = await request.body()
        body, body_error = _parse_body(raw)
        idempotency_key = request.headers.get("idempotency-key")
        headers = {"Request-Id": request_id}
        try:
            self._authenticate(request.headers.get("authorization"))
            reply = self._dispatch(method, path, query, body, body_error, idempotency_key, headers)
        except ApiError as exc:
            reply = Reply(exc.status, exc.to_json())
        except Exception:
            logger.exception("sandbox handler failed (request %s)", request_id)
            reply = Reply(
                500,
                ApiError(500, "api_error", "internal_error", "Internal sandbox error").to_json(),
            )
        self.store.requests.append(
            RecordedRequest(
                method=method,
                path=path,
                query=query,
                body=body,  # parsed JSON of any shape; None when absent or unparseable
                status=reply.status,
                idempotency_key=idempotency_key,
                request_id=request_id,
            )
        )
        if reply.status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="crevio"'
        return JSONResponse(reply.payload, reply.status, headers=headers)

    def _authenticate(self, header: str | None) -> None:
        if not header or not header.strip():
            raise invalid_request(
                "authentication_required",
                "No API key provided. Send 'Authorization: Bearer <token>'.",
                status=401,
            )
        scheme, _, presented = header.strip().partition(" ")
        valid = scheme.lower() == "bearer" and hmac.compare_digest(
            presented.strip().encode(), self.token.encode()
        )
        if not valid:
            # The token is never echoed: it may be a real secret sent by mistake.
            raise invalid_request("invalid_api_key", "Invalid API key provided.", status=401)

    def _dispatch(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        body: Any,
        body_error: ApiError | None,
        idempotency_key: str | None,
        headers: dict[str, str],
    ) -> Reply:
        route, params = self._match(method, path)
        allowed = route.query | ({"expand"} if route.expand else set())
        for name in query:
            if name not in allowed:
                raise invalid_request(
                    "parameter_unknown",
                    f"Received unknown parameter: {name}",
                    param=name,
                )
        expand = _parse_expand(query.get("expand"), route.expand)
        if method in BODY_METHODS:
            if body_error is not None:
                raise body_error
            fields: Mapping[str, Any] = body if isinstance(body, dict) else {}
        else:
            fields = {}
        call = Call(self.store, params, query, fields, expand)
        if method != "POST" or not idempotency_key:
            return route.handler(call)
        return self._idempotent(idempotency_key, method, path, body, call, route, headers)

    def _idempotent(
        self,
        key: str,
        method: str,
        path: str,
        body: Any,
        call: Call,
        route: Route,
        headers: dict[str, str],
    ) -> Reply:
        fingerprint = json.dumps([method, path, body], sort_keys=True)
        slot = (self.token, key)
        seen = self.store.idempotency.get(slot)
        if seen is not None:
            if seen.fingerprint != fingerprint:
                raise invalid_request(
                    "idempotency_key_reused",
                    "This Idempotency-Key was already used with a different "
                    "request; use a new key for a new request.",
                    status=409,
                )
            headers["Idempotent-Replayed"] = "true"
            return Reply(seen.status, seen.payload)
        reply = route.handler(call)
        # Only successes are kept (as Stripe does for requests that failed
        # validation): a caller can fix a rejected body and retry with the key.
        if 200 <= reply.status < 300:
            self.store.idempotency[slot] = StoredResponse(fingerprint, reply.status, reply.payload)
        return reply

    def _match(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
            inner = path[len(API_PREFIX) :].rstrip("/") or "/"
            for route in self.routes:
                if route.method != method:
                    continue
                params = route.match(inner)
                if params is not None:
                    return route, params
        raise invalid_request(
            "route_not_found",
            f"Unrecognized request URL ({method} {path})",
            status=404,
        )


def _parse_body(raw: bytes) -> tuple[Any, ApiError | None]:
    if not raw.strip():
        return None, None
    try:
        parsed = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, invalid_request("invalid_json", "The request body is not valid JSON.")
    if not isinstance(parsed, dict):
        return parsed, invalid_request("invalid_json", "The request body must be a JSON object.")
    return parsed, None


def _parse_expand(raw: str | None, allowed: tuple[str, ...]) -> frozenset[str]:
    if raw is None:
        return frozenset()
    names = [part.strip() for part in raw.split(",") if part.strip()]
    for name in names:
        if name not in allowed:
            raise invalid_request(
                "parameter_invalid",
                f"Cannot expand '{name}'. Allowed values: {', '.join(allowed)}",
                param="expand",
            )
    return frozenset(names)


def create_app(token: str = SANDBOX_TOKEN, *, seed: int = 0) -> Starlette:
    """A fresh sandbox with its own seeded state at ``app.state.store``."""
    store = Store(seed=seed)
    store.add_deriver(refresh_derived)
    seed_store(store)
    store.refresh()
    dispatcher = _Dispatcher(store, token, all_routes())
    methods = ["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"]
    app = Starlette(routes=[StarletteRoute("/{path:path}", dispatcher.handle, methods=methods)])
    app.state.store = store
    return app
