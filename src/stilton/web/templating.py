"""The Jinja environment: autoescaping everywhere, and the filters the templates use."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from stilton.web.assets import Assets

# Characters XML 1.0 forbids (and HTML treats as errors): C0 controls but tab, LF and CR,
# lone surrogates, and the two non-characters at the end of the BMP.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SAFE_SCHEMES = ("https://", "http://")
_PLAIN = re.compile(r"[A-Za-z0-9._-]+")


def make_environment(assets: Assets) -> Environment:
    environment = Environment(
        loader=PackageLoader("stilton.web", "templates"),
        autoescape=select_autoescape(["html", "xml"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.filters.update(
        filesize=filesize,
        date=date,
        isotime=isotime,
        rfc822=rfc822,
        printable=printable,
        safe_url=safe_url,
        thousands=thousands,
    )
    environment.globals.update(
        static=assets.url,
        project_url=project_url,
        search_url=search_url,
    )
    return environment


def filesize(size: int) -> str:
    """`1234567` -> `1.2 MB` (decimal units, as people read file sizes)."""
    value = float(size)
    for unit in ("bytes", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{size} bytes"  # pragma: no cover


def date(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"


def isotime(moment: datetime) -> str:
    """UTC, to the second: what `<time datetime>` and the JSON answers carry."""
    return f"{date(moment)}T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}Z"


def rfc822(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def printable(text: str | None) -> str:
    """Text with the characters XML cannot carry taken out (escaping is still Jinja's)."""
    return _NOT_XML.sub("", text or "")


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) one, else None: metadata URLs are untrusted."""
    if url and url.strip().lower().startswith(_SAFE_SCHEMES) and not _NOT_XML.search(url):
        return url.strip()
    return None


def thousands(number: int) -> str:
    return f"{number:,}"


def project_url(normalized_name: str, version: str | None = None) -> str:
    path = f"/project/{path_part(normalized_name)}/"
    return path if version is None else f"{path}{path_part(version)}/"


def path_part(text: str) -> str:
    """`text` as one segment of a URL path: left alone when it is plain, else quoted."""
    return text if _PLAIN.fullmatch(text) else quote(text, safe="")


def search_url(text: str = "", classifiers: tuple[str, ...] | list[str] = (), page: int = 1) -> str:
    params: list[tuple[str, str]] = []
    if text:
        params.append(("q", text))
    params.extend(("c", classifier) for classifier in classifiers)
    if page > 1:
        params.append(("page", str(page)))
    return "/search/" + (f"?{urlencode(params)}" if params else "")
