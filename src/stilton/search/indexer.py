"""Keeping the search documents in step with the releases, led by the journal.

Nothing in publishing calls search. Every change writes journal entries and moves its
project's `last_serial`; a document remembers the serial it was built at. `refresh()` reads
the project names in journal entries newer than the last serial it caught up to (less a
margin, for PostgreSQL transactions that commit out of serial order) and rebuilds the
documents whose serial differs from their project's. The first refresh of a process compares
every project instead, which also fills the index of a database made before search existed.
Rebuilding is idempotent, so several processes may refresh the same database at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from stilton.db import Database, models
from stilton.search.documents import build_document, latest_release, version_key

logger = logging.getLogger(__name__)

PUBLISHED = "published"
LOOKBACK = 64
"""Journal entries re-read below the last serial caught up to: transactions on PostgreSQL
take serials in one order and may commit in another."""
BATCH = 200

T = TypeVar("T")


@dataclass(frozen=True)
class _ReleaseRow:
    id: int
    version: str
    yanked: bool


class SearchIndexer:
    """Rebuilds search documents from the database; `current_serial` says how far to go."""

    def __init__(self, database: Database, current_serial: Callable[[], int]) -> None:
        self.database = database
        self._current_serial = current_serial
        self._caught_up: int | None = None
        self._lock = threading.Lock()

    def is_current(self) -> bool:
        return self._caught_up is not None and self._caught_up >= self._current_serial()

    def refresh(self) -> None:
        """Bring the documents up to the newest serial this process knows of (blocking)."""
        if self.is_current():
            return
        with self._lock:
            if self.is_current():
                return
            target = self._current_serial()
            if self._caught_up is None:
                self.reconcile()
            else:
                self._catch_up(max(0, self._caught_up - LOOKBACK))
            self._caught_up = target

    def reconcile(self) -> int:
        """Rebuild every document whose serial is not its project's; returns how many."""
        with self.database.session() as session:
            stale = session.execute(
                select(models.Project.id)
                .outerjoin(
                    models.SearchDocument,
                    models.SearchDocument.project_id == models.Project.id,
                )
                .where(
                    (models.SearchDocument.project_id.is_(None))
                    | (models.SearchDocument.serial != models.Project.last_serial)
                )
            )
            project_ids = [row.id for row in stale]
        self.rebuild(project_ids)
        return len(project_ids)

    def _catch_up(self, after_serial: int) -> None:
        with self.database.session() as session:
            names = session.scalars(
                select(models.JournalEntry.normalized_name)
                .where(
                    models.JournalEntry.serial > after_serial,
                    models.JournalEntry.normalized_name.is_not(None),
                )
                .distinct()
            ).all()
        stale: list[int] = []
        for chunk in _chunks(sorted(n for n in names if n is not None), BATCH):
            stale.extend(self._stale_among(chunk))
        self.rebuild(stale)

    def _stale_among(self, names: Sequence[str]) -> list[int]:
        with self.database.session() as session:
            rows = session.execute(
                select(models.Project.id, models.Project.last_serial, models.SearchDocument.serial)
                .outerjoin(
                    models.SearchDocument,
                    models.SearchDocument.project_id == models.Project.id,
                )
                .where(models.Project.normalized_name.in_(names))
            )
            return [row[0] for row in rows if row[1] != row[2]]

    def rebuild(self, project_ids: Iterable[int]) -> None:
        """Rebuild the documents of these projects, a batch per transaction."""
        for chunk in _chunks(list(project_ids), BATCH):
            try:
                with self.database.session() as session:
                    for project_id in chunk:
                        _rebuild_one(session, project_id)
            except IntegrityError:
                # Another process rebuilt one of these at the same moment; redo one by one.
                for project_id in chunk:
                    self._rebuild_alone(project_id)

    def _rebuild_alone(self, project_id: int) -> None:
        try:
            with self.database.session() as session:
                _rebuild_one(session, project_id)
        except IntegrityError:
            # Most often another process rebuilt it at the same moment, which is harmless;
            # a project whose serial another document holds would stay out of search.
            logger.warning("search document of project %s not rebuilt", project_id, exc_info=True)


def _rebuild_one(session: Session, project_id: int) -> None:
    session.execute(
        delete(models.SearchDocument).where(models.SearchDocument.project_id == project_id)
    )
    project = session.get(models.Project, project_id)
    if project is None:
        return
    releases = _published_releases(session, project_id)
    if not releases:
        return
    newest = session.get(models.Release, latest_release(releases).id)
    if newest is None:
        return
    document, classifiers, dependencies = build_document(project, newest)
    session.add(document)
    session.flush()
    session.add_all(classifiers)
    session.add_all(dependencies)
    session.flush()


def _published_releases(session: Session, project_id: int) -> list[_ReleaseRow]:
    has_published_file = (
        select(models.File.id)
        .where(models.File.release_id == models.Release.id, models.File.state == PUBLISHED)
        .exists()
    )
    rows = session.execute(
        select(models.Release.id, models.Release.version, models.Release.yanked).where(
            models.Release.project_id == project_id, has_published_file
        )
    )
    releases = [_ReleaseRow(*row) for row in rows]
    return sorted(releases, key=lambda release: version_key(release.version))


def _chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
