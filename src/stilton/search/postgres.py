"""PostgreSQL: generated tsvector columns, one per word tier, each with a GIN index."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    func,
    literal_column,
    not_,
    select,
    text,
)
from sqlalchemy.orm import Session

from stilton.search.ranked import TieredSearch
from stilton.search.results import Match

# The column each word tier matches, and the one whose matches belong to the tier before.
# The columns are made by the migration and not modelled.
_VECTORS = {
    Match.NAME: ("name_vector", None),
    Match.SUMMARY: ("head_vector", "name_vector"),
    Match.TEXT: ("text_vector", "head_vector"),
}


PROBE = {Match.NAME: 3_000, Match.SUMMARY: 3_000, Match.TEXT: 8_000}
"""Below this many matches a word tier is fetched through its GIN index and sorted; above,
the serial index is walked. Measured at 100,000 projects: fetching a match costs about 9 µs;
walking costs about 2 µs a document for the small name and summary vectors and about 11 µs
for the out-of-line full-text one, so the two plans cost the same near these numbers."""
_BITMAP_ONLY = ("enable_seqscan", "enable_indexscan")
_BITMAP_ONLY_KEY = "stilton.search.bitmap_only"


class PostgresSearchIndex(TieredSearch):
    def fetch(
        self, session: Session, match: Match, statement: Select[Any], room: int
    ) -> Sequence[int]:
        """A word tier in one of two plans, chosen by how many documents match.

        Walking the serial index backwards stops after `room` hits, but tests every document
        it passes against its (large, out-of-line) tsvector: cheap when most documents match,
        slow when few do. Fetching every match through the GIN index and sorting is the
        reverse. PostgreSQL's planner cannot weigh the tsvector's cost, so this takes its row
        estimate and, below the tier's `PROBE`, asks the GIN index for that many matches at
        most: fewer, and they are all there is to sort.
        """
        if match not in _VECTORS:
            return super().fetch(session, match, statement, room)
        unordered = statement.order_by(None).with_only_columns(
            *statement.selected_columns, literal_column("d.serial")
        )
        probe = PROBE[match]
        if _estimated_rows(session, unordered) < probe:
            _plan_bitmap_only(session, True)
            probed = [tuple(row) for row in session.execute(unordered.limit(probe))]
            if len(probed) < probe:
                newest_first = sorted(probed, key=lambda row: row[1], reverse=True)
                return [row[0] for row in newest_first[:room]]
        _plan_bitmap_only(session, False)
        return super().fetch(session, match, statement, room)

    def word_tier(self, d: FromClause, tier: Match, terms: tuple[str, ...]) -> Select[Any]:
        own, previous = _VECTORS[tier]
        query = func.to_tsquery(literal_column("'simple'"), match_expression(terms))
        statement = select(d.c.project_id).where(_vector(own).op("@@")(query))
        if previous is not None:
            statement = statement.where(not_(_vector(previous).op("@@")(query)))
        return statement.order_by(d.c.serial.desc())

    def sort_name(self, d: FromClause) -> ColumnElement[str]:
        # The database's collation may sort `-` anywhere; byte order is the same everywhere,
        # and `ix_search_documents_name_prefix` indexes exactly this expression.
        return d.c.normalized_name.collate("C")


def match_expression(terms: tuple[str, ...]) -> str:
    """`'a' & 'b'`: every term required; terms are letters and digits only, so quoting is enough."""
    return " & ".join(f"'{term}'" for term in terms)


def _estimated_rows(session: Session, statement: Select[Any]) -> float:
    """The planner's estimate of how many rows `statement` returns (one cheap EXPLAIN)."""
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", compiled.params)
    estimate: float = plan.scalar_one()[0]["Plan"]["Plan Rows"]
    return estimate


def _plan_bitmap_only(session: Session, bitmap_only: bool) -> None:
    """Plan what follows in the transaction as bitmap scans of the GIN indexes (never a walk
    of the table), or as the planner likes. Set only when it changes: a search probes up to
    three tiers in a row, and each round trip counts."""
    if session.info.get(_BITMAP_ONLY_KEY, False) == bitmap_only:
        return
    value = "off" if bitmap_only else "on"
    settings = ", ".join(f"set_config('{name}', '{value}', true)" for name in _BITMAP_ONLY)
    session.execute(text(f"SELECT {settings}"))
    session.info[_BITMAP_ONLY_KEY] = bitmap_only


def _vector(column: str) -> ColumnElement[Any]:
    return literal_column(f"d.{column}")
