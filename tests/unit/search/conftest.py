"""A migrated database per backend and module, and a `Catalog` that writes releases into it.

Releases are written straight through the models, with the journal entry publishing writes,
so the index sees exactly what it sees after an upload, for a fraction of an upload's cost.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from stilton.db import Database, models
from stilton.projects.names import confusable_key
from stilton.search import SearchIndex, open_search_index
from tests.support.databases import temporary_database

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]
_CLOCK = datetime(2026, 1, 1, tzinfo=UTC)


class Catalog:
    """Publishes releases the way publishing does: rows, then a journal entry per change."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.serial = 0
        self._ticks = itertools.count(1)

    def search_index(self) -> SearchIndex:
        return open_search_index(self.database, lambda: self.serial)

    def publish(
        self,
        name: str,
        version: str = "1.0",
        *,
        summary: str = "",
        description: str = "",
        keywords: Iterable[str] = (),
        classifiers: Iterable[str] = (),
        requires_dist: Iterable[str] = (),
        state: str = "published",
    ) -> None:
        now = _CLOCK + timedelta(minutes=next(self._ticks))
        with self.database.session() as session:
            normalized = canonicalize_name(name)
            project = session.scalar(
                select(models.Project).where(models.Project.normalized_name == normalized)
            )
            if project is None:
                project = models.Project(
                    name=name,
                    normalized_name=normalized,
                    confusable_name=confusable_key(name),
                    created=now,
                    last_serial=0,
                    total_size=0,
                )
                session.add(project)
                session.flush()
            release = models.Release(
                project=project,
                version=version,
                canonical_version=version,
                created=now,
                metadata_version="2.4",
                summary=summary,
                description=description,
                keywords=list(keywords),
                classifiers=list(classifiers),
                requires_dist=list(requires_dist),
            )
            session.add(release)
            filename = f"{normalized.replace('-', '_')}-{version}.tar.gz"
            digest = hashlib.sha256(filename.encode()).hexdigest()
            session.add(
                models.File(
                    release=release,
                    filename=filename,
                    packagetype="sdist",
                    python_version="source",
                    size=100,
                    sha256=digest,
                    blake2_256=digest,
                    md5=digest[:32],
                    upload_time=now,
                    state=state,
                )
            )
            self._record(session, project, version, "new release")

    def yank(self, name: str, version: str) -> None:
        with self.database.session() as session:
            release = session.scalar(
                select(models.Release)
                .join(models.Project)
                .where(
                    models.Project.normalized_name == canonicalize_name(name),
                    models.Release.version == version,
                )
            )
            assert release is not None
            release.yanked = True
            self._record(session, release.project, version, "yank release")

    def remove_project(self, name: str) -> None:
        normalized = canonicalize_name(name)
        with self.database.session() as session:
            project = session.scalar(
                select(models.Project).where(models.Project.normalized_name == normalized)
            )
            assert project is not None
            session.delete(project)
            entry = models.JournalEntry(
                name=name, normalized_name=normalized, action="remove project", submitted=_CLOCK
            )
            session.add(entry)
            session.flush()
            self.serial = entry.serial

    def _record(self, session: Session, project: models.Project, version: str, action: str) -> None:
        entry = models.JournalEntry(
            name=project.name,
            normalized_name=project.normalized_name,
            version=version,
            action=action,
            submitted=_CLOCK,
        )
        session.add(entry)
        session.flush()
        project.last_serial = entry.serial
        self.serial = entry.serial

    def clear(self) -> None:
        with self.database.session() as session:
            session.execute(delete(models.Project))
            session.execute(delete(models.JournalEntry))


@pytest.fixture(scope="module", params=BACKENDS)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    directory: Path = tmp_path_factory.mktemp(f"search-{request.param}")
    with temporary_database(request.param, directory) as url:
        database = Database(url)
        database.migrate()
        yield database
        database.dispose()


@pytest.fixture
def catalog(database: Database) -> Iterator[Catalog]:
    catalog = Catalog(database)
    yield catalog
    catalog.clear()
