from __future__ import annotations

import asyncio

import pytest
from starlette.types import Message

from stilton.server import PhrasedResponse, reason_phrase
from stilton.server.responses import REASON_KEY


@pytest.mark.parametrize(
    ("message", "phrase"),
    [
        ("File already exists", "File already exists"),
        ("two\nlines", "two lines"),
        ("crlf\r\nSet-Cookie: x=1", "crlf Set-Cookie: x=1"),
        ("  padded\t and\ttabbed  ", "padded and tabbed"),
        ("caf\u00e9 \u2013 ok", "caf? ? ok"),
        ("nul\x00byte", "nul?byte"),
        ("del\x7fchar", "del?char"),
        ("", "Error"),
        ("   \n\t ", "Error"),
        ("x" * 1000, "x" * 400),
    ],
)
def test_reason_phrase_is_one_printable_ascii_line(message: str, phrase: str) -> None:
    assert reason_phrase(message) == phrase


def test_reason_phrase_keeps_punctuation() -> None:
    message = "Invalid distribution filename 'demo.whl': not a wheel (.whl) or sdist (.tar.gz)"
    assert reason_phrase(message) == message


def run(response: PhrasedResponse) -> list[Message]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/legacy/", "headers": []}
    asyncio.run(response(scope, receive, send))
    return sent


def test_phrased_response_puts_the_phrase_in_the_start_message() -> None:
    start, body = run(PhrasedResponse("File already exists: 'demo-1.0.tar.gz'", 400))
    assert start["type"] == "http.response.start"
    assert start["status"] == 400
    assert start[REASON_KEY] == "File already exists: 'demo-1.0.tar.gz'"
    assert REASON_KEY not in body
    assert body["body"] == b"File already exists: 'demo-1.0.tar.gz'\n"


def test_phrased_response_is_plain_text_and_keeps_unicode_in_the_body() -> None:
    start, body = run(PhrasedResponse("caf\u00e9", 403, {"X-Extra": "1"}))
    headers = dict(start["headers"])
    assert headers[b"content-type"] == b"text/plain; charset=utf-8"
    assert headers[b"x-extra"] == b"1"
    assert start[REASON_KEY] == "caf?"
    assert body["body"] == "caf\u00e9\n".encode()
