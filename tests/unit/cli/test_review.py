"""`stilton review` and `stilton rescan`, in-process on SQLite with files published for real."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import update

from stilton.cli.main import cli
from stilton.db import Database, models
from tests.builders import build_wheel
from tests.builders.flagged import SUSPICIOUS_RULE, build_malicious_wheel, build_suspicious_wheel
from tests.unit.review.conftest import Shelf

ENV: dict[str, str | None] = {"STILTON_DATABASE_URL": None, "STILTON_DATA": None}


@pytest.fixture
def shelf(migrated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Shelf:
    monkeypatch.setattr(getpass, "getuser", lambda: "tester")
    directory = tmp_path / "data"
    directory.mkdir()
    (directory / "stilton.db").write_bytes(migrated.read_bytes())
    return Shelf(Database(f"sqlite:///{directory / 'stilton.db'}"), directory)


def run(shelf: Shelf, *args: str, ok: bool = True) -> Result:
    result = CliRunner().invoke(cli, [*args, "--data", str(shelf.store.root.parent)], env=ENV)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_list_and_show(shelf: Shelf, tmp_path: Path) -> None:
    held = build_suspicious_wheel(tmp_path, "hooked", "1.0")
    shelf.publish(held)
    shelf.publish(build_wheel(tmp_path, "fine", "1.0"))
    [item] = json.loads(run(shelf, "review", "list", "--json").stdout)
    assert (item["filename"], item["state"], item["uploader"]) == (held.name, "held", "alice")
    assert item["top_findings"][0].startswith(SUSPICIOUS_RULE)
    table = run(shelf, "review", "list").stdout
    assert held.name in table
    assert "fine" not in table
    shown = run(shelf, "review", "show", held.name).stdout
    assert "suspicious, score 0.55" in shown
    assert SUSPICIOUS_RULE in shown
    detail = json.loads(run(shelf, "review", "show", held.name, "--json").stdout)
    assert detail["report"]["findings"][0]["rule"] == SUSPICIOUS_RULE
    assert len(detail["history"]) == 1


def test_approve_and_reject_act_as_the_operator(shelf: Shelf, tmp_path: Path) -> None:
    held = build_suspicious_wheel(tmp_path, "hooked", "1.0")
    quarantined = build_malicious_wheel(tmp_path, "stealer", "1.0")
    shelf.publish(held)
    shelf.publish(quarantined)
    result = run(shelf, "review", "approve", held.name, "--reason", "our own hook")
    assert f"Approved {held.name}" in result.stderr
    run(shelf, "review", "reject", quarantined.name)
    audit = json.loads(run(shelf, "audit", "--project", "hooked", "--json").stdout)
    assert audit[0]["actor"] == "cli:tester"
    assert audit[0]["action"] == f"approve held file {held.name}: our own hook"
    again = run(shelf, "review", "approve", quarantined.name, ok=False)
    assert again.exit_code == 1
    assert "is rejected, not held or quarantined" in again.output
    missing = run(shelf, "review", "show", "nothing-1.0.tar.gz", ok=False)
    assert "No file named" in missing.output


def test_rescan_tightens_and_names_files_an_admin_must_approve(
    shelf: Shelf, tmp_path: Path
) -> None:
    hooked = build_suspicious_wheel(tmp_path, "hooked", "1.0")
    shelf.publish(hooked, scan=False)  # published under older rules
    shelf.publish(build_wheel(tmp_path, "fine", "1.0"))
    result = run(shelf, "rescan", "--all")
    assert "Rescanned 2 files; 1 changed state." in result.stdout
    assert hooked.name in result.stdout
    assert json.loads(run(shelf, "review", "list", "--json").stdout)[0]["state"] == "held"
    with shelf.database.session() as session:
        # Quarantined under older, stricter rules: the current ones would publish it.
        session.execute(update(models.File).values(state="quarantined"))
    result = run(shelf, "rescan", "fine")
    assert "Rescanned 1 files; 0 changed state." in result.stdout
    assert "would now be clean but stays quarantined: an admin must approve it" in result.stdout


def test_rescan_needs_projects_or_all(shelf: Shelf) -> None:
    assert run(shelf, "rescan", ok=False).exit_code == 2
    missing = run(shelf, "rescan", "missing", ok=False)
    assert missing.exit_code == 1
    assert "No project named 'missing'" in missing.output
