"""What the public pages show of the scanner's work: a published file's verdict and its report.

Only published files have public reports. Held, quarantined and rejected files are the admins'
business (`/admin/review/`), so for them the report page does not exist.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from packaging.version import InvalidVersion, Version
from sqlalchemy import select
from sqlalchemy.orm import Session

from stilton.db import models
from stilton.review import PUBLISHED, ReportView
from stilton.review.reports import report_history
from stilton.web.templating import path_part, project_url

CLEAN = "clean"
# How `ReviewService` words an approval in the journal: "approve held file x.whl: reason".
_APPROVAL = "approve "


@dataclass(frozen=True)
class ScanSummary:
    """The scanner's verdict on a file, and where its report is."""

    verdict: str
    label: str
    report_url: str | None
    approved: bool = False
    """The scanner held the file and an admin published it after reading the findings."""


@dataclass(frozen=True)
class ReportPage:
    """A published file with every report of it, newest (the current one) first."""

    project: str
    normalized_name: str
    version: str
    filename: str
    path: str
    size: int
    sha256: str
    upload_time: datetime
    reports: tuple[ReportView, ...]
    approved: datetime | None
    """When an admin approved the file, if it was held."""

    @property
    def current(self) -> ReportView | None:
        return self.reports[0] if self.reports else None

    @property
    def earlier(self) -> tuple[ReportView, ...]:
        return self.reports[1:]


@dataclass(frozen=True)
class Moved:
    """The report is at another URL (the version was spelled differently)."""

    path: str


def report_url(normalized_name: str, version: str, filename: str) -> str:
    return f"{project_url(normalized_name, version)}files/{path_part(filename)}/scan/"


def summary(
    normalized_name: str, version: str, filename: str, verdict: str | None, *, approved: bool
) -> ScanSummary | None:
    """A published file's badge; None when it was never scanned (before reports were kept)."""
    if verdict is None:
        return None
    url = report_url(normalized_name, version, filename)
    return ScanSummary(verdict, verdict, url, approved=approved)


def needs_approval_check(verdict: str | None) -> bool:
    """A published file the scanner did not find clean can only have been approved."""
    return verdict is not None and verdict != CLEAN


def approvals(
    session: Session, normalized_name: str, filenames: Collection[str]
) -> dict[str, datetime]:
    """When an admin last approved each of these files of the project (one query; none when
    no file needs asking, which is the rule: clean files were never held)."""
    if not filenames:
        return {}
    journal = models.JournalEntry
    rows = session.execute(
        select(journal.filename, journal.submitted)
        .where(
            journal.normalized_name == normalized_name,
            journal.filename.in_(sorted(filenames)),
            journal.action.startswith(_APPROVAL),
        )
        .order_by(journal.serial)
    )
    return {filename: submitted for filename, submitted in rows if filename is not None}


def report_page(
    session: Session, normalized_name: str, version: str, filename: str
) -> ReportPage | Moved | None:
    """The report page of a published file of that release; None for any other file."""
    row = session.execute(
        select(models.File, models.Release.version, models.Project.name)
        .join(models.Release, models.Release.id == models.File.release_id)
        .join(models.Project, models.Project.id == models.Release.project_id)
        .where(
            models.File.filename == filename,
            models.File.state == PUBLISHED,
            models.Project.normalized_name == normalized_name,
        )
    ).first()
    if row is None:
        return None
    file, stored_version, project = row
    if stored_version != version:
        if not _same_version(stored_version, version):
            return None
        return Moved(report_url(normalized_name, stored_version, filename))
    reports = tuple(report_history(session, file.id))
    approved = approvals(session, normalized_name, [filename]).get(filename)
    return ReportPage(
        project=project,
        normalized_name=normalized_name,
        version=stored_version,
        filename=file.filename,
        path=file.path,
        size=file.size,
        sha256=file.sha256,
        upload_time=file.upload_time,
        reports=reports,
        approved=approved,
    )


def _same_version(stored: str, asked: str) -> bool:
    try:
        return Version(stored) == Version(asked)
    except InvalidVersion:
        return False
