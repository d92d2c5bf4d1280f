"""`ReviewService`: the queue, one file's reports, approve and reject, for admins only."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from stilton.accounts import Actor, NotPermitted
from stilton.db import models
from stilton.review import NotAwaitingReview, ReasonTooLong, ReviewService, UnknownFile
from tests.builders import build_wheel
from tests.builders.flagged import (
    SUSPICIOUS_RULE,
    build_malicious_wheel,
    build_suspicious_wheel,
)
from tests.unit.review.conftest import ADMIN, USER, Shelf


@pytest.fixture
def review(shelf: Shelf) -> ReviewService:
    return ReviewService(shelf.database)


def journal(shelf: Shelf) -> list[models.JournalEntry]:
    with shelf.database.session() as session:
        entries = list(session.scalars(select(models.JournalEntry)))
        session.expunge_all()
        return entries


def test_the_queue_lists_held_and_quarantined_files_with_their_findings(
    shelf: Shelf, review: ReviewService, tmp_path: Path
) -> None:
    shelf.publish(build_wheel(tmp_path, "fine", "1.0"))
    held = build_suspicious_wheel(tmp_path, "hooked", "1.0")
    quarantined = build_malicious_wheel(tmp_path, "stealer", "1.0")
    assert shelf.publish(held).state == "held"
    assert shelf.publish(quarantined).state == "quarantined"
    items = review.queue(ADMIN)
    assert [(i.filename, i.state) for i in items] == [
        (held.name, "held"),
        (quarantined.name, "quarantined"),
    ]
    first = items[0]
    assert (first.project, first.version, first.uploader) == ("hooked", "1.0", "alice")
    assert first.verdict == "suspicious"
    assert first.score is not None
    assert first.top_findings[0].startswith(f"{SUSPICIOUS_RULE} (https://discord.invalid/")


def test_show_gives_the_current_report_and_the_history(
    shelf: Shelf, review: ReviewService, tmp_path: Path
) -> None:
    wheel = build_suspicious_wheel(tmp_path, "hooked", "1.0")
    shelf.publish(wheel)
    detail = review.show(ADMIN, wheel.name)
    assert detail.report is not None
    assert detail.history == (detail.report,)
    assert detail.report.trigger == "upload"
    assert detail.report.actor == "alice"
    assert detail.report.findings[0]["rule"] == SUSPICIOUS_RULE
    assert set(detail.report.findings[0]) == {
        "rule", "category", "severity", "path", "line", "evidence", "explanation"
    }  # fmt: skip
    with pytest.raises(UnknownFile):
        review.show(ADMIN, "nothing-1.0.tar.gz")


def test_approve_publishes_and_journals_the_decision(
    shelf: Shelf, review: ReviewService, tmp_path: Path
) -> None:
    wheel = build_malicious_wheel(tmp_path, "stealer", "1.0")
    shelf.publish(wheel)
    before = shelf.database.max_serial()
    serial = review.approve(ADMIN, wheel.name, "  checked   by hand ")
    assert serial > before
    assert review.show(ADMIN, wheel.name).item.state == "published"
    entry = journal(shelf)[-1]
    assert (entry.serial, entry.actor, entry.filename, entry.version) == (
        serial, "root", wheel.name, "1.0"
    )  # fmt: skip
    assert entry.action == f"approve quarantined file {wheel.name}: checked by hand"
    with shelf.database.session() as session:
        project = session.scalar(select(models.Project))
        assert project is not None
        assert project.last_serial == serial
    assert review.queue(ADMIN) == []


def test_reject_keeps_the_file_unserved(
    shelf: Shelf, review: ReviewService, tmp_path: Path
) -> None:
    wheel = build_suspicious_wheel(tmp_path, "hooked", "1.0")
    shelf.publish(wheel)
    review.reject(ADMIN, wheel.name)
    assert review.show(ADMIN, wheel.name).item.state == "rejected"
    assert journal(shelf)[-1].action == f"reject held file {wheel.name}"
    with pytest.raises(NotAwaitingReview):
        review.approve(ADMIN, wheel.name)
    with pytest.raises(NotAwaitingReview):
        review.reject(ADMIN, wheel.name)


def test_published_files_are_not_for_review(
    shelf: Shelf, review: ReviewService, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, "fine", "1.0")
    shelf.publish(wheel)
    with pytest.raises(NotAwaitingReview, match="is published"):
        review.approve(ADMIN, wheel.name)
    assert review.show(ADMIN, wheel.name).report is not None


def test_only_admins_and_the_operator_review(
    shelf: Shelf, review: ReviewService, tmp_path: Path
) -> None:
    wheel = build_suspicious_wheel(tmp_path, "hooked", "1.0")
    shelf.publish(wheel)
    for call in (
        lambda: review.queue(USER),
        lambda: review.show(USER, wheel.name),
        lambda: review.approve(USER, wheel.name),
        lambda: review.reject(USER, wheel.name),
    ):
        with pytest.raises(NotPermitted):
            call()
    assert review.show(Actor.operator("ops"), wheel.name).item.state == "held"
    review.approve(Actor.operator("ops"), wheel.name)
    assert journal(shelf)[-1].actor == "cli:ops"


def test_a_long_reason_is_refused(shelf: Shelf, review: ReviewService, tmp_path: Path) -> None:
    wheel = build_suspicious_wheel(tmp_path, "hooked", "1.0")
    shelf.publish(wheel)
    with pytest.raises(ReasonTooLong):
        review.approve(ADMIN, wheel.name, "x" * 1001)
    assert review.show(ADMIN, wheel.name).item.state == "held"
