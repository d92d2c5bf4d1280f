from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from packaging.version import InvalidVersion, Version
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from stilton.db import Database, models

PUBLISHED = "published"
# What `canonicalize_name` makes of a valid project name. Anything else names no project; it is
# refused before the query because PostgreSQL rejects some strings outright (NUL bytes).
_NORMALIZED_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")


@dataclass(frozen=True)
class ProjectSummary:
    name: str
    normalized_name: str
    last_serial: int


@dataclass(frozen=True)
class FileView:
    filename: str
    path: str
    version: str
    packagetype: str
    python_version: str
    requires_python: str | None
    size: int
    sha256: str
    md5: str
    blake2_256: str
    metadata_sha256: str | None
    upload_time: datetime
    yanked: bool
    yanked_reason: str | None


@dataclass(frozen=True)
class ProjectSnapshot:
    """Everything the simple pages of one project show, read in one transaction."""

    name: str
    normalized_name: str
    last_serial: int
    versions: tuple[str, ...]
    files: tuple[FileView, ...]


class ProjectReader:
    def __init__(self, database: Database) -> None:
        self.database = database

    def projects(self) -> list[ProjectSummary]:
        with self.database.session() as session:
            rows = session.execute(
                select(
                    models.Project.name,
                    models.Project.normalized_name,
                    models.Project.last_serial,
                )
                .where(_has_published_file)
                .order_by(models.Project.normalized_name)
            )
            return [ProjectSummary(*row) for row in rows]

    def last_serial(self, normalized_name: str) -> int | None:
        if not _NORMALIZED_NAME.fullmatch(normalized_name):
            return None
        with self.database.session() as session:
            return session.scalar(
                select(models.Project.last_serial).where(
                    models.Project.normalized_name == normalized_name
                )
            )

    def snapshot(self, normalized_name: str) -> ProjectSnapshot | None:
        project = self.project(normalized_name)
        if project is None:
            return None
        releases = published_releases(project)
        files = tuple(
            _file_view(release, file) for release in releases for file in published_files(release)
        )
        versions = tuple(release.version for release in releases)
        return ProjectSnapshot(
            project.name, project.normalized_name, project.last_serial, versions, files
        )

    def project(self, normalized_name: str) -> models.Project | None:
        """The project with every release and file loaded, for use after the session ends."""
        if not _NORMALIZED_NAME.fullmatch(normalized_name):
            return None
        with self.database.session() as session:
            return session.scalar(
                select(models.Project)
                .where(models.Project.normalized_name == normalized_name)
                .options(selectinload(models.Project.releases).selectinload(models.Release.files))
            )


# A project whose files are all held for review, or all removed, is not listed.
_has_published_file = (
    select(models.File.id)
    .join(models.Release, models.File.release_id == models.Release.id)
    .where(models.Release.project_id == models.Project.id, models.File.state == PUBLISHED)
    .exists()
)


def published_files(release: models.Release) -> list[models.File]:
    return sorted((f for f in release.files if f.state == PUBLISHED), key=lambda f: f.filename)


def published_releases(project: models.Project) -> list[models.Release]:
    """Releases with at least one published file, oldest version first."""
    return sorted((r for r in project.releases if published_files(r)), key=_version_key)


def _version_key(release: models.Release) -> tuple[int, Version | str]:
    try:
        return (1, Version(release.version))
    except InvalidVersion:
        return (0, release.version)


def _file_view(release: models.Release, file: models.File) -> FileView:
    return FileView(
        filename=file.filename,
        path=file.path,
        version=release.version,
        packagetype=file.packagetype,
        python_version=file.python_version,
        requires_python=file.requires_python,
        size=file.size,
        sha256=file.sha256,
        md5=file.md5,
        blake2_256=file.blake2_256,
        metadata_sha256=file.metadata_sha256,
        upload_time=file.upload_time,
        yanked=release.yanked,
        yanked_reason=release.yanked_reason,
    )
