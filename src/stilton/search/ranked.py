"""The ranking both engines share; each engine supplies only its word matching.

Hits come in tiers; a project is in the first tier that holds it:
1. exact: the query, read as a project name, is the project's normalized name;
2. prefix: the project's normalized name begins with it (shorter names first, then by name,
   among the first `PREFIX_CANDIDATES` by name);
3. name: every word of the query is a word of the project's name;
4. summary: every word is in the name, the summary or the keywords;
5. text: every word is somewhere, the description included;
6. filter: no words asked for, only classifiers: every project that carries them.
Within tiers 3 to 6 the project that changed last comes first (the highest serial). Words
match whole words, on both engines alike; the start of a name is the prefix tier's business.
Classifier filters apply to every tier. A search counts at most `MAX_RESULTS` hits.

Why no bm25 or ts_rank: a ranking function scores every match before the first page can be
cut, and a word found in most of 100,000 descriptions then costs half a second to two seconds
on either engine. Tiers by field, walked in an order each engine keeps in an index (FTS5's
rowid is the serial; PostgreSQL has an index on it), stop once the results are counted.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, exists, func, not_, select
from sqlalchemy.orm import Session

from stilton.db import Database, models
from stilton.search.indexer import SearchIndexer
from stilton.search.results import (
    MAX_RESULTS,
    Dependent,
    Dependents,
    Match,
    SearchHit,
    SearchResults,
)
from stilton.search.text import SearchQuery

WORD_TIERS = (Match.NAME, Match.SUMMARY, Match.TEXT)
PREFIX_CANDIDATES = 2000
"""Names a prefix tier reads, in name order, before it orders them shortest first."""


def documents() -> FromClause:
    """`search_documents AS d`: engines may refer to `d` in raw fragments."""
    return models.SearchDocument.__table__.alias("d")


class TieredSearch(ABC):
    """A `SearchIndex` over the `search_documents` table; engines match the words."""

    def __init__(self, database: Database, indexer: SearchIndexer) -> None:
        self.database = database
        self.indexer = indexer

    @abstractmethod
    def word_tier(self, d: FromClause, tier: Match, terms: tuple[str, ...]) -> Select[Any]:
        """`SELECT d.project_id` for the documents in `tier` (one of `WORD_TIERS`, and in
        none before it), the newest change first."""

    def sort_name(self, d: FromClause) -> ColumnElement[str]:
        """The normalized name compared byte by byte, as an index the engine keeps can."""
        return d.c.normalized_name

    def name_prefix(self, d: FromClause, name: str) -> ColumnElement[bool]:
        """True for documents whose normalized name begins with `name` but is not `name`:
        a range scan of the name index (`~` sorts after every character a name may hold)."""
        return (self.sort_name(d) > name) & (self.sort_name(d) < name + "~")

    def fetch(
        self, session: Session, match: Match, statement: Select[Any], room: int
    ) -> Sequence[int]:
        """Up to `room` project ids of one tier, in tier order. Engines may plan it better."""
        return session.scalars(statement.limit(room)).all()

    def refresh(self) -> None:
        self.indexer.refresh()

    def search(self, query: SearchQuery) -> SearchResults:
        if query.is_empty:
            return SearchResults(query, (), 0)
        self.refresh()
        d = documents()
        found: list[tuple[int, Match]] = []
        more = False
        with self.database.session() as session:
            for match, statement in self._tiers(d, query):
                room = MAX_RESULTS + 1 - len(found)
                found.extend((row, match) for row in self.fetch(session, match, statement, room))
                if len(found) > MAX_RESULTS:
                    more = True
                    del found[MAX_RESULTS:]
                    break
            page = found[query.offset : query.offset + query.per_page]
            wanted = [project_id for project_id, _ in page]
            # Only what a hit shows: the word columns hold a whole description each.
            shown = select(
                d.c.project_id,
                d.c.name,
                d.c.normalized_name,
                d.c.version,
                d.c.summary,
                d.c.updated,
            ).where(d.c.project_id.in_(wanted))
            rows = {row.project_id: row for row in session.execute(shown)}
        hits = tuple(
            SearchHit(
                name=rows[project_id].name,
                normalized_name=rows[project_id].normalized_name,
                version=rows[project_id].version,
                summary=rows[project_id].summary,
                updated=rows[project_id].updated,
                match=match,
            )
            for project_id, match in page
            if project_id in rows
        )
        return SearchResults(query, hits, len(found), more)

    def _tiers(self, d: FromClause, query: SearchQuery) -> Iterator[tuple[Match, Select[Any]]]:
        # A probe of the (classifier, project) key per row: the walk in tier order stops as
        # soon as enough hits are counted. A classifier's whole list of projects is never
        # built; and it never drives the query (SQLite would then probe FTS5 once per project).
        classifier = models.SearchClassifier
        filters = [
            exists().where(classifier.classifier == wanted, classifier.project_id == d.c.project_id)
            for wanted in query.classifiers
        ]
        name = query.name_key
        by_name: ColumnElement[bool] | None = None
        if name is not None:
            by_name = (d.c.normalized_name == name) | self.name_prefix(d, name)
            yield Match.EXACT, select(d.c.project_id).where(d.c.normalized_name == name, *filters)
            # Shorter names first, among the first `PREFIX_CANDIDATES` in name order: the
            # index yields those without reading every name a short prefix begins.
            candidates = (
                select(d.c.project_id, d.c.normalized_name, self.sort_name(d).label("sort_name"))
                .where(self.name_prefix(d, name), *filters)
                .order_by(self.sort_name(d))
                .limit(PREFIX_CANDIDATES)
                .subquery()
            )
            yield (
                Match.PREFIX,
                select(candidates.c.project_id).order_by(
                    func.length(candidates.c.normalized_name), candidates.c.sort_name
                ),
            )
        if query.terms:
            for tier in WORD_TIERS:
                statement = self.word_tier(d, tier, query.terms).where(*filters)
                yield tier, statement if by_name is None else statement.where(not_(by_name))
        elif name is None:
            yield (
                Match.FILTER,
                select(d.c.project_id).where(*filters).order_by(d.c.serial.desc()),
            )

    def dependents(self, normalized_name: str, limit: int = 100) -> Dependents:
        self.refresh()
        dependency = models.SearchDependency
        document = models.SearchDocument
        # An empty extra means always required: the shortest extra says whether any is.
        optional = func.min(func.length(dependency.extra))
        edges = (
            select(dependency.project_id, optional.label("optional"))
            .where(dependency.dependency == normalized_name)
            .group_by(dependency.project_id)
            .subquery()
        )
        with self.database.session() as session:
            rows = session.execute(
                select(
                    document.name,
                    document.normalized_name,
                    document.version,
                    document.summary,
                    edges.c.optional,
                    func.count().over().label("total"),
                )
                .join(edges, edges.c.project_id == document.project_id)
                .order_by(document.normalized_name)
                .limit(limit)
            ).all()
        total = rows[0].total if rows else 0
        projects = tuple(
            Dependent(row.name, row.normalized_name, row.version, row.summary, row.optional > 0)
            for row in rows
        )
        return Dependents(total, projects)
