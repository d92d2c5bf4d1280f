"""The search index as the rest of Stilton sees it."""

from __future__ import annotations

from typing import Protocol

from stilton.search.results import Dependents, SearchResults
from stilton.search.text import SearchQuery


class SearchIndex(Protocol):
    """Ranked search over published projects, and which projects use which.

    Implementations read the journal to stay current: `refresh()` catches up with every
    change this process knows of, and `search` and `dependents` refresh before answering.
    """

    def search(self, query: SearchQuery) -> SearchResults: ...

    def dependents(self, normalized_name: str, limit: int = 100) -> Dependents: ...

    def refresh(self) -> None: ...
