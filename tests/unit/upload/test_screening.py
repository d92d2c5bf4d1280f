"""The refusal of a file that is stored but not served: one line for twine, details below."""

from __future__ import annotations

from datetime import UTC, datetime

from stilton.review import ReportView
from stilton.server.responses import reason_phrase
from stilton.upload.errors import HeldForReview, Quarantined, RejectedFile
from stilton.upload.screening import not_published


def report(*rules: str, evidence: str = "x" * 500) -> ReportView:
    findings = tuple(
        {
            "rule": rule,
            "category": "exfiltration",
            "severity": "high",
            "path": "pkg/__init__.py",
            "line": 3,
            "evidence": evidence + "\n\t\u00e9",
            "explanation": f"why {rule}",
        }
        for rule in rules
    )
    return ReportView(
        "2025.1", "suspicious", 0.55, findings, (), 0.01, datetime.now(UTC), "upload", "alice"
    )


def test_a_held_file_names_its_top_findings_on_one_short_line() -> None:
    error = not_published("p-1.0.tar.gz", "held", report("a", "b", "a", "c", "d"))
    assert isinstance(error, HeldForReview)
    assert error.status == 422
    assert error.code == "held-for-review"
    assert error.message.startswith("Held for review, not published (suspicious, score 0.55): a (")
    assert "; b (" in error.message
    assert "; c (" in error.message
    assert "; d (" not in error.message
    assert error.message.endswith("an admin must approve 'p-1.0.tar.gz' before it is served")
    phrase = reason_phrase(error.message)
    assert phrase == error.message
    assert len(phrase) < 400
    assert "why a" in error.detail
    assert "pkg/__init__.py:3" in error.detail


def test_quarantined_and_rejected_files() -> None:
    quarantined = not_published("p-1.0.tar.gz", "quarantined", report("exfil"))
    assert isinstance(quarantined, Quarantined)
    assert quarantined.message.startswith("Quarantined, not published")
    rejected = not_published("p-1.0.tar.gz", "rejected", None)
    assert isinstance(rejected, RejectedFile)
    assert rejected.message.startswith("Rejected by an admin")
    unscanned = not_published("p-1.0.tar.gz", "held", None)
    assert "no report" in unscanned.message
