"""SQLite: one FTS5 table per word tier, each row's rowid the document's serial."""

from __future__ import annotations

from typing import Any

from sqlalchemy import FromClause, Select, column, literal_column, select, table
from sqlalchemy.sql.expression import ColumnClause

from stilton.search.ranked import TieredSearch
from stilton.search.results import Match

# The table each word tier searches, and the columns holding what an earlier tier matched.
_TABLES = {
    Match.NAME: ("search_fts_name", None),
    Match.SUMMARY: ("search_fts_head", "{name_words}"),
    Match.TEXT: ("search_fts", "{name_words summary_words keywords_words}"),
}


class Fts5SearchIndex(TieredSearch):
    def word_tier(self, d: FromClause, tier: Match, terms: tuple[str, ...]) -> Select[Any]:
        name, earlier = _TABLES[tier]
        fts = table(name, column("rowid"))
        # In MATCH, the FTS5 table's own name stands for the row at hand.
        row: ColumnClause[Any] = literal_column(name)
        return (
            select(d.c.project_id)
            .select_from(fts.join(d, d.c.serial == fts.c.rowid))
            .where(row.op("MATCH")(match_expression(terms, earlier)))
            .order_by(fts.c.rowid.desc())
        )


def match_expression(terms: tuple[str, ...], earlier: str | None = None) -> str:
    """Every term required, less the rows whose `earlier` columns already hold them all.

    Terms are letters and digits only (see `text.words`), so quoting them is enough.
    """
    every = " AND ".join(f'"{term}"' for term in terms)
    return f"({every})" if earlier is None else f"({every}) NOT {earlier} : ({every})"
