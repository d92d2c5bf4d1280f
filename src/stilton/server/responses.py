from __future__ import annotations

import re
from collections.abc import Mapping

from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

REASON_KEY = "stilton.reason"
_UNPRINTABLE = re.compile(r"[^\x20-\x7e]")
_MAX_REASON = 400


def reason_phrase(message: str) -> str:
    """One printable ASCII line: what survives every client's status-line parser."""
    line = _UNPRINTABLE.sub("?", " ".join(message.split()))
    return line[:_MAX_REASON] or "Error"


class PhrasedResponse(Response):
    """A plain-text response whose message also travels in the HTTP reason phrase.

    twine shows only the status line of a failed upload, so the reason phrase is the one place
    a publisher is sure to read. The phrase rides in an extra key of the ASGI start message,
    which `PhrasedHttpToolsProtocol` writes into the status line (other servers ignore it).
    """

    media_type = "text/plain"

    def __init__(
        self,
        message: str,
        status_code: int,
        headers: Mapping[str, str] | None = None,
        detail: str = "",
    ) -> None:
        """`detail`, if any, follows the message in the body only."""
        self.reason = reason_phrase(message)
        body = f"{message}\n{detail.rstrip()}\n" if detail.strip() else f"{message}\n"
        super().__init__(body, status_code, headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_reason(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, REASON_KEY: self.reason}
            await send(message)

        await super().__call__(scope, receive, send_with_reason)
