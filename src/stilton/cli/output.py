"""Tables for people (rich) and JSON for scripts, both on standard output."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import click
from rich.console import Console
from rich.table import Table

_PIPE_WIDTH = 160


def when(moment: datetime | None) -> str:
    """A time in UTC to the minute, or "" when there is none."""
    return "" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def print_table(
    title: str, columns: Sequence[str], rows: Iterable[Sequence[str]], *, no_wrap: int = 1
) -> None:
    """A table; the first `no_wrap` columns (identifiers) are never wrapped."""
    table = Table(title=title, title_justify="left")
    for position, column in enumerate(columns):
        table.add_column(column, no_wrap=position < no_wrap, overflow="fold")
    for row in rows:
        table.add_row(*row)
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = max(console.width, _PIPE_WIDTH)  # a pipe or a file: no need to fold
    console.print(table)


def print_json(document: Any) -> None:
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))
