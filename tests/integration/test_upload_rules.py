"""The upload rules that read stored state, in-process on SQLite and PostgreSQL.

One index per backend for the module (rules on: a 14-day window for new files); the creation
rate limits get an index of their own. Each test works on projects of its own.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from packaging.version import Version
from sqlalchemy import select

from stilton.accounts import parse_authorization
from stilton.db import models, utcnow
from stilton.distributions import inspect
from stilton.projects.names import confusable_key
from stilton.publishing import (
    DatabaseLedger,
    IncomingFile,
    ProjectFull,
    PublishingPolicy,
    PublishTerms,
    SdistExists,
)
from tests.builders import build_sdist, build_wheel
from tests.integration.conftest import (
    BACKENDS,
    BASE_URL,
    MAX_FILE_SIZE,
    Index,
    multipart,
    running_index,
    twine_parts,
)


@pytest.fixture(scope="module", params=BACKENDS)
def rules_index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Index]:
    data_dir = tmp_path_factory.mktemp(f"rules-{request.param}")
    with running_index(
        request.param,
        data_dir,
        new_file_window_days=14,
        project_creations_per_hour_per_user=0,
        project_creations_per_hour_per_address=0,
    ) as index:
        yield index


def refused(index: Index, response: httpx.Response, status: int, *fragments: str) -> None:
    assert response.status_code == status, response.text
    for fragment in fragments:
        assert fragment in response.text, response.text
    assert index.leftovers() == frozenset()


def upload_ok(index: Index, path: Path, account: str = "alice") -> None:
    response = index.upload(path, account=account)
    assert response.status_code == 200, response.text


def incoming(path: Path) -> IncomingFile:
    data = path.read_bytes()
    return IncomingFile(
        path,
        path.name,
        len(data),
        hashlib.sha256(data).hexdigest(),
        hashlib.md5(data, usedforsecurity=False).hexdigest(),
        hashlib.blake2b(data, digest_size=32).hexdigest(),
    )


# --- files ---------------------------------------------------------------------------------


def test_a_release_takes_one_sdist(rules_index: Index, project_name: str, tmp_path: Path) -> None:
    upload_ok(rules_index, build_sdist(tmp_path, project_name, "1.0"))
    upload_ok(rules_index, build_wheel(tmp_path, project_name, "1.0.0"))  # the same release
    before = rules_index.stored()

    response = rules_index.upload(build_sdist(tmp_path, project_name, "1.0.0"))

    refused(rules_index, response, 400, "has an sdist already", f"'{project_name}-1.0.tar.gz'")
    assert rules_index.stored() == before


def test_publishing_checks_the_sdist_and_the_size_again_in_its_transaction(
    rules_index: Index, project_name: str, tmp_path: Path
) -> None:
    """What a concurrent upload could change after the checks ran is checked when recording."""
    publisher = rules_index.app.state.upload.publisher
    token = rules_index.tokens["alice"]
    identity = rules_index.accounts.authenticate(parse_authorization(f"Bearer {token}"))
    first = build_sdist(tmp_path, project_name, "1.0")
    publisher.publish(inspect(first, first.name), incoming(first), identity)
    (tmp_path / "b").mkdir()
    second = build_sdist(tmp_path / "b", project_name, "1.0.0")
    with pytest.raises(SdistExists):
        publisher.publish(inspect(second, second.name), incoming(second), identity)
    wheel = build_wheel(tmp_path, project_name, "2.0")
    with pytest.raises(ProjectFull):
        publisher.publish(
            inspect(wheel, wheel.name), incoming(wheel), identity, PublishTerms(None, 100)
        )
    assert not list((rules_index.data_dir / "files").rglob(wheel.name))


def test_a_deleted_filename_is_refused_forever(
    rules_index: Index, project_name: str, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    with rules_index.database.session() as session:
        session.add(models.DeletedFilename(filename=wheel.name, deleted=utcnow()))
    refused(rules_index, rules_index.upload(wheel), 400, "File already exists", "was deleted")


def test_an_old_release_takes_no_new_files(
    rules_index: Index, project_name: str, tmp_path: Path
) -> None:
    upload_ok(rules_index, build_wheel(tmp_path, project_name, "1.0"))
    with rules_index.database.session() as session:
        release = session.scalar(
            select(models.Release)
            .join(models.Project)
            .where(models.Project.normalized_name == project_name)
        )
        assert release is not None
        release.created = utcnow() - timedelta(days=15)
    sdist = build_sdist(tmp_path, project_name, "1.0")

    refused(rules_index, rules_index.upload(sdist), 400, "files can be added", "for 14 days only")
    upload_ok(rules_index, build_wheel(tmp_path, project_name, "1.1"))


# --- names ---------------------------------------------------------------------------------


def test_a_stdlib_name_is_refused(rules_index: Index, tmp_path: Path) -> None:
    response = rules_index.upload(build_wheel(tmp_path, "Asyncio", "1.0"))
    refused(rules_index, response, 400, "standard library module")


def test_a_prohibited_name_is_refused_until_allowed_again(
    rules_index: Index, project_name: str, tmp_path: Path
) -> None:
    policy = PublishingPolicy(rules_index.database)
    policy.prohibit(project_name.upper(), "taken by the platform team", "cli:root")
    wheel = build_wheel(tmp_path, project_name, "1.0")

    refused(rules_index, rules_index.upload(wheel), 400, "prohibited", "platform team")
    policy.unprohibit(project_name)
    upload_ok(rules_index, wheel)


def test_a_confusable_name_is_refused(rules_index: Index, tmp_path: Path) -> None:
    upload_ok(rules_index, build_wheel(tmp_path, "rules-hello-world", "1.0"))
    response = rules_index.upload(build_wheel(tmp_path, "ru1es.he11o_w0rld", "1.0"))
    refused(rules_index, response, 400, "too similar to the existing project 'rules-hello-world'")


# --- limits --------------------------------------------------------------------------------


def big_wheel(directory: Path, name: str, version: str, size: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    noise = {f"{name}/noise.bin": os.urandom(size)}
    return build_wheel(directory, name, version, extra_members=noise)


def test_a_projects_own_file_limit_applies_lower_and_higher(
    rules_index: Index, project_name: str, tmp_path: Path
) -> None:
    upload_ok(rules_index, build_wheel(tmp_path, project_name, "1.0"))
    policy = PublishingPolicy(rules_index.database)
    policy.set_limits(project_name, max_file_size=2 * MAX_FILE_SIZE, max_total_size=None)
    large = big_wheel(tmp_path / "large", project_name, "2.0", MAX_FILE_SIZE + 1024)
    upload_ok(rules_index, large)  # above the index's limit, within the project's

    policy.set_limits(project_name, max_file_size=10_000, max_total_size=None)
    medium = big_wheel(tmp_path / "medium", project_name, "3.0", 20_000)
    refused(
        rules_index,
        rules_index.upload(medium),
        400,
        f"File too large: the limit for project '{project_name}' is 10000 bytes",
    )


def test_other_projects_keep_the_index_file_limit(rules_index: Index, tmp_path: Path) -> None:
    policy = PublishingPolicy(rules_index.database)
    upload_ok(rules_index, build_wheel(tmp_path, "rules-roomy", "1.0"))
    policy.set_limits("rules-roomy", max_file_size=4 * MAX_FILE_SIZE, max_total_size=None)
    large = big_wheel(tmp_path / "large", "rules-cramped", "1.0", MAX_FILE_SIZE + 1024)
    response = rules_index.upload(large)
    refused(rules_index, response, 400, f"File too large: the limit is {MAX_FILE_SIZE} bytes")


def test_a_project_stops_at_its_total(
    rules_index: Index, project_name: str, tmp_path: Path
) -> None:
    first = build_wheel(tmp_path, project_name, "1.0")
    upload_ok(rules_index, first)
    policy = PublishingPolicy(rules_index.database)
    limits = policy.set_limits(
        project_name, max_file_size=None, max_total_size=first.stat().st_size + 100
    )
    assert limits.total_size == first.stat().st_size

    response = rules_index.upload(build_wheel(tmp_path, project_name, "2.0"))

    refused(rules_index, response, 400, "Project too large", "the limit is")


# --- creation rate -------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_project_creations_are_limited_per_user_and_per_address(
    backend: str, tmp_path: Path
) -> None:
    with running_index(
        backend,
        tmp_path,
        project_creations_per_hour_per_user=2,
        project_creations_per_hour_per_address=3,
    ) as index:

        def upload(name: str, account: str, address: str) -> httpx.Response:
            body, content_type = multipart(twine_parts(build_wheel(tmp_path, name, "1.0")))
            auth = ("__token__", index.tokens[account])
            transport = httpx.ASGITransport(index.app, client=(address, 4711))

            async def post() -> httpx.Response:
                async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
                    return await client.post(
                        "/legacy/", content=body, headers={"Content-Type": content_type}, auth=auth
                    )

            return index.portal.call(post)

        for name in ("rate-a1", "rate-a2"):
            assert upload(name, "alice", "192.0.2.1").status_code == 200
        by_user = upload("rate-a3", "alice", "198.51.100.1")
        assert (by_user.status_code, by_user.reason_phrase) == (429, "Too Many Requests")
        assert "user 'alice' created 2 in the last hour" in by_user.text
        assert upload("rate-b1", "bob", "192.0.2.1").status_code == 200
        by_address = upload("rate-b2", "bob", "192.0.2.1")
        assert by_address.status_code == 429
        assert "address 192.0.2.1 created 3" in by_address.text
        assert upload("rate-b3", "bob", "203.0.113.9").status_code == 200
        # Files for projects that exist are never limited.
        (tmp_path / "more").mkdir()
        with_version = build_wheel(tmp_path / "more", "rate-a1", "2.0")
        assert index.upload(with_version).status_code == 200

        with index.database.session() as session:
            creations = {
                entry.name: entry.client_ip
                for entry in session.scalars(
                    select(models.JournalEntry).where(models.JournalEntry.action == "create")
                )
            }
        assert creations == {
            "rate-a1": "192.0.2.1",
            "rate-a2": "192.0.2.1",
            "rate-b1": "192.0.2.1",
            "rate-b3": "203.0.113.9",
        }
        ledger = DatabaseLedger(index.database)
        assert ledger.creations_since(utcnow() - timedelta(hours=1), "bob", "192.0.2.1") == (2, 3)


# --- control characters --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("Keywords", "a\x00b"), ("Author", "nul\x00"), ("Maintainer", "bell\x07")],
)
def test_control_characters_in_metadata_are_refused(
    rules_index: Index, project_name: str, tmp_path: Path, field: str, value: str
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0", extra_metadata=[(field, value)])
    before = rules_index.stored()
    rules_index.assert_refused(
        rules_index.upload(wheel), 400, f"Metadata field '{field}'", "control character",
        before=before,
    )  # fmt: skip


# --- the ledger the checks read --------------------------------------------------------------


def test_the_ledger_answers_from_the_database(
    rules_index: Index, project_name: str, tmp_path: Path
) -> None:
    ledger = DatabaseLedger(rules_index.database)
    sdist = build_sdist(tmp_path, project_name, "1.0")
    upload_ok(rules_index, sdist)
    sha256 = hashlib.sha256(sdist.read_bytes()).hexdigest()

    facts = ledger.project(project_name)
    assert facts is not None
    assert (facts.name, facts.total_size) == (project_name, sdist.stat().st_size)
    assert (facts.max_file_size, facts.max_total_size) == (None, None)
    assert ledger.project(project_name + "-none") is None
    assert ledger.confusable_owner(confusable_key(project_name.upper())) == project_name
    assert ledger.file_sha256(sdist.name) == sha256
    assert ledger.filename_with_contents(sha256) == sdist.name
    assert ledger.was_deleted(sdist.name) is False
    assert ledger.sdist_of(project_name, Version("1.0.0")) == sdist.name
    assert ledger.sdist_of(project_name, Version("1.1")) is None
    created = ledger.release_created(project_name, Version("1"))
    assert created is not None
    assert utcnow() - created < timedelta(minutes=5)
    assert ledger.prohibited_reason(project_name) is None
    PublishingPolicy(rules_index.database).prohibit(project_name)
    assert ledger.prohibited_reason(project_name) == ""
    PublishingPolicy(rules_index.database).unprohibit(project_name)
    limit = (ledger.largest_file_limit() or 0) + 1
    PublishingPolicy(rules_index.database).set_limits(
        project_name, max_file_size=limit, max_total_size=None
    )
    assert ledger.largest_file_limit() == limit
    PublishingPolicy(rules_index.database).set_limits(
        project_name, max_file_size=None, max_total_size=None
    )
