"""A stdio server driven by hand-written JSON-RPC lines, for what SDK clients will not send."""

from __future__ import annotations

import json
from typing import Any

from anyio.abc import Process

__all__ = ["RawSession"]


class RawSession:
    """A stdio server driven by hand-written JSON-RPC lines."""

    def __init__(self, process: Process) -> None:
        self.process = process
        self._buffer = b""
        self._next_id = 100
        self.lines: list[bytes] = []
        """Every line the server wrote to stdout, as received."""

    async def send(self, message: dict[str, Any] | str) -> None:
        line = message if isinstance(message, str) else json.dumps(message)
        assert self.process.stdin is not None
        await self.process.stdin.send(line.encode() + b"\n")

    async def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        while b"\n" not in self._buffer:
            self._buffer += await self.process.stdout.receive()
        line, self._buffer = self._buffer.split(b"\n", 1)
        self.lines.append(line)
        message: dict[str, Any] = json.loads(line)
        return message

    async def call(self, params: Any) -> dict[str, Any]:
        self._next_id += 1
        await self.send(
            {"jsonrpc": "2.0", "id": self._next_id, "method": "tools/call", "params": params}
        )
        answer = await self.receive()
        assert answer["id"] == self._next_id
        return answer

    async def initialize(self) -> None:
        await self.send(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {
                    "protocolVersion": "2025-11-25",
                    "capabilities": {},
                    "clientInfo": {"name": "raw-test", "version": "0"},
                },
            }
        )
        assert "result" in await self.receive()
        await self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    async def still_serves(self) -> None:
        answer = await self.call({"name": "list_orders", "arguments": {"limit": 1}})
        assert answer["result"]["isError"] is False
        assert len(answer["result"]["structuredContent"]["data"]) == 1
