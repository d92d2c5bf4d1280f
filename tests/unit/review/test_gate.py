"""The gate's decision: verdict to state, what the scanner is told about the index, and what
a rescan may change."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.version import Version

from stilton.accounts import Actor
from stilton.config import Settings, SettingsError
from stilton.projects import UnknownProject
from stilton.review import Rescanner, ScanGate, policy_from_settings
from stilton.review.states import state_for, tightened
from stilton.scanning import ScanPolicy, Verdict
from tests.builders import build_wheel
from tests.builders.flagged import build_malicious_wheel, build_suspicious_wheel
from tests.unit.review.conftest import Shelf

NETWORK = "import urllib.request\n\n\ndef fetch(url):\n    return urllib.request.urlopen(url)\n"


@pytest.mark.parametrize(
    ("verdict", "state"),
    [
        (Verdict.CLEAN, "published"),
        (Verdict.SUSPICIOUS, "held"),
        (Verdict.MALICIOUS, "quarantined"),
    ],
)
def test_each_verdict_has_its_state(verdict: Verdict, state: str) -> None:
    assert state_for(verdict) == state


@pytest.mark.parametrize(
    ("current", "verdict", "after"),
    [
        ("published", Verdict.SUSPICIOUS, "held"),
        ("published", Verdict.MALICIOUS, "quarantined"),
        ("held", Verdict.MALICIOUS, "quarantined"),
        ("held", Verdict.CLEAN, "held"),
        ("quarantined", Verdict.SUSPICIOUS, "quarantined"),
        ("quarantined", Verdict.CLEAN, "quarantined"),
        ("published", Verdict.CLEAN, "published"),
        ("rejected", Verdict.CLEAN, "rejected"),
    ],
)
def test_a_rescan_only_tightens(current: str, verdict: Verdict, after: str) -> None:
    assert tightened(current, verdict) == after


def test_uploads_are_published_held_or_quarantined_by_verdict(shelf: Shelf, tmp_path: Path) -> None:
    assert shelf.publish(build_wheel(tmp_path, "fine", "1.0")).state == "published"
    assert shelf.publish(build_suspicious_wheel(tmp_path, "hooked", "1.0")).state == "held"
    assert shelf.publish(build_malicious_wheel(tmp_path, "stealer", "1.0")).state == "quarantined"
    assert shelf.publish(build_suspicious_wheel(tmp_path, "off", "1.0"), scan=False).state == (
        "published"
    )


def test_known_projects_are_read_again_only_when_the_serial_moves(
    shelf: Shelf, tmp_path: Path
) -> None:
    generation = [1]
    gate = ScanGate(shelf.database, shelf.gate.policy, lambda: generation[0])
    assert gate.known_projects() == frozenset()
    shelf.publish(build_wheel(tmp_path, "Some.Name", "1.0"))
    assert gate.known_projects() == frozenset()
    generation[0] = 2
    assert gate.known_projects() == {"some-name"}


def test_the_previous_release_is_the_newest_earlier_published_one(
    shelf: Shelf, tmp_path: Path
) -> None:
    gate = shelf.gate
    assert gate.previous_release("fetcher", Version("1.0")) is None
    shelf.publish(build_wheel(tmp_path, "fetcher", "1.0"))
    shelf.publish(build_wheel(tmp_path, "fetcher", "2.0", modules={"fetcher/__init__.py": NETWORK}))
    shelf.publish(build_wheel(tmp_path, "fetcher", "4.0"))
    previous = gate.previous_release("fetcher", Version("3.0"))
    assert previous is not None
    assert previous.version == "2.0"
    assert "network" in previous.capabilities
    first = gate.previous_release("fetcher", Version("2.0"))
    assert first is not None
    assert first.capabilities == frozenset()
    shelf.publish(build_suspicious_wheel(tmp_path, "fetcher", "5.0"))
    previous = gate.previous_release("fetcher", Version("6.0"))
    assert previous is not None
    assert previous.version == "4.0"  # 5.0 is held: not a release anyone installs


def test_the_rescanner_reads_blobs_and_keeps_every_report(shelf: Shelf, tmp_path: Path) -> None:
    wheel = build_suspicious_wheel(tmp_path, "hooked", "1.0")
    shelf.publish(wheel, scan=False)
    gate = ScanGate(shelf.database, ScanPolicy(), lambda: 0)
    scanner = Rescanner(shelf.database, shelf.store, gate, Actor.operator("ops"))
    [target] = scanner.targets(["Hooked"])
    outcome = scanner.rescan(target)
    assert (outcome.before, outcome.after, outcome.changed) == ("published", "held", True)
    assert outcome.verdict == "suspicious"
    assert not outcome.would_publish
    lenient = Rescanner(shelf.database, shelf.store, ScanGate(
        shelf.database, ScanPolicy(suspicious_at=0.9, malicious_at=0.95), lambda: 0
    ), Actor.operator("ops"))  # fmt: skip
    again = lenient.rescan(target)
    assert (again.after, again.would_publish) == ("held", True)
    assert len(scanner.targets(None)) == 1
    with pytest.raises(UnknownProject, match="No project named 'missing'"):
        scanner.targets(["missing"])


def test_the_scan_settings_become_the_policy() -> None:
    settings = Settings.from_env(
        {
            "STILTON_SCAN_UPLOADS": "0",
            "STILTON_SCAN_SUSPICIOUS_AT": "0.4",
            "STILTON_SCAN_MALICIOUS_AT": "0.7",
            "STILTON_SCAN_TIME_BUDGET": "2.5",
            "STILTON_SCAN_CONCURRENCY": "3",
        }
    )
    assert not settings.scan_uploads
    assert settings.scan_concurrency == 3
    policy = policy_from_settings(settings)
    assert (policy.suspicious_at, policy.malicious_at, policy.time_budget) == (0.4, 0.7, 2.5)
    assert Settings.from_env({}).scan_uploads


@pytest.mark.parametrize(
    "environ",
    [
        {"STILTON_SCAN_SUSPICIOUS_AT": "0.9", "STILTON_SCAN_MALICIOUS_AT": "0.5"},
        {"STILTON_SCAN_SUSPICIOUS_AT": "0"},
        {"STILTON_SCAN_TIME_BUDGET": "0"},
        {"STILTON_SCAN_CONCURRENCY": "0"},
    ],
)
def test_unusable_scan_settings_are_refused(environ: dict[str, str]) -> None:
    with pytest.raises(SettingsError):
        Settings.from_env(environ)


@pytest.mark.parametrize(
    ("verdict", "last", "after"),
    [
        (Verdict.SUSPICIOUS, Verdict.SUSPICIOUS, "published"),  # approved as it is
        (Verdict.CLEAN, Verdict.SUSPICIOUS, "published"),
        (Verdict.MALICIOUS, Verdict.SUSPICIOUS, "quarantined"),  # worse than approved
        (Verdict.SUSPICIOUS, Verdict.CLEAN, "held"),
    ],
)
def test_an_approved_file_stays_published_until_a_rescan_finds_worse(
    verdict: Verdict, last: Verdict, after: str
) -> None:
    assert tightened("published", verdict, last) == after
