"""The response head of a rendered page: shared by the routed path and the shortcut."""

from __future__ import annotations

from functools import lru_cache

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
    gzipped = accepts_gzip(accept_encoding)
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


@lru_cache(maxsize=256)
def accepts_gzip(accept_encoding: str) -> bool:
    """RFC 9110: gzip is acceptable when listed (or `*`) with a non-zero q-value."""
    quality: dict[str, float] = {}
    for item in accept_encoding.lower().split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        value = 1.0
        for param in params:
            key, _, raw = param.partition("=")
            if key.strip() == "q":
                try:
                    value = float(raw)
                except ValueError:
                    value = 0.0
        if coding:
            quality[coding] = value
    return quality.get("gzip", quality.get("x-gzip", quality.get("*", 0.0))) > 0


def _matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates
