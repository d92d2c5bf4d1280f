"""The scan step of an upload: run off the event loop a few at a time, and the refusal a
held, quarantined or rejected file is answered with."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

from stilton.review import HELD, QUARANTINED, ReportView
from stilton.upload.errors import HeldForReview, Quarantined, RejectedFile, UploadError

T = TypeVar("T")


class ScanSlots:
    """At most `size` scans run at once in this process; later uploads wait for a slot, so
    a burst of uploads cannot take every core and the memory of many archives at once."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, function: Callable[..., T], *args: object) -> T:
        if self._limiter is None:  # made on first use: it belongs to the running event loop
            self._limiter = anyio.CapacityLimiter(self.size)
        return await anyio.to_thread.run_sync(function, *args, limiter=self._limiter)


def not_published(filename: str, state: str, report: ReportView | None) -> UploadError:
    """The refusal for a stored file that is not served, naming its strongest findings."""
    if state not in (HELD, QUARANTINED):
        return RejectedFile(
            f"Rejected by an admin: '{filename}' is never served and its filename cannot be "
            "used again"
        )
    what = "Held for review" if state == HELD else "Quarantined"
    findings = "; ".join(report.top_findings()) if report else "no report"
    verdict = f"{report.verdict}, score {report.score:.2f}" if report else state
    message = (
        f"{what}, not published ({verdict}): {findings} -- "
        f"an admin must approve '{filename}' before it is served"
    )
    error = HeldForReview if state == HELD else Quarantined
    return error(message, _detail(report))


def _detail(report: ReportView | None) -> str:
    if report is None:
        return ""
    lines = [f"Scan findings (rules {report.rules_version}):"]
    for finding in report.findings:
        where = finding.get("path") or ""
        if finding.get("line"):
            where = f"{where}:{finding['line']}"
        lines.append(
            f"- {finding.get('rule')} [{finding.get('severity')}] {where}: "
            f"{' '.join(str(finding.get('evidence') or '').split())[:200]}"
        )
        lines.append(f"  {finding.get('explanation')}")
    return "\n".join(lines)
