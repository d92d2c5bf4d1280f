from __future__ import annotations

import asyncio
from typing import Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

from stilton.server.responses import REASON_KEY, reason_phrase


class _StatusLineRewriter:
    """Wraps the transport for one write: the head of the response, status line first."""

    def __init__(self, transport: Any, status: int, reason: str) -> None:
        self._transport = transport
        self._status_line = f"HTTP/1.1 {status} {reason}\r\n".encode("ascii")

    def write(self, data: bytes) -> None:
        _, _, rest = data.partition(b"\r\n")
        self._transport.write(self._status_line + rest)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class _PhrasedCycle(RequestResponseCycle):
    async def send(self, message: Any) -> None:
        reason = message.get(REASON_KEY) if message["type"] == "http.response.start" else None
        if not reason or self.response_started:
            await super().send(message)
            return
        transport = self.transport
        # Sanitized here too: a raw ASGI app could put CR/LF (header injection) or non-ASCII in it.
        phrase = reason_phrase(str(reason))
        self.transport = cast(
            asyncio.Transport, _StatusLineRewriter(transport, message["status"], phrase)
        )
        try:
            await super().send(message)
        finally:
            self.transport = transport


class PhrasedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, sending the reason phrase a response asks for.

    Stock uvicorn always writes the standard phrase. The request cycle is created inside
    `on_headers_complete`; its task has not started yet when that returns, so switching the
    cycle's class there is enough to route its `send` through `_PhrasedCycle`.
    """

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        if type(self.cycle) is RequestResponseCycle:
            self.cycle.__class__ = _PhrasedCycle
