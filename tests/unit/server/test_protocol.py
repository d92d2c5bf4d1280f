"""`PhrasedHttpToolsProtocol` behind a real uvicorn on 127.0.0.1, read with `http.client`."""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from stilton.server import PhrasedHttpToolsProtocol, PhrasedResponse
from stilton.server.responses import REASON_KEY


async def refused(request: Request) -> Response:
    return PhrasedResponse("Nope: bad thing", 400)


async def refused_unicode(request: Request) -> Response:
    return PhrasedResponse("Datei existiert schon \u2013 'demo-1.0.tar.gz'\nzweite Zeile", 400)


async def unauthorized(request: Request) -> Response:
    return PhrasedResponse("Invalid API token", 401, {"WWW-Authenticate": 'Basic realm="x"'})


async def plain(request: Request) -> Response:
    return PlainTextResponse("fine")


async def plain_error(request: Request) -> Response:
    return PlainTextResponse("missing", 404)


async def streamed(request: Request) -> Response:
    async def chunks() -> AsyncIterator[bytes]:
        for part in (b"one ", b"two ", b"three"):
            yield part

    return StreamingResponse(chunks(), media_type="text/plain")


async def echo(request: Request) -> Response:
    body = await request.body()
    return PhrasedResponse(f"Got {len(body)} bytes", 422)


async def raw_app(scope: Scope, receive: Receive, send: Send) -> None:
    """An ASGI app that puts an unsanitized phrase in the start message itself."""
    await send(
        {
            "type": "http.response.start",
            "status": 400,
            "headers": [(b"content-length", b"2")],
            REASON_KEY: "Bad\r\nX-Injected: yes \u00e9",
        }
    )
    await send({"type": "http.response.body", "body": b"no"})


APP = Starlette(
    routes=[
        Route("/refused", refused),
        Route("/refused-unicode", refused_unicode),
        Route("/unauthorized", unauthorized),
        Route("/plain", plain),
        Route("/plain-error", plain_error),
        Route("/streamed", streamed),
        Route("/echo", echo, methods=["POST"]),
    ]
)


def serve(app: object) -> Iterator[int]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    config = uvicorn.Config(
        app,  # type: ignore[arg-type]
        http=PhrasedHttpToolsProtocol,
        loop="asyncio",
        ws="none",
        lifespan="off",
        log_level="warning",
        access_log=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    yield from serve(APP)


@pytest.fixture
def connection(port: int) -> Iterator[http.client.HTTPConnection]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    yield conn
    conn.close()


def get(conn: http.client.HTTPConnection, path: str) -> http.client.HTTPResponse:
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response


def test_a_phrased_response_sends_its_reason(connection: http.client.HTTPConnection) -> None:
    response = get(connection, "/refused")
    assert response.status == 400
    assert response.reason == "Nope: bad thing"


def test_the_body_still_carries_the_message(connection: http.client.HTTPConnection) -> None:
    connection.request("GET", "/refused")
    response = connection.getresponse()
    assert response.read() == b"Nope: bad thing\n"
    assert response.getheader("content-type") == "text/plain; charset=utf-8"


def test_the_reason_is_one_ascii_line(connection: http.client.HTTPConnection) -> None:
    response = get(connection, "/refused-unicode")
    assert response.reason == "Datei existiert schon ? 'demo-1.0.tar.gz' zweite Zeile"


def test_headers_survive_the_rewritten_status_line(
    connection: http.client.HTTPConnection,
) -> None:
    response = get(connection, "/unauthorized")
    assert (response.status, response.reason) == (401, "Invalid API token")
    assert response.getheader("www-authenticate") == 'Basic realm="x"'
    assert response.getheader("content-length") == str(len(b"Invalid API token\n"))


@pytest.mark.parametrize(
    ("path", "status", "reason"),
    [("/plain", 200, "OK"), ("/plain-error", 404, "Not Found"), ("/streamed", 200, "OK")],
)
def test_standard_responses_keep_the_standard_phrase(
    connection: http.client.HTTPConnection, path: str, status: int, reason: str
) -> None:
    response = get(connection, path)
    assert (response.status, response.reason) == (status, reason)


def test_keep_alive_serves_a_second_request_on_the_same_connection(
    connection: http.client.HTTPConnection,
) -> None:
    first = get(connection, "/refused")
    sock = connection.sock
    second = get(connection, "/plain")
    third = get(connection, "/refused")
    assert connection.sock is sock  # no reconnect happened
    assert (first.status, first.reason) == (400, "Nope: bad thing")
    assert (second.status, second.reason) == (200, "OK")
    assert (third.status, third.reason) == (400, "Nope: bad thing")


def test_a_streamed_body_after_a_phrased_response(connection: http.client.HTTPConnection) -> None:
    get(connection, "/refused")
    connection.request("GET", "/streamed")
    response = connection.getresponse()
    assert response.read() == b"one two three"


def test_a_request_body_is_read_before_the_phrased_answer(
    connection: http.client.HTTPConnection,
) -> None:
    connection.request("POST", "/echo", body=b"x" * 100_000)
    response = connection.getresponse()
    assert (response.status, response.reason) == (422, "Got 100000 bytes")
    assert response.read() == b"Got 100000 bytes\n"
    assert get(connection, "/plain").status == 200


def test_pipelined_requests_each_get_their_own_phrase(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"GET /refused HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /plain HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /unauthorized HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    assert re.findall(rb"HTTP/1\.1 (\d{3}) ([^\r\n]*)\r\n", received) == [
        (b"400", b"Nope: bad thing"),
        (b"200", b"OK"),
        (b"401", b"Invalid API token"),
    ]


def test_a_raw_phrase_cannot_inject_headers() -> None:
    for port in serve(raw_app):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            received = b""
            while chunk := sock.recv(65536):
                received += chunk
        head = received.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
        assert head[0] == b"HTTP/1.1 400 Bad X-Injected: yes ?"
        assert not any(line.lower().startswith(b"x-injected") for line in head[1:])
