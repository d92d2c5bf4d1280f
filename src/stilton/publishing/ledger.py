"""What is stored already, as the upload checks ask for it: one small query per question."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from packaging.version import Version
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stilton.db import Database, models
from stilton.publishing.releases import find_release_id


@dataclass(frozen=True)
class ProjectFacts:
    """A project's name, size and an admin's limits for it (None: the index's default)."""

    name: str
    normalized_name: str
    total_size: int
    max_file_size: int | None
    max_total_size: int | None


class DatabaseLedger:
    """Reads what the upload checks need; every answer may be stale by the time the file is
    recorded, so `Publisher` checks again inside its transaction where a race could matter."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def project(self, normalized_name: str) -> ProjectFacts | None:
        with self.database.session() as session:
            project = session.scalar(
                select(models.Project).where(models.Project.normalized_name == normalized_name)
            )
            if project is None:
                return None
            return ProjectFacts(
                project.name,
                project.normalized_name,
                project.total_size,
                project.max_file_size,
                project.max_total_size,
            )

    def confusable_owner(self, key: str) -> str | None:
        """The name of a project whose confusable key is `key`, if any."""
        with self.database.session() as session:
            return session.scalar(
                select(models.Project.name)
                .where(models.Project.confusable_name == key)
                .order_by(models.Project.id)
                .limit(1)
            )

    def prohibited_reason(self, normalized_name: str) -> str | None:
        """Why the name is prohibited (perhaps ""), or None when it is not."""
        with self.database.session() as session:
            entry = session.get(models.ProhibitedName, normalized_name)
            return None if entry is None else entry.reason

    def file_sha256(self, filename: str) -> str | None:
        with self.database.session() as session:
            return session.scalar(
                select(models.File.sha256).where(models.File.filename == filename)
            )

    def was_deleted(self, filename: str) -> bool:
        with self.database.session() as session:
            return session.get(models.DeletedFilename, filename) is not None

    def filename_with_contents(self, sha256: str) -> str | None:
        with self.database.session() as session:
            return session.scalar(
                select(models.File.filename).where(models.File.sha256 == sha256).limit(1)
            )

    def sdist_of(self, normalized_name: str, version: Version) -> str | None:
        """The filename of the release's sdist, if it has one."""
        with self.database.session() as session:
            release_id = _release_id(session, normalized_name, version)
            if release_id is None:
                return None
            return session.scalar(
                select(models.File.filename)
                .where(models.File.release_id == release_id, models.File.packagetype == "sdist")
                .limit(1)
            )

    def release_created(self, normalized_name: str, version: Version) -> datetime | None:
        with self.database.session() as session:
            release_id = _release_id(session, normalized_name, version)
            if release_id is None:
                return None
            return session.scalar(
                select(models.Release.created).where(models.Release.id == release_id)
            )

    def creations_since(self, since: datetime, user: str, address: str | None) -> tuple[int, int]:
        """Projects created since `since` by `user`, and from `address` (0 when None)."""
        created = select(func.count()).where(
            models.JournalEntry.action == "create", models.JournalEntry.submitted >= since
        )
        with self.database.session() as session:
            by_user = session.scalar(created.where(models.JournalEntry.actor == user)) or 0
            by_address = 0
            if address is not None:
                by_address = (
                    session.scalar(created.where(models.JournalEntry.client_ip == address)) or 0
                )
            return by_user, by_address

    def largest_file_limit(self) -> int | None:
        """The largest per-project file size limit an admin set, if any."""
        with self.database.session() as session:
            return session.scalar(select(func.max(models.Project.max_file_size)))


def _release_id(session: Session, normalized_name: str, version: Version) -> int | None:
    project_id = session.scalar(
        select(models.Project.id).where(models.Project.normalized_name == normalized_name)
    )
    return None if project_id is None else find_release_id(session, project_id, version)
