"""Full-text search over published projects (SQLite FTS5 / PostgreSQL tsvector), and the
"used by" lists, both kept current from the journal."""

from stilton.search.backends import open_search_index
from stilton.search.documents import (
    Dependency,
    build_document,
    latest_release,
    read_dependencies,
    version_key,
)
from stilton.search.fts5 import Fts5SearchIndex
from stilton.search.indexer import SearchIndexer
from stilton.search.interfaces import SearchIndex
from stilton.search.postgres import PostgresSearchIndex
from stilton.search.results import (
    MAX_RESULTS,
    Dependent,
    Dependents,
    Match,
    SearchHit,
    SearchResults,
)
from stilton.search.text import SearchQuery, words

__all__ = [
    "MAX_RESULTS",
    "Dependency",
    "Dependent",
    "Dependents",
    "Fts5SearchIndex",
    "Match",
    "PostgresSearchIndex",
    "SearchHit",
    "SearchIndex",
    "SearchIndexer",
    "SearchQuery",
    "SearchResults",
    "build_document",
    "latest_release",
    "open_search_index",
    "read_dependencies",
    "version_key",
    "words",
]
