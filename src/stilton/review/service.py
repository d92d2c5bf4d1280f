"""The admins' review of held and quarantined files: the queue, one file's reports, decisions.

A decision changes the file's state and writes a journal entry on its project in one
transaction, so page caches, search and the file gate of every process notice it within their
poll of the journal, just as they notice an upload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stilton.accounts import Actor, NotPermitted
from stilton.db import Database, models
from stilton.projects import record
from stilton.review.errors import NotAwaitingReview, ReasonTooLong, UnknownFile
from stilton.review.reports import ReportView, iso_time, latest_reports, report_history
from stilton.review.states import AWAITING_REVIEW, PUBLISHED, REJECTED

MAX_REASON = 1000


@dataclass(frozen=True)
class ReviewItem:
    """A file as the queue lists it, with the gist of its current report."""

    filename: str
    project: str
    version: str
    state: str
    uploader: str | None
    uploaded: datetime
    verdict: str | None
    score: float | None
    top_findings: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """As the API and `--json` show it (times in UTC, ISO 8601)."""
        return {
            "filename": self.filename,
            "project": self.project,
            "version": self.version,
            "state": self.state,
            "uploader": self.uploader,
            "uploaded": iso_time(self.uploaded),
            "verdict": self.verdict,
            "score": self.score,
            "top_findings": list(self.top_findings),
        }


@dataclass(frozen=True)
class ReviewDetail:
    """One file: its queue entry, its current report and every report, newest first."""

    item: ReviewItem
    report: ReportView | None
    history: tuple[ReportView, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.item.as_dict(),
            "report": None if self.report is None else self.report.as_dict(),
            "history": [report.as_dict() for report in self.history],
        }


class ReviewService:
    """Admins only: every method refuses other actors with `NotPermitted`."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def queue(self, actor: Actor) -> list[ReviewItem]:
        """Held and quarantined files, oldest upload first."""
        _require_admin(actor)
        with self.database.session() as session:
            files = list(
                session.scalars(
                    select(models.File)
                    .where(models.File.state.in_(AWAITING_REVIEW))
                    .order_by(models.File.upload_time, models.File.id)
                )
            )
            reports = latest_reports(session, [f.id for f in files])
            return [_item(session, f, reports.get(f.id)) for f in files]

    def show(self, actor: Actor, filename: str) -> ReviewDetail:
        """Any stored file, whatever its state."""
        _require_admin(actor)
        with self.database.session() as session:
            file = _file(session, filename)
            history = tuple(report_history(session, file.id))
            current = history[0] if history else None
            return ReviewDetail(_item(session, file, current), current, history)

    def approve(self, actor: Actor, filename: str, reason: str = "") -> int:
        """Publish a held or quarantined file; returns the journal serial of the decision."""
        return self._decide(actor, filename, PUBLISHED, "approve", reason)

    def reject(self, actor: Actor, filename: str, reason: str = "") -> int:
        """Never serve the file; its filename stays taken. Returns the journal serial."""
        return self._decide(actor, filename, REJECTED, "reject", reason)

    def _decide(self, actor: Actor, filename: str, state: str, verb: str, reason: str) -> int:
        _require_admin(actor)
        reason = " ".join(reason.split())
        if len(reason) > MAX_REASON:
            raise ReasonTooLong(f"The reason is longer than {MAX_REASON} characters")
        with self.database.session() as session:
            file = _file(session, filename, lock=True)
            if file.state not in AWAITING_REVIEW:
                raise NotAwaitingReview(
                    f"'{filename}' is {file.state}, not held or quarantined: nothing to {verb}"
                )
            previous, file.state = file.state, state
            release = file.release
            action = f"{verb} {previous} file {filename}" + (f": {reason}" if reason else "")
            return record(
                session, release.project, action, actor, version=release.version, filename=filename
            )


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise NotPermitted(f"Only admins review held files; '{actor.name}' is not an admin")


def _file(session: Session, filename: str, *, lock: bool = False) -> models.File:
    query = select(models.File).where(models.File.filename == filename)
    file = session.scalar(query.with_for_update() if lock else query)
    if file is None:
        raise UnknownFile(f"No file named '{filename}'")
    return file


def _item(session: Session, file: models.File, report: ReportView | None) -> ReviewItem:
    uploader = None
    if file.uploader_id is not None:
        uploader = session.scalar(
            select(models.User.username).where(models.User.id == file.uploader_id)
        )
    release = file.release
    return ReviewItem(
        filename=file.filename,
        project=release.project.name,
        version=release.version,
        state=file.state,
        uploader=uploader,
        uploaded=file.upload_time,
        verdict=None if report is None else report.verdict,
        score=None if report is None else report.score,
        top_findings=() if report is None else tuple(report.top_findings()),
    )
