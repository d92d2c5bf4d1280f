from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from stilton.db import Database, models, utcnow


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'stilton.db'}")
    yield database
    database.dispose()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_postgresql_urls_get_the_psycopg_driver(url: str, expected: str) -> None:
    database = Database(url)
    try:
        assert database.url == expected
        assert database.is_sqlite == expected.startswith("sqlite")
    finally:
        database.dispose()


def test_utcnow_is_aware_utc() -> None:
    assert utcnow().tzinfo is UTC


def test_migrate_creates_every_table_and_is_repeatable(database: Database) -> None:
    database.migrate()
    database.migrate()
    tables = set(inspect(database.engine).get_table_names())
    assert set(models.Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_sqlite_connections_are_tuned(database: Database) -> None:
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_max_serial_of_an_empty_journal_is_zero(database: Database) -> None:
    database.migrate()
    assert database.max_serial() == 0


def test_a_session_rolls_back_on_error(database: Database) -> None:
    database.migrate()

    def add_then_fail() -> None:
        with database.session() as session:
            session.add(models.DeletedFilename(filename="x-1.0.tar.gz", deleted=utcnow()))
            session.flush()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        add_then_fail()
    with database.session() as session:
        assert session.get(models.DeletedFilename, "x-1.0.tar.gz") is None
