"""What a search answers: hits in rank order, and the projects that use a project."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from stilton.search.text import SearchQuery

MAX_RESULTS = 500
"""Hits a search counts and pages through; past it the answer says "more"."""


class Match(Enum):
    """Why a project is in the results; results come in this order."""

    EXACT = "exact"  # the query, read as a name, is the project's normalized name
    PREFIX = "prefix"  # the project's normalized name begins with it
    NAME = "name"  # every word of the query is in the project's name
    SUMMARY = "summary"  # every word is in the name, summary or keywords
    TEXT = "text"  # every word is somewhere, the description included
    FILTER = "filter"  # no words asked for: every project with the classifiers


@dataclass(frozen=True)
class SearchHit:
    name: str
    normalized_name: str
    version: str
    summary: str
    updated: datetime
    match: Match


@dataclass(frozen=True)
class SearchResults:
    query: SearchQuery
    hits: tuple[SearchHit, ...]
    total: int
    """Hits counted, at most `MAX_RESULTS`; `more` says whether others lie beyond."""
    more: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))

    @property
    def has_next(self) -> bool:
        return self.query.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1


@dataclass(frozen=True)
class Dependent:
    """A project whose newest release requires the one asked about."""

    name: str
    normalized_name: str
    version: str
    summary: str
    optional: bool  # only through extras of the dependent


@dataclass(frozen=True)
class Dependents:
    total: int
    projects: tuple[Dependent, ...]
