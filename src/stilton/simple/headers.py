"""The response head of a rendered page: shared by the routed path and the shortcut."""

from __future__ import annotations

from stilton.simple.cache import RenderedPage
from stilton.simple.negotiate import PageFormat

_CACHE_CONTROL = (b"cache-control", b"max-age=600, public")
_VARY = (b"vary", b"Accept, Accept-Encoding")

RawHeaders = list[tuple[bytes, bytes]]


def page_head(
    page: RenderedPage,
    page_format: PageFormat,
    accept_encoding: str,
    if_none_match: str | None,
) -> tuple[int, RawHeaders, bytes]:
    """Status, headers and body for a page, honouring gzip and `If-None-Match`."""
    gzipped = "gzip" in accept_encoding
    etag = f'"{page.etag}-gz"' if gzipped else f'"{page.etag}"'
    headers: RawHeaders = [
        (b"etag", etag.encode()),
        _CACHE_CONTROL,
        _VARY,
        (b"x-pypi-last-serial", str(page.serial).encode()),
    ]
    if _matches(if_none_match, etag):
        return 304, headers, b""
    body = page.gzipped if gzipped else page.body
    headers.append((b"content-type", page_format.value.encode()))
    headers.append((b"content-length", str(len(body)).encode()))
    if gzipped:
        headers.append((b"content-encoding", b"gzip"))
    return 200, headers, body


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates
