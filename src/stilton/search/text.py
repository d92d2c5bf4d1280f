"""Words and queries: one way of cutting text into words, for documents and queries alike.

Both engines are handed text already cut here (lowercase letters and digits, accents
dropped, one space between words), so SQLite's FTS5 and PostgreSQL's `simple` parser index
the same words and a query matches the same documents on either.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from packaging.utils import canonicalize_name

MAX_TERMS = 8
MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 100

_WORD = re.compile(r"[^\W_]+")
_NAME_PREFIX = re.compile(r"[a-z0-9][a-z0-9-]*")


def words(text: str | None, limit: int | None = None) -> str:
    """`"Café-Tools: 2.0!"` -> `"cafe tools 2 0"`; at most `limit` characters, whole words."""
    if not text:
        return ""
    if text.isascii():
        folded = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    joined = " ".join(_WORD.findall(folded))
    if limit is not None and len(joined) > limit:
        joined = joined[:limit].rsplit(" ", 1)[0]
    return joined


@dataclass(frozen=True)
class SearchQuery:
    """What someone asked for: free text, classifiers every hit must carry, and a page."""

    text: str = ""
    classifiers: tuple[str, ...] = field(default=())
    page: int = 1
    per_page: int = 20

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", " ".join(self.text.split())[:MAX_QUERY_LENGTH])
        object.__setattr__(self, "page", max(1, self.page))
        object.__setattr__(self, "per_page", min(max(1, self.per_page), MAX_PAGE_SIZE))

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(words(self.text).split()))[:MAX_TERMS]

    @property
    def name_key(self) -> str | None:
        """The text as the start of a normalized project name (spaces read as `-`), if it can be."""
        key = canonicalize_name("-".join(self.text.split()))
        return key if _NAME_PREFIX.fullmatch(key) else None

    @property
    def is_empty(self) -> bool:
        return not self.terms and self.name_key is None and not self.classifiers

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page
