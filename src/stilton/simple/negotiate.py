"""PEP 691 content negotiation: the best of the formats the client accepts, else HTML."""

from __future__ import annotations

from enum import Enum
from functools import lru_cache


class PageFormat(Enum):
    HTML = "text/html; charset=utf-8"
    HTML_V1 = "application/vnd.pypi.simple.v1+html"
    JSON_V1 = "application/vnd.pypi.simple.v1+json"

    @property
    def media_type(self) -> str:
        return self.value.split(";")[0]

    @property
    def is_json(self) -> bool:
        return self is PageFormat.JSON_V1


_BY_MEDIA_TYPE = {
    "application/vnd.pypi.simple.v1+json": PageFormat.JSON_V1,
    "application/vnd.pypi.simple.latest+json": PageFormat.JSON_V1,
    "application/vnd.pypi.simple.v1+html": PageFormat.HTML_V1,
    "application/vnd.pypi.simple.latest+html": PageFormat.HTML_V1,
    "text/html": PageFormat.HTML,
}
_BY_QUERY = {
    "json": PageFormat.JSON_V1,
    "html": PageFormat.HTML,
    **_BY_MEDIA_TYPE,
}


def choose_format(accept: str | None, query_format: str | None = None) -> PageFormat:
    """Pick by `?format=` first, then by Accept q-values (ties go to the earlier entry)."""
    if query_format and query_format.lower() in _BY_QUERY:
        return _BY_QUERY[query_format.lower()]
    return _format_for_accept(accept or "")


@lru_cache(maxsize=256)
def _format_for_accept(accept: str) -> PageFormat:
    best: tuple[float, int, PageFormat] | None = None
    for position, (media_type, quality) in enumerate(_parse_accept(accept)):
        page_format = _BY_MEDIA_TYPE.get(media_type)
        if page_format is None or quality <= 0:
            continue
        candidate = (quality, -position, page_format)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else PageFormat.HTML


def _parse_accept(header: str) -> list[tuple[str, float]]:
    entries = []
    for item in header.split(","):
        media_type, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_type:
            entries.append((media_type.lower(), quality))
    return entries
