"""The account, role and lifecycle commands, run in-process on a SQLite data directory."""

from __future__ import annotations

import getpass
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from stilton.accounts import AccountService
from stilton.cli.main import cli
from stilton.db import Database, models
from tests.support.records import add_project, filenames

pytestmark = pytest.mark.usefixtures("cheap_hashing")
ENV: dict[str, str | None] = {"STILTON_DATABASE_URL": None, "STILTON_DATA": None}


@pytest.fixture
def data(migrated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data directory with a migrated database, users alice and bob, and project `demo`."""
    monkeypatch.setattr(getpass, "getuser", lambda: "tester")
    directory = tmp_path / "data"
    directory.mkdir()
    shutil.copyfile(migrated, directory / "stilton.db")
    database = Database(f"sqlite:///{directory / 'stilton.db'}")
    for name in ("alice", "bob"):
        AccountService(database).create_user(name, f"{name}@example.invalid", None)
    with database.session() as session:
        project = add_project(session, "demo", roles=[("alice", "Owner")])
        blobs = [f.path for r in project.releases for f in r.files]
    database.dispose()
    for key in blobs:
        (directory / "files" / key).parent.mkdir(parents=True, exist_ok=True)
        (directory / "files" / key).write_bytes(b"x" * 1000)
    return directory


def run(data: Path, *args: str, input: str | None = None, ok: bool = True) -> Result:
    result = CliRunner().invoke(cli, [*args, "--data", str(data)], input=input, env=ENV)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def as_json(result: Result) -> Any:
    return json.loads(result.stdout)


def journal(data: Path) -> list[models.JournalEntry]:
    database = Database(f"sqlite:///{data / 'stilton.db'}")
    try:
        with database.session() as session:
            return list(
                session.scalars(select(models.JournalEntry).order_by(models.JournalEntry.serial))
            )
    finally:
        database.dispose()


# Users and tokens


def test_users_are_added(data: Path) -> None:
    result = run(data, "user", "add", "carol", "--email", "c@example.invalid", "--admin")
    assert "Created user carol (admin)" in result.output
    taken = run(data, "user", "add", "carol", "--email", "c@example.invalid", ok=False)
    assert "exists already" in taken.output


def test_an_invalid_user_name_is_refused(data: Path) -> None:
    result = run(data, "user", "add", "no way", "--email", "x@example.invalid", ok=False)
    assert result.exit_code == 1
    assert "not a valid user name" in result.output


def test_a_token_is_printed_alone_and_listed_with_its_details(data: Path) -> None:
    created = run(
        data, "token", "create", "--user", "alice", "--project", "Demo", "--expires", "30d",
        "--description", "ci",
    )  # fmt: skip
    value = created.stdout.strip()
    assert value.startswith("stilton-")
    assert "\n" not in value
    (token,) = as_json(run(data, "token", "list", "--user", "alice", "--json"))
    assert value.startswith(f"stilton-{token['identifier']}.")
    assert token["projects"] == ["demo"]
    assert token["description"] == "ci"
    assert token["expires"] is not None
    assert (token["last_used"], token["status"]) == (None, "active")
    entry = journal(data)[-1]
    assert (entry.action, entry.actor, entry.subject) == (
        f"create token {token['identifier']}", "cli:tester", "alice",
    )  # fmt: skip


def test_the_token_table_shows_every_column(data: Path) -> None:
    run(data, "token", "create", "--user", "alice")
    table = run(data, "token", "list", "--user", "alice").stdout
    for heading in ("identifier", "description", "scope", "created", "expires", "last used"):
        assert heading in table
    assert "all projects" in table
    assert "never" in table


def test_a_revoked_token_is_listed_as_revoked(data: Path) -> None:
    run(data, "token", "create", "--user", "bob")
    (token,) = as_json(run(data, "token", "list", "--user", "bob", "--json"))
    run(data, "token", "revoke", token["identifier"])
    (listed,) = as_json(run(data, "token", "list", "--user", "bob", "--json"))
    assert listed["status"] == "revoked"
    again = run(data, "token", "revoke", token["identifier"], ok=False)
    assert "revoked already" in again.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["token", "create", "--user", "alice", "--expires", "soon"], "Cannot read the expiry"),
        (["token", "create", "--user", "alice", "--expires", "2001-01-01"], "in the past"),
        (["token", "create", "--user", "mallory"], "No user named 'mallory'"),
        (["token", "list", "--user", "mallory"], "No user named 'mallory'"),
        (["token", "revoke", "0123456789abcdef"], "No API token"),
    ],
)
def test_token_mistakes_are_clean_errors(data: Path, args: list[str], message: str) -> None:
    result = run(data, *args, ok=False)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


# Roles


def test_roles_can_be_added_listed_changed_and_removed(data: Path) -> None:
    run(data, "role", "add", "demo", "bob", "--role", "maintainer")
    assert as_json(run(data, "role", "list", "demo", "--json")) == [
        {"user": "alice", "role": "Owner"},
        {"user": "bob", "role": "Maintainer"},
    ]
    run(data, "role", "add", "demo", "bob", "--role", "Owner")
    run(data, "role", "remove", "demo", "alice")
    assert "bob" in run(data, "role", "list", "demo").stdout
    assert [e.action for e in journal(data)[-3:]] == [
        "add Maintainer bob",
        "change Maintainer bob to Owner",
        "remove Owner alice",
    ]


def test_the_last_owner_stays(data: Path) -> None:
    result = run(data, "role", "remove", "demo", "alice", ok=False)
    assert "no owner left" in result.output


def test_an_unknown_role_is_a_usage_error(data: Path) -> None:
    result = run(data, "role", "add", "demo", "bob", "--role", "Reader", ok=False)
    assert result.exit_code == 2


# Yank, delete, audit


def test_yank_and_unyank(data: Path) -> None:
    run(data, "yank", "demo", "1.0", "--reason", "broken wheel")
    entry = journal(data)[-1]
    assert (entry.action, entry.version, entry.actor) == ("yank release", "1.0", "cli:tester")
    again = run(data, "yank", "demo", "1.0", ok=False)
    assert "yanked already" in again.output
    run(data, "unyank", "demo", "1.0")
    assert journal(data)[-1].action == "unyank release"


def test_delete_asks_first(data: Path) -> None:
    result = run(data, "delete", "demo", input="n\n", ok=False)
    assert result.exit_code == 1
    assert "Remove the project demo" in result.output
    assert journal(data) == []


def test_delete_a_file_then_a_release_then_the_project(data: Path) -> None:
    wheel, sdist = filenames("demo", "1.0")
    blobs = sorted(p.name for p in (data / "files").rglob("*.*"))
    assert wheel in blobs
    run(data, "delete", "demo", "1.0", wheel, "--yes")
    assert wheel not in [p.name for p in (data / "files").rglob("*")]
    run(data, "delete", "demo", "1.0", "--yes")
    assert sdist not in [p.name for p in (data / "files").rglob("*")]
    run(data, "delete", "demo", input="y\n")
    assert [p for p in (data / "files").rglob("*") if p.is_file()] == []
    assert [e.action for e in journal(data)] == [
        f"remove file {wheel}",
        "remove release",
        "remove project",
    ]
    missing = run(data, "delete", "demo", "--yes", ok=False)
    assert "No project named 'demo'" in missing.output


def test_audit_by_project_and_by_user(data: Path) -> None:
    run(data, "role", "add", "demo", "bob", "--role", "Maintainer")
    run(data, "yank", "demo", "2.0")
    by_project = as_json(run(data, "audit", "--project", "demo", "--json"))
    assert [e["action"] for e in by_project] == ["yank release", "add Maintainer bob"]
    assert by_project[0]["actor"] == "cli:tester"
    by_user = as_json(run(data, "audit", "--user", "bob", "--json"))
    assert [e["action"] for e in by_user] == ["add Maintainer bob"]
    table = run(data, "audit", "--user", "cli:tester", "--limit", "1").stdout
    assert "yank release" in table
    assert "add Maintainer" not in table


@pytest.mark.parametrize("args", [[], ["--project", "demo", "--user", "bob"]])
def test_audit_needs_exactly_one_subject(data: Path, args: list[str]) -> None:
    result = run(data, "audit", *args, ok=False)
    assert result.exit_code == 2
    assert "exactly one" in result.output


def test_the_database_url_wins_over_the_data_directory(data: Path, tmp_path: Path) -> None:
    empty = tmp_path / "elsewhere"
    env = {**ENV, "STILTON_DATABASE_URL": f"sqlite:///{data / 'stilton.db'}"}
    result = CliRunner().invoke(
        cli, ["role", "list", "demo", "--json", "--data", str(empty)], env=env
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"user": "alice", "role": "Owner"}]
