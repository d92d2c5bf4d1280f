"""Small HTTP helpers on the standard library: GET, JSON PUT and legacy multipart uploads."""

from __future__ import annotations

import base64
import http.client
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

# Never go through a proxy: every target is on the loopback interface.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_ANCHOR = re.compile(r"<a\s([^>]*)>", re.IGNORECASE)
_HREF = re.compile(r"""href=["']([^"']+)["']""", re.IGNORECASE)
_METADATA = re.compile(r"""data-(?:core|dist-info)-metadata(?!=["']false)""", re.IGNORECASE)
CHUNK = 1 << 20


class BenchError(Exception):
    """A step of the benchmark failed; the message says which."""


def basic_auth(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def get(url: str, timeout: float = 30.0) -> tuple[int, bytes]:
    """GET `url`; returns (status, body) for any status, raises OSError on network errors."""
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def get_ok(url: str) -> bytes:
    status, body = get(url)
    if status != 200:
        raise BenchError(f"GET {url} answered {status}")
    return body


def put_json(url: str, payload: object, auth: str | None = None) -> int:
    headers = {"Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = auth
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers=headers, method="PUT"
    )
    try:
        with _OPENER.open(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_up(url: str, timeout: float, alive: Callable[[], bool] | None = None) -> None:
    """Polls `url` until it answers below 500; `alive()` false means the server died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            raise BenchError(f"server exited before {url} answered")
        try:
            status, _ = get(url, timeout=2)
        except OSError:
            status = 0
        if 0 < status < 500:
            return
        time.sleep(0.2)
    raise BenchError(f"{url} did not answer within {timeout:.0f}s")


def links(page_url: str, html: bytes) -> list[tuple[str, bool]]:
    """The anchors of a simple page: (absolute URL without fragment, has PEP 658 metadata)."""
    found = []
    for attributes in _ANCHOR.findall(html.decode("utf-8", "replace")):
        href = _HREF.search(attributes)
        if href:
            url = urljoin(page_url, href.group(1)).split("#", 1)[0]
            found.append((url, bool(_METADATA.search(attributes))))
    return found


@dataclass(frozen=True)
class Upload:
    """What a legacy upload POST needs about one distribution file."""

    path: Path
    fields: Sequence[tuple[str, str]]


class Uploader:
    """Sends legacy `file_upload` multipart POSTs over one keep-alive connection."""

    def __init__(self, url: str, auth: str | None) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.path = parts.path or "/"
        self.auth = auth
        self._conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def upload(self, upload: Upload) -> tuple[int, bytes]:
        try:
            return self._post(upload)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.close()  # the server dropped an idle keep-alive connection: retry once
            return self._post(upload)

    def _post(self, upload: Upload) -> tuple[int, bytes]:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=300)
        boundary = "stilton-bench-boundary-7d1c"
        head, tail = _multipart_frame(boundary, upload)
        length = len(head) + upload.path.stat().st_size + len(tail)
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(length),
        }
        if self.auth:
            headers["Authorization"] = self.auth
        self._conn.request(
            "POST", self.path, body=_stream(head, upload.path, tail), headers=headers
        )
        response = self._conn.getresponse()
        body = response.read()
        if response.will_close:
            self.close()
        return response.status, body


def _multipart_frame(boundary: str, upload: Upload) -> tuple[bytes, bytes]:
    out: list[bytes] = []
    for name, value in upload.fields:
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        )
        out.append(value.encode() + b"\r\n")
    out.append(
        f"--{boundary}\r\nContent-Disposition: form-data; "
        f'name="content"; filename="{upload.path.name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
    )
    return b"".join(out), f"\r\n--{boundary}--\r\n".encode()


def _stream(head: bytes, path: Path, tail: bytes) -> Iterator[bytes]:
    yield head
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk
    yield tail
