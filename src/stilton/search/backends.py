"""Picks the implementation for the database's engine."""

from __future__ import annotations

from collections.abc import Callable

from stilton.db import Database
from stilton.search.fts5 import Fts5SearchIndex
from stilton.search.indexer import SearchIndexer
from stilton.search.interfaces import SearchIndex
from stilton.search.postgres import PostgresSearchIndex
from stilton.search.ranked import TieredSearch

_BY_DIALECT: dict[str, type[TieredSearch]] = {
    "sqlite": Fts5SearchIndex,
    "postgresql": PostgresSearchIndex,
}


def open_search_index(database: Database, current_serial: Callable[[], int]) -> SearchIndex:
    """The index for `database`; `current_serial` gives the newest serial the process knows."""
    implementation = _BY_DIALECT[database.engine.dialect.name]
    return implementation(database, SearchIndexer(database, current_serial))
