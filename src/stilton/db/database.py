from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from stilton.db.models import JournalEntry

_MIGRATIONS = "stilton.db:migrations"


def utcnow() -> datetime:
    return datetime.now(UTC)


class Database:
    """An engine and its session factory; SQLite gets WAL and foreign keys."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = _with_driver(url)
        self.is_sqlite = self.url.startswith("sqlite")
        options: dict[str, Any] = {"pool_pre_ping": not self.is_sqlite}
        if self.is_sqlite:
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            options.update(pool_size=pool_size, max_overflow=pool_size)
        self.engine: Engine = create_engine(self.url, **options)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _tune_sqlite)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits when the block ends and rolls back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def migrate(self) -> None:
        """Bring the schema to the newest revision (run by `serve` at start)."""
        with self.engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def max_serial(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.max(JournalEntry.serial))) or 0

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config() -> Config:
    config = Config()
    # One path per OS separator: the default splits on spaces, which breaks installs in a
    # directory whose name has one (and warns on Alembic 1.16+).
    config.set_main_option("path_separator", "os")
    config.set_main_option("script_location", _MIGRATIONS)
    location = resources.files("stilton.db") / "migrations"
    config.set_main_option("version_locations", str(location / "versions"))
    return config


def _with_driver(url: str) -> str:
    """`postgresql://` means psycopg 3 here; SQLAlchemy alone would pick psycopg2."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
