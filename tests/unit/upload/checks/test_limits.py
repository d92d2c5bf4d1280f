from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from stilton.upload import UploadRules
from stilton.upload.checks import limits as checks
from stilton.upload.errors import FileTooLarge, ProjectTooLarge, TooManyProjectsCreated
from tests.unit.upload.conftest import ADDRESS, NOW, MemoryLedger, UploadFactory


@pytest.fixture
def size(wheel_path: Path) -> int:
    return wheel_path.stat().st_size


# --- file size -----------------------------------------------------------------------------


def test_a_file_within_the_index_limit_passes(make_upload: UploadFactory, size: int) -> None:
    checks.refuse_file_over_project_limit(make_upload(rules=UploadRules(max_file_size=size)))


def test_a_file_over_the_index_limit_is_refused(make_upload: UploadFactory, size: int) -> None:
    with pytest.raises(FileTooLarge, match=f"File too large: the limit is {size - 1} bytes"):
        checks.refuse_file_over_project_limit(
            make_upload(rules=UploadRules(max_file_size=size - 1))
        )


def test_a_projects_own_lower_limit_applies(
    make_upload: UploadFactory, ledger: MemoryLedger, size: int
) -> None:
    ledger.add_project("Demo.Pkg", max_file_size=size - 1)
    with pytest.raises(FileTooLarge, match=f"the limit for project 'Demo.Pkg' is {size - 1}"):
        checks.refuse_file_over_project_limit(make_upload())


def test_a_projects_own_higher_limit_applies(
    make_upload: UploadFactory, ledger: MemoryLedger, size: int
) -> None:
    ledger.add_project("Demo.Pkg", max_file_size=size)
    checks.refuse_file_over_project_limit(make_upload(rules=UploadRules(max_file_size=10)))


# --- project size --------------------------------------------------------------------------


def test_a_project_within_its_total_passes(
    make_upload: UploadFactory, ledger: MemoryLedger, size: int
) -> None:
    ledger.add_project("Demo.Pkg", total_size=1000)
    checks.refuse_project_over_total(make_upload(rules=UploadRules(max_project_size=1000 + size)))


def test_a_project_past_its_total_is_refused(
    make_upload: UploadFactory, ledger: MemoryLedger, size: int
) -> None:
    ledger.add_project("Demo.Pkg", total_size=1000)
    with pytest.raises(
        ProjectTooLarge, match=f"would hold {1000 + size} bytes; the limit is {999 + size} bytes"
    ):
        checks.refuse_project_over_total(
            make_upload(rules=UploadRules(max_project_size=999 + size))
        )


def test_a_new_project_counts_its_first_file(make_upload: UploadFactory, size: int) -> None:
    with pytest.raises(ProjectTooLarge):
        checks.refuse_project_over_total(make_upload(rules=UploadRules(max_project_size=size - 1)))


def test_a_projects_own_total_wins_either_way(
    make_upload: UploadFactory, ledger: MemoryLedger, size: int
) -> None:
    ledger.add_project("Demo.Pkg", total_size=5000, max_total_size=5000 + size)
    checks.refuse_project_over_total(make_upload(rules=UploadRules(max_project_size=1)))
    ledger.add_project("Demo.Pkg", total_size=5000, max_total_size=5000)
    with pytest.raises(ProjectTooLarge):
        checks.refuse_project_over_total(make_upload())


def test_a_zero_project_limit_is_no_limit(make_upload: UploadFactory) -> None:
    checks.refuse_project_over_total(make_upload(rules=UploadRules(max_project_size=0)))


# --- creation rate -------------------------------------------------------------------------

LIMITED = UploadRules(creations_per_hour_per_user=3, creations_per_hour_per_address=5)


def created(ledger: MemoryLedger, count: int, user: str, address: str | None, ago: timedelta):
    for _ in range(count):
        ledger.creations.append((NOW - ago, user, address))


def test_creations_under_the_limits_pass(make_upload: UploadFactory, ledger: MemoryLedger) -> None:
    created(ledger, 2, "alice", ADDRESS, timedelta(minutes=5))
    created(ledger, 2, "bob", ADDRESS, timedelta(minutes=5))
    checks.refuse_too_many_new_projects(make_upload(rules=LIMITED))


def test_too_many_by_one_user_are_refused_with_429(
    make_upload: UploadFactory, ledger: MemoryLedger
) -> None:
    created(ledger, 3, "alice", "198.51.100.1", timedelta(minutes=59))
    with pytest.raises(
        TooManyProjectsCreated, match="user 'alice' created 3 in the last hour"
    ) as e:
        checks.refuse_too_many_new_projects(make_upload(rules=LIMITED))
    assert e.value.status == 429


def test_too_many_from_one_address_are_refused(
    make_upload: UploadFactory, ledger: MemoryLedger
) -> None:
    for user in ("bob", "carol", "dave", "erin", "frank"):
        created(ledger, 1, user, ADDRESS, timedelta(minutes=1))
    with pytest.raises(TooManyProjectsCreated, match=f"address {ADDRESS} created 5"):
        checks.refuse_too_many_new_projects(make_upload(rules=LIMITED))


def test_older_creations_do_not_count(make_upload: UploadFactory, ledger: MemoryLedger) -> None:
    created(ledger, 10, "alice", ADDRESS, timedelta(hours=1, seconds=1))
    checks.refuse_too_many_new_projects(make_upload(rules=LIMITED))


def test_uploads_to_existing_projects_are_not_counted(
    make_upload: UploadFactory, ledger: MemoryLedger
) -> None:
    created(ledger, 10, "alice", ADDRESS, timedelta(minutes=1))
    ledger.add_project("Demo.Pkg")
    checks.refuse_too_many_new_projects(make_upload(rules=LIMITED))
    assert "creations_since" not in ledger.asked


def test_zero_turns_a_limit_off(make_upload: UploadFactory, ledger: MemoryLedger) -> None:
    created(ledger, 50, "alice", ADDRESS, timedelta(minutes=1))
    off = UploadRules(creations_per_hour_per_user=0, creations_per_hour_per_address=0)
    checks.refuse_too_many_new_projects(make_upload(rules=off))
    assert "creations_since" not in ledger.asked
    checks.refuse_too_many_new_projects(
        make_upload(rules=UploadRules(creations_per_hour_per_user=0), address=None)
    )
