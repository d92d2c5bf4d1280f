"""Throwaway databases: a SQLite file, or a PostgreSQL database made for one test run."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgresql")


@contextlib.contextmanager
def temporary_postgres_database() -> Iterator[str]:
    """Create a uniquely named database and drop it afterwards; yields its SQLAlchemy URL."""
    name = f"stilton_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def temporary_database(backend: str, directory: Path) -> Iterator[str]:
    if backend == "postgresql":
        with temporary_postgres_database() as url:
            yield url
    else:
        yield f"sqlite:///{directory / 'stilton.db'}"
