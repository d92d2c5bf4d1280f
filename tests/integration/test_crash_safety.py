"""A failure after the blob is stored and before the rows commit leaves no row behind.

An unreferenced blob is allowed (it is never served: `/packages/` asks the database first); a
row that points at a missing blob is not.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from stilton.db import models
from stilton.publishing import Publisher, file_key, records
from tests.builders import build_sdist, build_wheel
from tests.integration.conftest import Index


class DiskFull(RuntimeError):
    pass


def fail_inside_the_transaction(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the File row's creation blow up after the project and release rows were added."""
    calls: list[str] = []

    def new_file(*args: Any, **kwargs: Any) -> models.File:
        row = records.new_file(*args, **kwargs)
        calls.append(row.filename)
        raise DiskFull("the database ran out of space")

    monkeypatch.setattr("stilton.publishing.publisher.new_file", new_file)
    return calls


def blob_key(path: Path) -> str:
    return file_key(hashlib.blake2b(path.read_bytes(), digest_size=32).hexdigest(), path.name)


def file_rows(index: Index, filename: str) -> list[models.File]:
    with index.database.session() as session:
        return list(session.scalars(select(models.File).where(models.File.filename == filename)))


def test_a_new_project_that_fails_to_commit_leaves_no_rows(
    index: Index, project_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    calls = fail_inside_the_transaction(monkeypatch)
    before = index.stored()

    with pytest.raises(DiskFull):
        index.upload(wheel)

    assert calls == [wheel.name]  # the failure came after the blob, inside the transaction
    after = index.stored()
    assert (after.projects, after.releases, after.files, after.journal, after.roles) == (
        before.projects,
        before.releases,
        before.files,
        before.journal,
        before.roles,
    )
    assert after.blobs >= before.blobs  # an orphan may stay, nothing else changes
    assert after.tmp == frozenset()
    assert file_rows(index, wheel.name) == []
    assert index.get(f"/simple/{project_name}/").status_code == 404
    assert index.get(f"/pypi/{project_name}/json").status_code == 404
    assert index.get(f"/packages/{blob_key(wheel)}").status_code == 404


def test_a_file_that_fails_to_commit_is_not_listed(
    index: Index, project_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 200
    page_before = index.get(f"/simple/{project_name}/").text
    journal_before = index.journal(project_name)
    sdist = build_sdist(tmp_path, project_name, "1.0")
    fail_inside_the_transaction(monkeypatch)

    with pytest.raises(DiskFull):
        index.upload(sdist)

    assert file_rows(index, sdist.name) == []
    assert [e.serial for e in index.journal(project_name)] == [e.serial for e in journal_before]
    page = index.get(f"/simple/{project_name}/")
    assert page.status_code == 200
    assert page.text == page_before
    assert sdist.name not in page.text
    assert sdist.name not in index.get(f"/pypi/{project_name}/json").text
    assert index.get(f"/packages/{blob_key(sdist)}").status_code == 404


def test_an_orphan_blob_is_never_served_and_a_retry_publishes(
    index: Index, project_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash that also skips the clean-up (the process died) leaves the blob on disk."""
    wheel = build_wheel(tmp_path, project_name, "1.0")
    fail_inside_the_transaction(monkeypatch)
    monkeypatch.setattr(Publisher, "_discard", lambda self, keys: None)

    with pytest.raises(DiskFull):
        index.upload(wheel)

    key = blob_key(wheel)
    assert key in index.blobs()  # the orphan
    assert index.get(f"/packages/{key}").status_code == 404
    assert index.get(f"/packages/{key}.metadata").status_code == 404

    monkeypatch.undo()
    response = index.upload(wheel)
    assert response.status_code == 200, response.text
    served = index.get(f"/packages/{key}")
    assert served.status_code == 200
    assert served.content == wheel.read_bytes()
    assert len(file_rows(index, wheel.name)) == 1


def test_a_blob_that_fails_to_store_leaves_nothing(
    index: Index, project_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    store = index.app.state.store

    def put(key: str, source: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "put", put)
    before = index.stored()

    with pytest.raises(OSError, match="No space left"):
        index.upload(wheel)

    assert index.stored() == before
    assert index.get(f"/simple/{project_name}/").status_code == 404
