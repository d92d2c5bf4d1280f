"""What a project page shows, read in one transaction with a handful of narrow queries.

Only the release on show is loaded whole; the history reads five columns per release, so a
project with hundreds of releases costs little more than one with a few.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from markupsafe import Markup
from packaging.version import InvalidVersion, Version
from sqlalchemy import select
from sqlalchemy.orm import Session

from stilton.db import Database, models
from stilton.search import (
    Dependency,
    Dependents,
    SearchIndex,
    latest_release,
    read_dependencies,
    version_key,
)
from stilton.web.readme import ReadmeCache

PUBLISHED = "published"


class ReleaseEntry(NamedTuple):
    """One line of the version history (a tuple: a project may list hundreds)."""

    id: int
    version: str
    created: datetime
    yanked: bool
    yanked_reason: str | None
    key: tuple[int, Version | str]
    """The version parsed once, for sorting (see `version_key`)."""
    prerelease: bool


@dataclass(frozen=True)
class ScanSummary:
    """The scanner's verdict on a file, and where its report is. Filled once scans exist."""

    verdict: str
    label: str
    report_url: str | None


@dataclass(frozen=True)
class FileEntry:
    filename: str
    path: str
    packagetype: str
    python_version: str
    requires_python: str | None
    size: int
    sha256: str
    upload_time: datetime
    uploader: str | None
    state: str
    scan: ScanSummary | None = None

    @property
    def served(self) -> bool:
        return self.state == PUBLISHED


@dataclass(frozen=True)
class Maintainer:
    username: str
    role: str


@dataclass(frozen=True)
class DependencyLine:
    dependency: Dependency
    on_index: bool


@dataclass(frozen=True)
class DependencyGroup:
    extra: str  # "" for what is always needed
    lines: tuple[DependencyLine, ...]


@dataclass(frozen=True)
class ProjectPage:
    name: str
    normalized_name: str
    created: datetime
    release: models.Release
    latest: ReleaseEntry
    history: tuple[ReleaseEntry, ...]  # newest version first
    files: tuple[FileEntry, ...]
    maintainers: tuple[Maintainer, ...]
    dependencies: tuple[DependencyGroup, ...]
    dependents: Dependents
    readme: Markup | None

    @property
    def is_latest(self) -> bool:
        return self.release.id == self.latest.id


class ProjectPages:
    """Reads project and release pages."""

    def __init__(self, database: Database, search: SearchIndex, readmes: ReadmeCache) -> None:
        self.database = database
        self.search = search
        self.readmes = readmes

    def page(self, normalized_name: str, version: str | None) -> ProjectPage | None:
        """The project's page, showing `version` (or the latest); None if there is none.

        Blocking: call from a worker thread.
        """
        self.search.refresh()
        with self.database.session() as session:
            project = session.execute(
                select(
                    models.Project.id,
                    models.Project.name,
                    models.Project.normalized_name,
                    models.Project.created,
                ).where(models.Project.normalized_name == normalized_name)
            ).first()
            if project is None:
                return None
            history = _history(session, project.id)
            if not history:
                return None
            latest = latest_release(history)
            shown = latest if version is None else _find(history, version)
            if shown is None:
                return None
            release = session.get(models.Release, shown.id)
            if release is None:
                return None
            requirements = read_dependencies(release.requires_dist)
            on_index = _on_index(session, {r.normalized_name for r in requirements})
            files = _files(session, release.id)
            maintainers = _maintainers(session, project.id)
        return ProjectPage(
            name=project.name,
            normalized_name=project.normalized_name,
            created=project.created,
            release=release,
            latest=latest,
            history=tuple(reversed(history)),
            files=files,
            maintainers=maintainers,
            dependencies=group_dependencies(requirements, on_index),
            dependents=self.search.dependents(normalized_name),
            readme=self.readmes.render(release.description, release.description_content_type),
        )


def _history(session: Session, project_id: int) -> list[ReleaseEntry]:
    """Releases with at least one published file, oldest version first.

    Both queries are answered from `ix_releases_history` and `ix_files_release_state`; only
    yanked releases are read from their rows, for the reason.
    """
    release = models.Release
    has_published_file = (
        select(models.File.id)
        .where(models.File.release_id == release.id, models.File.state == PUBLISHED)
        .exists()
    )
    mine = (release.project_id == project_id, has_published_file)
    rows = session.execute(
        select(release.id, release.version, release.created, release.yanked).where(*mine)
    ).all()
    reasons: dict[int, str | None] = {}
    if any(row.yanked for row in rows):
        with_reason = select(release.id, release.yanked_reason).where(
            *mine, release.yanked.is_(True)
        )
        reasons = {row.id: row.yanked_reason for row in session.execute(with_reason)}
    entries = []
    for release_id, version, created, is_yanked in rows:
        key = version_key(version)
        prerelease = not isinstance(key[1], Version) or key[1].is_prerelease
        reason = reasons.get(release_id)
        entries.append(
            ReleaseEntry(release_id, version, created, is_yanked, reason, key, prerelease)
        )
    return sorted(entries, key=lambda entry: entry.key)


def _find(history: Sequence[ReleaseEntry], version: str) -> ReleaseEntry | None:
    """The release `version` names, however it is spelled (`1.0` finds `1.0.0`)."""
    for entry in history:
        if entry.version == version:
            return entry
    try:
        wanted = Version(version)
    except InvalidVersion:
        return None
    return next((entry for entry in history if entry.key == (1, wanted)), None)


def _files(session: Session, release_id: int) -> tuple[FileEntry, ...]:
    rows = session.execute(
        select(models.File, models.User.username)
        .outerjoin(models.User, models.User.id == models.File.uploader_id)
        .where(models.File.release_id == release_id)
        .order_by(models.File.packagetype.desc(), models.File.filename)
    )
    return tuple(
        FileEntry(
            filename=file.filename,
            path=file.path,
            packagetype=file.packagetype,
            python_version=file.python_version,
            requires_python=file.requires_python,
            size=file.size,
            sha256=file.sha256,
            upload_time=file.upload_time,
            uploader=username,
            state=file.state,
        )
        for file, username in rows
    )


def _maintainers(session: Session, project_id: int) -> tuple[Maintainer, ...]:
    rows = session.execute(
        select(models.User.username, models.Role.role)
        .join(models.Role, models.Role.user_id == models.User.id)
        .where(models.Role.project_id == project_id)
        .order_by(models.Role.role.desc(), models.User.username)
    )
    return tuple(Maintainer(*row) for row in rows)


def _on_index(session: Session, names: set[str]) -> set[str]:
    """Which of these projects have a page here."""
    if not names:
        return set()
    found = session.scalars(
        select(models.SearchDocument.normalized_name).where(
            models.SearchDocument.normalized_name.in_(sorted(names))
        )
    )
    return set(found)


def group_dependencies(
    requirements: Iterable[Dependency], on_index: set[str]
) -> tuple[DependencyGroup, ...]:
    """Always-needed requirements first, then one group per extra, in the order declared."""
    groups: dict[str, list[DependencyLine]] = {"": []}
    for requirement in requirements:
        line = DependencyLine(requirement, requirement.normalized_name in on_index)
        groups.setdefault(requirement.extra, []).append(line)
    return tuple(
        DependencyGroup(extra, tuple(lines)) for extra, lines in groups.items() if lines or extra
    )
