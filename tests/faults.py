"""A transport that puts faults between the server and the sandbox, for resilience tests.

Each rule matches a method and path prefix and fires a given number of times: answer 429
or 5xx without touching the sandbox, fail to connect, or forward the request (so the
sandbox applies it) and then lose the response, as a dropped connection would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

__all__ = ["Fault", "FaultyTransport"]


@dataclass
class Fault:
    method: str
    path: str
    kind: str  # "429", "500", "503", "connect", "drop-after-apply", "truncate"
    times: int = 1
    retry_after: str | None = "0"
    fired: int = field(default=0, init=False)

    def matches(self, request: httpx.Request) -> bool:
        return (
            self.fired < self.times
            and request.method == self.method
            and request.url.path.startswith(self.path)
        )


class FaultyTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, faults: list[Fault]) -> None:
        self._inner = inner
        self.faults = faults

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        fault = next((f for f in self.faults if f.matches(request)), None)
        if fault is None:
            return await self._inner.handle_async_request(request)
        fault.fired += 1
        if fault.kind == "connect":
            raise httpx.ConnectError("connection refused", request=request)
        if fault.kind in ("429", "500", "503"):
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            body = {"error": {"type": "api_error", "code": f"fault_{fault.kind}", "message": "x"}}
            return httpx.Response(int(fault.kind), headers=headers, json=body, request=request)
        response = await self._inner.handle_async_request(request)
        await response.aread()
        if fault.kind == "drop-after-apply":
            raise httpx.ReadError("connection reset by peer", request=request)
        # "truncate": the body stops halfway, as a cut connection leaves it.
        cut = response.content[: len(response.content) // 2]
        return httpx.Response(
            response.status_code,
            headers={"Content-Type": "application/json"},
            content=cut,
            request=request,
        )
