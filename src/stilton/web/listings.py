"""Lists across projects: the home page's counts and newest entries, the feeds, a user's projects.

Newest first means by row id (the order rows were written), which every engine keeps in its
primary key, so these lists cost a few index steps however large the index grows.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar, cast

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from stilton.db import Database, models
from stilton.search import SearchIndex

PUBLISHED = "published"
COUNTS_MAX_AGE = 10.0
"""Seconds the home page's counts may lag behind a change (they scan every file row)."""

T = TypeVar("T")


@dataclass(frozen=True)
class Counts:
    projects: int
    releases: int
    files: int
    users: int


@dataclass(frozen=True)
class ReleaseItem:
    name: str
    normalized_name: str
    version: str
    summary: str
    created: datetime


@dataclass(frozen=True)
class UserProject:
    name: str
    normalized_name: str
    role: str
    version: str | None
    summary: str


@dataclass(frozen=True)
class UserPage:
    username: str
    created: datetime
    projects: tuple[UserProject, ...]


class Listings:
    def __init__(
        self, database: Database, search: SearchIndex, current_serial: Callable[[], int]
    ) -> None:
        self.database = database
        self.search = search
        self._current_serial = current_serial
        self._memo: dict[str, tuple[int, float, object]] = {}
        self._lock = threading.Lock()

    def counts(self) -> Counts:
        """Blocking, like every method here: call from a worker thread."""
        return self._cached("counts", self._count_all)

    def classifier_options(self) -> list[tuple[str, int]]:
        """Every classifier some project here carries, with how many carry it."""
        return self._cached("classifiers", self._classifiers)

    def _cached(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()`, again only once the serial has moved and `COUNTS_MAX_AGE` has passed."""
        serial = self._current_serial()
        cached = self._memo.get(key)
        if cached is not None and (
            cached[0] == serial or time.monotonic() - cached[1] < COUNTS_MAX_AGE
        ):
            return cast(T, cached[2])
        with self._lock:
            self.search.refresh()
            value = compute()
            self._memo[key] = (serial, time.monotonic(), value)
        return value

    def _count_all(self) -> Counts:
        with self.database.session() as session:
            return Counts(
                projects=_count(session, select(func.count(models.SearchDocument.project_id))),
                releases=_count(
                    session,
                    select(func.count(func.distinct(models.File.release_id))).where(
                        models.File.state == PUBLISHED
                    ),
                ),
                files=_count(
                    session,
                    select(func.count(models.File.id)).where(models.File.state == PUBLISHED),
                ),
                users=_count(
                    session,
                    select(func.count(models.User.id)).where(models.User.is_active.is_(True)),
                ),
            )

    def _classifiers(self) -> list[tuple[str, int]]:
        classifier = models.SearchClassifier.classifier
        with self.database.session() as session:
            rows = session.execute(
                select(classifier, func.count()).group_by(classifier).order_by(classifier)
            )
            return [(name, count) for name, count in rows]

    def latest_releases(self, limit: int) -> list[ReleaseItem]:
        """The releases published last, newest first."""
        has_published_file = (
            select(models.File.id)
            .where(models.File.release_id == models.Release.id, models.File.state == PUBLISHED)
            .exists()
        )
        with self.database.session() as session:
            rows = session.execute(
                select(
                    models.Project.name,
                    models.Project.normalized_name,
                    models.Release.version,
                    models.Release.summary,
                    models.Release.created,
                )
                .join(models.Project, models.Project.id == models.Release.project_id)
                .where(has_published_file)
                .order_by(models.Release.id.desc())
                .limit(limit)
            )
            return [_release_item(*row) for row in rows]

    def newest_projects(self, limit: int) -> list[ReleaseItem]:
        """Projects by when they were created, newest first, with their latest release."""
        self.search.refresh()
        document = models.SearchDocument
        with self.database.session() as session:
            rows = session.execute(
                select(
                    document.name,
                    document.normalized_name,
                    document.version,
                    document.summary,
                    models.Project.created,
                )
                .join(models.Project, models.Project.id == document.project_id)
                .order_by(document.project_id.desc())
                .limit(limit)
            )
            return [_release_item(*row) for row in rows]

    def project_releases(self, normalized_name: str, limit: int) -> list[ReleaseItem] | None:
        """A project's releases by when they were published, newest first; None: no project."""
        has_published_file = (
            select(models.File.id)
            .where(models.File.release_id == models.Release.id, models.File.state == PUBLISHED)
            .exists()
        )
        with self.database.session() as session:
            project = session.execute(
                select(models.Project.id, models.Project.name).where(
                    models.Project.normalized_name == normalized_name
                )
            ).first()
            if project is None:
                return None
            rows = session.execute(
                select(
                    models.Release.version,
                    models.Release.summary,
                    models.Release.created,
                )
                .where(models.Release.project_id == project.id, has_published_file)
                .order_by(models.Release.created.desc(), models.Release.id.desc())
                .limit(limit)
            )
            return [
                _release_item(project.name, normalized_name, version, summary, created)
                for version, summary, created in rows
            ]

    def user(self, username: str) -> UserPage | None:
        self.search.refresh()
        document = models.SearchDocument
        with self.database.session() as session:
            user = session.execute(
                select(models.User.id, models.User.username, models.User.created).where(
                    models.User.username == username, models.User.is_active.is_(True)
                )
            ).first()
            if user is None:
                return None
            rows = session.execute(
                select(
                    models.Project.name,
                    models.Project.normalized_name,
                    models.Role.role,
                    document.version,
                    document.summary,
                )
                .join(models.Role, models.Role.project_id == models.Project.id)
                .outerjoin(document, document.project_id == models.Project.id)
                .where(models.Role.user_id == user.id)
                .order_by(models.Project.normalized_name)
            )
            projects = tuple(
                UserProject(name, normalized, role, version, summary or "")
                for name, normalized, role, version, summary in rows
            )
        return UserPage(user.username, user.created, projects)


def _count(session: Session, statement: Select[int]) -> int:
    return session.scalar(statement) or 0


def _release_item(
    name: str, normalized_name: str, version: str, summary: str | None, created: datetime
) -> ReleaseItem:
    return ReleaseItem(name, normalized_name, version, (summary or "").strip(), created)
