"""Scan reports as stored: one row per scan, read back as `ReportView`s."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stilton.db import models, utcnow
from stilton.scanning import ScanReport

UPLOAD = "upload"
RESCAN = "rescan"
_EVIDENCE_SHOWN = 60


@dataclass(frozen=True)
class ReportView:
    """One stored scan: `findings` are dicts with rule, category, severity, path, line,
    evidence and explanation, strongest first."""

    rules_version: str
    verdict: str
    score: float
    findings: tuple[Mapping[str, Any], ...]
    capabilities: tuple[str, ...]
    seconds: float
    scanned_at: datetime
    trigger: str
    actor: str | None

    def top_findings(self, count: int = 3) -> list[str]:
        return top_findings(self.findings, count)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rules_version": self.rules_version,
            "verdict": self.verdict,
            "score": self.score,
            "findings": [dict(finding) for finding in self.findings],
            "capabilities": list(self.capabilities),
            "seconds": self.seconds,
            "scanned_at": iso_time(self.scanned_at),
            "trigger": self.trigger,
            "actor": self.actor,
        }


def record_report(
    session: Session, file_id: int, report: ScanReport, trigger: str, actor: str | None
) -> models.ScanReport:
    row = models.ScanReport(
        file_id=file_id,
        rules_version=report.rules_version,
        verdict=str(report.verdict),
        score=round(report.score, 4),
        findings=[finding.to_json() for finding in report.findings],
        capabilities=sorted(report.capabilities),
        seconds=round(report.seconds, 4),
        scanned_at=utcnow(),
        trigger=trigger,
        actor=actor,
    )
    session.add(row)
    return row


def latest_reports(session: Session, file_ids: Iterable[int]) -> dict[int, ReportView]:
    """The current (newest) report of each file that has one."""
    ids = list(file_ids)
    if not ids:
        return {}
    newest = (
        select(func.max(models.ScanReport.id))
        .where(models.ScanReport.file_id.in_(ids))
        .group_by(models.ScanReport.file_id)
    )
    rows = session.scalars(select(models.ScanReport).where(models.ScanReport.id.in_(newest)))
    return {row.file_id: as_view(row) for row in rows}


def report_history(session: Session, file_id: int) -> list[ReportView]:
    """Every report of the file, newest first."""
    rows = session.scalars(
        select(models.ScanReport)
        .where(models.ScanReport.file_id == file_id)
        .order_by(models.ScanReport.id.desc())
    )
    return [as_view(row) for row in rows]


def as_view(row: models.ScanReport) -> ReportView:
    return ReportView(
        rules_version=row.rules_version,
        verdict=row.verdict,
        score=row.score,
        findings=tuple(row.findings or ()),
        capabilities=tuple(row.capabilities or ()),
        seconds=row.seconds,
        scanned_at=row.scanned_at,
        trigger=row.trigger,
        actor=row.actor,
    )


def top_findings(findings: Iterable[Mapping[str, Any]], count: int = 3) -> list[str]:
    """`rule (evidence)` for the strongest findings, each kept short, one rule once."""
    shown: list[str] = []
    seen: set[str] = set()
    for finding in findings:
        rule = str(finding.get("rule", ""))
        if rule in seen:
            continue
        seen.add(rule)
        shown.append(f"{rule} ({_short(str(finding.get('evidence') or ''))})")
        if len(shown) == count:
            break
    return shown


def iso_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _short(evidence: str) -> str:
    text = " ".join(evidence.split())
    return text if len(text) <= _EVIDENCE_SHOWN else text[: _EVIDENCE_SHOWN - 3] + "..."
