"""Scanning stored files again with the current rules.

A rescan stores a new report for every file it reads and may only tighten a file's state:
published becomes held or quarantined, held becomes quarantined. A file the new rules find
cleaner keeps its state; an admin must approve it. A change of state writes a journal entry,
so every server stops serving the file within its poll of the journal.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version
from sqlalchemy import select

from stilton.accounts import Actor
from stilton.db import Database, models
from stilton.projects import UnknownProject, record
from stilton.review.gate import ScanGate
from stilton.review.reports import RESCAN, latest_reports, record_report, top_findings
from stilton.review.states import HELD, PUBLISHED, QUARANTINED, state_for, tightened
from stilton.scanning import ScanReport, Verdict, scan_file
from stilton.storage import BlobStore

RESCANNED_STATES = (PUBLISHED, HELD, QUARANTINED)


@dataclass(frozen=True)
class RescanTarget:
    file_id: int
    filename: str
    key: str
    project: str
    version: str


@dataclass(frozen=True)
class RescanOutcome:
    """What one rescan found and did. `would_publish` is set when the new verdict alone would
    leave the file in a looser state than it is in: only an admin's approval does that."""

    filename: str
    before: str
    after: str
    verdict: str
    score: float
    top_findings: tuple[str, ...]
    would_publish: bool

    @property
    def changed(self) -> bool:
        return self.before != self.after


class Rescanner:
    def __init__(self, database: Database, store: BlobStore, gate: ScanGate, actor: Actor):
        self.database = database
        self.store = store
        self.gate = gate
        self.actor = actor

    def targets(self, projects: Sequence[str] | None = None) -> list[RescanTarget]:
        """The files to rescan: every served or waiting file, or those of `projects` (None:
        all). Rejected files are never served again and are left alone."""
        query = (
            select(models.File, models.Project.normalized_name, models.Release.version)
            .join(models.Release, models.Release.id == models.File.release_id)
            .join(models.Project, models.Project.id == models.Release.project_id)
            .where(models.File.state.in_(RESCANNED_STATES))
            .order_by(models.Project.normalized_name, models.File.id)
        )
        with self.database.session() as session:
            if projects is not None:
                names = [canonicalize_name(name) for name in projects]
                found = set(
                    session.scalars(
                        select(models.Project.normalized_name).where(
                            models.Project.normalized_name.in_(names)
                        )
                    )
                )
                missing = [name for name in projects if canonicalize_name(name) not in found]
                if missing:
                    raise UnknownProject(f"No project named '{missing[0]}'")
                query = query.where(models.Project.normalized_name.in_(names))
            return [
                RescanTarget(file.id, file.filename, file.path, project, version)
                for file, project, version in session.execute(query)
            ]

    def rescan(self, target: RescanTarget) -> RescanOutcome:
        with self._local_copy(target) as path:
            report = self._scan(target, path)
        with self.database.session() as session:
            file = session.scalar(
                select(models.File).where(models.File.id == target.file_id).with_for_update()
            )
            if file is None:  # removed while it was being scanned
                return _outcome(target.filename, "removed", "removed", report)
            last = latest_reports(session, [file.id]).get(file.id)
            last_verdict = Verdict(last.verdict) if last is not None else None
            record_report(session, file.id, report, RESCAN, self.actor.name)
            before = file.state
            after = (
                tightened(before, report.verdict, last_verdict)
                if before in RESCANNED_STATES
                else before
            )
            if after != before:
                file.state = after
                release = file.release
                action = (
                    f"{_verb(after)} {before} file {file.filename} after a rescan "
                    f"({report.verdict}, rules {report.rules_version})"
                )
                record(
                    session,
                    release.project,
                    action,
                    self.actor,
                    version=release.version,
                    filename=file.filename,
                )
            return _outcome(file.filename, before, after, report)

    def _scan(self, target: RescanTarget, path: Path) -> ScanReport:
        try:
            version = Version(target.version)
        except InvalidVersion:
            previous = None
        else:
            previous = self.gate.previous_release(target.project, version)
        return scan_file(
            path,
            filename=target.filename,
            policy=self.gate.policy,
            known_projects=self.gate.known_projects(),
            previous=previous,
        )

    @contextmanager
    def _local_copy(self, target: RescanTarget) -> Iterator[Path]:
        """The blob as a local file: the store's own path when it has one, else a copy."""
        local = self.store.local_path(target.key)
        if local is not None:
            yield local
            return
        with tempfile.TemporaryDirectory(prefix="stilton-rescan-") as directory:
            path = Path(directory) / target.filename
            with self.store.open(target.key) as source, path.open("wb") as copy:
                shutil.copyfileobj(source, copy, 1024 * 1024)
            yield path


def _verb(state: str) -> str:
    return "quarantine" if state == QUARANTINED else "hold"


def _outcome(filename: str, before: str, after: str, report: ScanReport) -> RescanOutcome:
    would = state_for(report.verdict)
    return RescanOutcome(
        filename=filename,
        before=before,
        after=after,
        verdict=str(report.verdict),
        score=report.score,
        top_findings=tuple(top_findings([f.to_json() for f in report.findings])),
        would_publish=would == PUBLISHED and after in (HELD, QUARANTINED),
    )
