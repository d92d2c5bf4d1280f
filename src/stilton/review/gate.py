"""The scan an upload passes before it is published: what the scanner is told about the index.

`ScanGate.screen` is blocking CPU work; callers on an event loop run it in a worker thread
(the upload route does, a few at a time).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from packaging.version import InvalidVersion, Version
from sqlalchemy import select
from sqlalchemy.orm import Session

from stilton.config import Settings
from stilton.db import Database, models
from stilton.distributions import Distribution
from stilton.review.reports import ReportView, latest_reports
from stilton.review.states import PUBLISHED
from stilton.scanning import PriorRelease, ScanPolicy, ScanReport, scan_distribution


def policy_from_settings(settings: Settings) -> ScanPolicy:
    return ScanPolicy(
        suspicious_at=settings.scan_suspicious_at,
        malicious_at=settings.scan_malicious_at,
        time_budget=settings.scan_time_budget,
    )


class ScanGate:
    """Scans distributions as this index sees them: typosquats of its own projects, and
    capabilities gained since the project's previous release.

    The list of project names is read once and again only after the journal's serial moves
    (`generation`), so a busy index does not read every name per upload.
    """

    def __init__(
        self,
        database: Database,
        policy: ScanPolicy,
        generation: Callable[[], int],
        *,
        enabled: bool = True,
    ) -> None:
        self.database = database
        self.policy = policy
        self.enabled = enabled
        self._generation = generation
        self._names: frozenset[str] = frozenset()
        self._names_as_of: int | None = None
        self._lock = threading.Lock()

    def screen(self, dist: Distribution, path: Path) -> ScanReport:
        """Scan the distribution read from `path` (blocking; call it from a worker thread)."""
        return scan_distribution(
            dist,
            path,
            policy=self.policy,
            known_projects=self.known_projects(),
            previous=self.previous_release(dist.normalized_name, dist.filename.version),
        )

    def known_projects(self) -> frozenset[str]:
        generation = self._generation()
        with self._lock:
            if self._names_as_of != generation:
                with self.database.session() as session:
                    names = session.scalars(select(models.Project.normalized_name))
                    self._names = frozenset(names)
                self._names_as_of = generation
            return self._names

    def previous_release(self, normalized_name: str, version: Version) -> PriorRelease | None:
        """What the newest published release before `version` could do, by its files' current
        reports; None when there is no such release or it was never scanned."""
        with self.database.session() as session:
            return _previous_release(session, normalized_name, version)

    def report_of(self, filename: str) -> ReportView | None:
        """The current report of a stored file."""
        with self.database.session() as session:
            file_id = session.scalar(select(models.File.id).where(models.File.filename == filename))
            if file_id is None:
                return None
            return latest_reports(session, [file_id]).get(file_id)


def _previous_release(
    session: Session, normalized_name: str, version: Version
) -> PriorRelease | None:
    rows = session.execute(
        select(models.Release.version, models.File.id)
        .join(models.Project, models.Project.id == models.Release.project_id)
        .join(models.File, models.File.release_id == models.Release.id)
        .where(models.Project.normalized_name == normalized_name, models.File.state == PUBLISHED)
    ).all()
    by_version: dict[Version, tuple[str, list[int]]] = {}
    for stored, file_id in rows:
        try:
            parsed = Version(stored)
        except InvalidVersion:
            continue
        if parsed < version:
            by_version.setdefault(parsed, (stored, []))[1].append(file_id)
    if not by_version:
        return None
    shown, file_ids = by_version[max(by_version)]
    reports = latest_reports(session, file_ids)
    if not reports:
        return None
    capabilities = frozenset(c for report in reports.values() for c in report.capabilities)
    return PriorRelease(shown, capabilities)
