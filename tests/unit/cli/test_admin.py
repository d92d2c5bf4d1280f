"""`stilton admin`: prohibited names and per-project limits, in-process on SQLite."""

from __future__ import annotations

import getpass
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from stilton.cli.admin import SizeType
from stilton.cli.main import cli
from stilton.db import Database, models
from tests.support.records import add_project

ENV: dict[str, str | None] = {"STILTON_DATABASE_URL": None, "STILTON_DATA": None}


@pytest.fixture
def data(migrated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(getpass, "getuser", lambda: "tester")
    directory = tmp_path / "data"
    directory.mkdir()
    shutil.copyfile(migrated, directory / "stilton.db")
    database = Database(f"sqlite:///{directory / 'stilton.db'}")
    with database.session() as session:
        add_project(session, "Demo", size=500)
    database.dispose()
    return directory


def run(data: Path, *args: str, ok: bool = True) -> Result:
    result = CliRunner().invoke(cli, ["admin", *args, "--data", str(data)], env=ENV)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def rows(data: Path, model: type[models.Base]) -> list[models.Base]:
    database = Database(f"sqlite:///{data / 'stilton.db'}")
    try:
        with database.session() as session:
            return list(session.scalars(select(model)))
    finally:
        database.dispose()


def test_prohibit_stores_the_normalized_name_with_its_reason_and_who(data: Path) -> None:
    result = run(data, "prohibit", "Internal_Tools", "--reason", "the platform team's")
    assert "Prohibited the project name 'internal-tools'" in result.output
    (entry,) = rows(data, models.ProhibitedName)
    assert (entry.normalized_name, entry.reason, entry.created_by) == (
        "internal-tools", "the platform team's", "cli:tester",
    )  # fmt: skip
    listed = run(data, "prohibited").output
    assert "internal-tools" in listed
    assert "the platform team's" in listed


def test_prohibiting_again_updates_the_reason(data: Path) -> None:
    run(data, "prohibit", "secret")
    run(data, "prohibit", "SECRET", "--reason", "now with a reason")
    (entry,) = rows(data, models.ProhibitedName)
    assert entry.reason == "now with a reason"


def test_unprohibit_allows_the_name_again(data: Path) -> None:
    run(data, "prohibit", "secret")
    assert "'secret' is allowed again" in run(data, "unprohibit", "Secret").output
    assert rows(data, models.ProhibitedName) == []
    missing = run(data, "unprohibit", "secret", ok=False)
    assert missing.exit_code == 1
    assert "'secret' is not a prohibited name" in missing.output


def test_an_invalid_name_cannot_be_prohibited(data: Path) -> None:
    result = run(data, "prohibit", "not a name!", ok=False)
    assert result.exit_code == 1
    assert "is not a valid project name" in result.output


def test_limits_are_shown_set_and_put_back(data: Path) -> None:
    shown = run(data, "limits", "demo").output
    assert "Demo: 2000 bytes stored" in shown
    assert "max file size:  index default" in shown

    run(data, "limits", "demo", "--max-file-size", "200M", "--max-total-size", "20G")
    (project,) = rows(data, models.Project)
    assert (project.max_file_size, project.max_total_size) == (200 * 1024**2, 20 * 1024**3)

    run(data, "limits", "demo", "--max-file-size", "default")
    (project,) = rows(data, models.Project)
    assert (project.max_file_size, project.max_total_size) == (None, 20 * 1024**3)
    actions = [entry.action for entry in rows(data, models.JournalEntry)]
    assert actions[-1] == f"set limits file=default total={20 * 1024**3}"


def test_limits_of_an_unknown_project_are_an_error(data: Path) -> None:
    result = run(data, "limits", "nothing", "--max-file-size", "1M", ok=False)
    assert result.exit_code == 1
    assert "No project named 'nothing'" in result.output


def test_a_zero_limit_is_refused(data: Path) -> None:
    result = run(data, "limits", "demo", "--max-total-size", "0", ok=False)
    assert "at least 1 byte" in result.output


@pytest.mark.parametrize(
    ("text", "size"),
    [("100", 100), ("100M", 100 * 1024**2), ("2GiB", 2 * 1024**3), ("10kb", 10240),
     ("default", None), ("DEFAULT", None)],
)  # fmt: skip
def test_sizes_take_units(text: str, size: int | None) -> None:
    assert SizeType().convert(text, None, None) == size


def test_a_size_that_is_not_one_is_a_usage_error(data: Path) -> None:
    result = run(data, "limits", "demo", "--max-file-size", "lots", ok=False)
    assert result.exit_code == 2
    assert "is not a size" in result.output
