"""What a project page shows, read in one transaction with a handful of narrow queries.

Only the release on show is loaded whole; the history reads five columns per release, so a
project with hundreds of releases costs little more than one with a few.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from markupsafe import Markup
from packaging.version import InvalidVersion, Version
from sqlalchemy import func, select
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
from stilton.web.scan_data import (
    Moved,
    ReportPage,
    ScanSummary,
    approvals,
    needs_approval_check,
    report_page,
    summary,
)

PUBLISHED = "published"
HISTORIES_KEPT = 256


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
    scan: ScanSummary | None


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


@dataclass(frozen=True)
class _History:
    serial: int
    oldest_first: tuple[ReleaseEntry, ...]


class _HistoryCache:
    """Each project's version history as of its `last_serial`, for the most recently shown
    `HISTORIES_KEPT` projects.

    Every change to a project's releases or files writes a journal entry that moves its
    serial (the rule the simple pages' cache relies on too), and the history is read in the
    transaction that read the serial, so an entry is right for as long as the serial stands.
    A project with hundreds of releases then costs one row and no version parsing per page.
    """

    def __init__(self, size: int = HISTORIES_KEPT) -> None:
        self.size = size
        self._kept: OrderedDict[int, _History] = OrderedDict()
        self._lock = threading.Lock()

    def history(self, session: Session, project_id: int, serial: int) -> tuple[ReleaseEntry, ...]:
        with self._lock:
            kept = self._kept.get(project_id)
            if kept is not None and kept.serial == serial:
                self._kept.move_to_end(project_id)
                return kept.oldest_first
        entries = tuple(_history(session, project_id))
        with self._lock:
            self._kept[project_id] = _History(serial, entries)
            self._kept.move_to_end(project_id)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return entries


class ProjectPages:
    """Reads project and release pages."""

    def __init__(self, database: Database, search: SearchIndex, readmes: ReadmeCache) -> None:
        self.database = database
        self.search = search
        self.readmes = readmes
        self.histories = _HistoryCache()

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
                    models.Project.last_serial,
                ).where(models.Project.normalized_name == normalized_name)
            ).first()
            if project is None:
                return None
            history = self.histories.history(session, project.id, project.last_serial)
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
            files = _files(session, project.normalized_name, release)
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

    def scan_report(
        self, normalized_name: str, version: str, filename: str
    ) -> ReportPage | Moved | None:
        """A published file's scan reports; None for a file the public does not see.

        Blocking: call from a worker thread.
        """
        with self.database.session() as session:
            return report_page(session, normalized_name, version, filename)


def _history(session: Session, project_id: int) -> list[ReleaseEntry]:
    """Releases with at least one published file, oldest version first.

    One query, answered from `ix_releases_history` and `ix_files_release_state` and the
    release rows (for the yank reason): a round trip costs more than the reasons do.
    """
    release = models.Release
    has_published_file = (
        select(models.File.id)
        .where(models.File.release_id == release.id, models.File.state == PUBLISHED)
        .exists()
    )
    rows = session.execute(
        select(
            release.id, release.version, release.created, release.yanked, release.yanked_reason
        ).where(release.project_id == project_id, has_published_file)
    ).all()
    entries = []
    for release_id, version, created, is_yanked, reason in rows:
        key = version_key(version)
        prerelease = not isinstance(key[1], Version) or key[1].is_prerelease
        entries.append(
            ReleaseEntry(
                release_id,
                version,
                created,
                is_yanked,
                reason if is_yanked else None,
                key,
                prerelease,
            )
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


def _files(
    session: Session, normalized_name: str, release: models.Release
) -> tuple[FileEntry, ...]:
    """The release's published files, each with the verdict of its current scan report.

    One query for the files and their verdicts (the newest report of each, found through
    `ix_scan_reports_file_latest`); a second only when a file the scanner did not find clean
    was published, to say that an admin approved it.
    """
    file, report = models.File, models.ScanReport
    newest_report = (
        select(func.max(report.id)).where(report.file_id == file.id).correlate(file)
    ).scalar_subquery()
    rows = session.execute(
        select(file, models.User.username, report.verdict)
        .outerjoin(models.User, models.User.id == file.uploader_id)
        .outerjoin(report, report.id == newest_report)
        .where(file.release_id == release.id, file.state == PUBLISHED)
        .order_by(file.packagetype.desc(), file.filename)
    ).all()
    flagged = [row[0].filename for row in rows if needs_approval_check(row[2])]
    approved = approvals(session, normalized_name, flagged)
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
            scan=summary(
                normalized_name,
                release.version,
                file.filename,
                verdict,
                approved=file.filename in approved,
            ),
        )
        for file, username, verdict in rows
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
