"""Fixtures for fast unit tests against SQLite: a migrated file copied per test, cheap argon2.

Imported by the conftest of each test package that needs them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from stilton.accounts import passwords
from stilton.db import Database


@pytest.fixture
def cheap_hashing() -> Iterator[None]:
    """Argon2 with tiny costs: the production parameters take most of a second per hash."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        )
        yield


@pytest.fixture(scope="session")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated database file, copied for each test: migrating costs more than a test."""
    path = tmp_path_factory.mktemp("template") / "stilton.db"
    database = Database(f"sqlite:///{path}")
    database.migrate()
    database.dispose()
    return path


@pytest.fixture
def database(migrated: Path, tmp_path: Path) -> Iterator[Database]:
    """A migrated SQLite database in the test's own directory."""
    path = tmp_path / "stilton.db"
    shutil.copyfile(migrated, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()
