"""PostgreSQL: generated tsvector columns, one per word tier, each with a GIN index."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, func, literal_column, not_, select

from stilton.search.ranked import TieredSearch
from stilton.search.results import Match

# The column each word tier matches, and the one whose matches belong to the tier before.
# The columns are made by the migration and not modelled.
_VECTORS = {
    Match.NAME: ("name_vector", None),
    Match.SUMMARY: ("head_vector", "name_vector"),
    Match.TEXT: ("text_vector", "head_vector"),
}


class PostgresSearchIndex(TieredSearch):
    def word_tier(self, d: FromClause, tier: Match, terms: tuple[str, ...]) -> Select[Any]:
        own, previous = _VECTORS[tier]
        query = func.to_tsquery(literal_column("'simple'"), match_expression(terms))
        statement = select(d.c.project_id).where(_vector(own).op("@@")(query))
        if previous is not None:
            statement = statement.where(not_(_vector(previous).op("@@")(query)))
        return statement.order_by(d.c.serial.desc())

    def name_prefix(self, d: FromClause, name: str) -> ColumnElement[bool]:
        # Served by the `text_pattern_ops` index whatever the collation; names hold no `%`/`_`.
        return d.c.normalized_name.like(name + "%") & (d.c.normalized_name != name)

    def sort_name(self, d: FromClause) -> ColumnElement[str]:
        # The database's collation may sort `-` anywhere; byte order is the same everywhere.
        return d.c.normalized_name.collate("C")


def match_expression(terms: tuple[str, ...]) -> str:
    """`'a' & 'b'`: every term required; terms are letters and digits only, so quoting is enough."""
    return " & ".join(f"'{term}'" for term in terms)


def _vector(column: str) -> ColumnElement[Any]:
    return literal_column(f"d.{column}")
