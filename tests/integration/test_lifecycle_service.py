"""ProjectService on SQLite and PostgreSQL: rows, reservations, sizes, blobs, journal, audit."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import func, select

from stilton.accounts import Actor, Credentials, NotPermitted, UnknownUser
from stilton.db import Database, models, utcnow
from stilton.projects import ProjectService, UnknownProject
from stilton.storage import MemoryBlobStore, StorageError
from tests.integration.conftest import Index
from tests.support.records import add_project, filenames

OPERATOR = Actor.operator("tester")


class WatchingStore(MemoryBlobStore):
    """Records, at each delete, whether the file's row was already gone for other sessions."""

    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        self.deleted: list[tuple[str, bool]] = []

    def delete(self, key: str) -> None:
        filename = key.rsplit("/", 1)[-1].removesuffix(".metadata")
        with self.database.session() as session:
            row = session.scalar(select(models.File).where(models.File.filename == filename))
        self.deleted.append((key, row is None))
        super().delete(key)


class BrokenStore(MemoryBlobStore):
    def delete(self, key: str) -> None:
        raise StorageError(f"disk on fire: {key}")


@pytest.fixture
def project(index: Index, project_name: str) -> str:
    with index.database.session() as session:
        add_project(session, project_name, roles=[("alice", "Owner")], size=100)
    return project_name


def row_counts(index: Index, name: str) -> tuple[int, int, int]:
    """(releases, files, total_size) of the project."""
    with index.database.session() as session:
        project = session.scalar(
            select(models.Project).where(models.Project.normalized_name == name)
        )
        assert project is not None
        files = sum(len(r.files) for r in project.releases)
        return len(project.releases), files, project.total_size


def test_blobs_are_deleted_only_after_the_commit(index: Index, project: str) -> None:
    store = WatchingStore(index.database)
    service = ProjectService(index.database, store)
    service.remove_release(OPERATOR, project, "1.0")
    wheel, sdist = filenames(project, "1.0")
    assert {Path(key).name for key, _ in store.deleted} == {
        wheel, sdist, f"{wheel}.metadata", f"{sdist}.metadata",
    }  # fmt: skip
    assert all(row_gone for _, row_gone in store.deleted)
    assert row_counts(index, project) == (1, 2, 200)


def test_a_blob_that_cannot_be_deleted_is_logged_not_raised(
    index: Index, project: str, caplog: pytest.LogCaptureFixture
) -> None:
    service = ProjectService(index.database, BrokenStore())
    with caplog.at_level(logging.ERROR, logger="stilton.projects.lifecycle"):
        service.remove_file(OPERATOR, project, "2.0", filenames(project, "2.0")[0])
    assert "unreferenced" in caplog.text
    assert row_counts(index, project) == (2, 3, 300)


def test_removing_a_project_takes_everything_but_the_journal(index: Index, project: str) -> None:
    service = ProjectService(index.database, MemoryBlobStore())
    service.add_role(OPERATOR, project, "bob", "Maintainer")
    with index.database.session() as session:
        project_id = session.scalar(
            select(models.Project.id).where(models.Project.normalized_name == project)
        )
    serial = service.remove_project(OPERATOR, project)
    with index.database.session() as session:
        assert (
            session.scalar(select(models.Project).where(models.Project.normalized_name == project))
            is None
        )
        assert session.scalar(select(func.count()).select_from(models.Role).where(
            models.Role.project_id == project_id
        )) == 0  # fmt: skip
        reserved = session.scalars(
            select(models.DeletedFilename.filename).where(
                models.DeletedFilename.filename.like(f"{project}%")
            )
        )
        assert len(list(reserved)) == 4
    (entry,) = [e for e in index.journal(project) if e.serial == serial]
    assert (entry.action, entry.actor, entry.name) == ("remove project", "cli:tester", project)


def test_a_filename_reserved_already_is_no_conflict(index: Index, project: str) -> None:
    wheel = filenames(project, "1.0")[0]
    with index.database.session() as session:
        session.add(models.DeletedFilename(filename=wheel, deleted=utcnow()))
    ProjectService(index.database, MemoryBlobStore()).remove_release(OPERATOR, project, "1.0")
    assert row_counts(index, project) == (1, 2, 200)


def test_sizes_never_go_below_zero(index: Index, project: str) -> None:
    with index.database.session() as session:
        row = session.scalar(
            select(models.Project).where(models.Project.normalized_name == project)
        )
        assert row is not None
        row.total_size = 50
    ProjectService(index.database, MemoryBlobStore()).remove_release(OPERATOR, project, "2.0")
    assert row_counts(index, project) == (1, 2, 0)


def test_each_change_moves_the_projects_serial(index: Index, project: str) -> None:
    service = ProjectService(index.database, MemoryBlobStore())
    serials = [
        service.yank(OPERATOR, project, "1.0", "why"),
        service.unyank(OPERATOR, project, "1.0"),
        service.add_role(OPERATOR, project, "bob", "Maintainer"),
        service.remove_role(OPERATOR, project, "bob"),
        service.remove_file(OPERATOR, project, "1.0", filenames(project, "1.0")[1]),
    ]
    assert serials == sorted(serials)
    assert len(set(serials)) == len(serials)
    with index.database.session() as session:
        last = session.scalar(
            select(models.Project.last_serial).where(models.Project.normalized_name == project)
        )
    assert last == serials[-1]


def test_the_command_line_may_act_on_any_project(index: Index, project: str) -> None:
    service = ProjectService(index.database, MemoryBlobStore())
    assert [v.username for v in service.roles(OPERATOR, project)] == ["alice"]
    entries = service.project_audit(OPERATOR, project)
    assert entries == []  # rows written straight to the database have no journal
    service.yank(OPERATOR, project, "2.0")
    assert service.project_audit(OPERATOR, project)[0].actor == "cli:tester"
    assert service.user_audit(OPERATOR, "cli:tester")[0].action == "yank release"


def test_a_user_without_a_role_is_refused_and_nothing_changes(index: Index, project: str) -> None:
    service = ProjectService(index.database, MemoryBlobStore())
    identity = index.accounts.authenticate(Credentials("__token__", index.tokens["bob"]))
    with pytest.raises(NotPermitted, match="Only owners"):
        service.remove_project(Actor.user(identity), project)
    assert row_counts(index, project) == (2, 4, 400)


def test_unknown_names(index: Index, project: str) -> None:
    service = ProjectService(index.database, MemoryBlobStore())
    with pytest.raises(UnknownProject):
        service.yank(OPERATOR, "no-such-project-here", "1.0")
    with pytest.raises(UnknownUser):
        service.add_role(OPERATOR, project, "nobody", "Owner")
    with pytest.raises(UnknownProject):
        service.project_audit(OPERATOR, "no-such-project-here")
