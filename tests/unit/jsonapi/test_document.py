"""The JSON API document built from in-memory models (no database)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from stilton.db import models
from stilton.jsonapi.document import latest_release, project_document

BASE = "https://index.example"
WHEN = datetime(2025, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)


def make_file(
    filename: str, *, state: str = "published", packagetype: str = "bdist_wheel"
) -> models.File:
    return models.File(
        filename=filename,
        packagetype=packagetype,
        python_version="py3" if packagetype == "bdist_wheel" else "source",
        requires_python=">=3.9",
        size=1234,
        sha256="a" * 64,
        blake2_256="0123" + "b" * 60,
        md5="c" * 32,
        metadata_sha256="d" * 64,
        upload_time=WHEN,
        state=state,
    )


def make_release(version: str, *files: models.File, yanked: bool = False) -> models.Release:
    return models.Release(
        version=version,
        canonical_version=version,
        created=WHEN,
        yanked=yanked,
        yanked_reason="broken" if yanked else None,
        metadata_version="2.1",
        summary=f"Demo {version}",
        description="# Demo",
        description_content_type="text/markdown",
        keywords=["cheese", "index"],
        author="Alice",
        author_email="alice@example.invalid",
        license_expression="MIT",
        license_files=["LICENSE"],
        classifiers=["Programming Language :: Python :: 3"],
        platforms=[],
        requires_dist=["httpx>=0.27"],
        requires_python=">=3.9",
        requires_external=[],
        provides_extra=[],
        provides_dist=[],
        obsoletes_dist=[],
        project_urls=[["Homepage", "https://demo.example"], ["Issues", "https://demo.example/i"]],
        dynamic=[],
        files=list(files),
    )


def make_project(*releases: models.Release) -> models.Project:
    return models.Project(
        name="Demo.Pkg", normalized_name="demo-pkg", created=WHEN, last_serial=17,
        releases=list(releases),
    )  # fmt: skip


@pytest.fixture
def project() -> models.Project:
    return make_project(
        make_release("0.9", make_file("demo_pkg-0.9-py3-none-any.whl")),
        make_release(
            "1.0",
            make_file("demo_pkg-1.0.tar.gz", packagetype="sdist"),
            make_file("demo_pkg-1.0-py3-none-any.whl"),
        ),
        make_release("2.0rc1", make_file("demo_pkg-2.0rc1-py3-none-any.whl")),
        make_release("0.5", make_file("demo_pkg-0.5-py3-none-any.whl", state="quarantined")),
    )


def test_the_top_level_shape(project: models.Project) -> None:
    document = project_document(project, None, BASE)
    assert document is not None
    assert set(document) == {"info", "last_serial", "releases", "urls", "vulnerabilities"}
    assert document["last_serial"] == 17
    assert document["vulnerabilities"] == []
    json.dumps(document)  # serializable as is


def test_releases_lists_only_published_versions_oldest_first(project: models.Project) -> None:
    document = project_document(project, None, BASE)
    assert document is not None
    assert list(document["releases"]) == ["0.9", "1.0", "2.0rc1"]


def test_info_shows_the_newest_final_release(project: models.Project) -> None:
    document = project_document(project, None, BASE)
    assert document is not None
    info = document["info"]
    assert info["version"] == "1.0"
    assert info["name"] == "Demo.Pkg"
    assert info["summary"] == "Demo 1.0"
    assert info["keywords"] == "cheese,index"
    assert info["requires_dist"] == ["httpx>=0.27"]
    assert info["requires_python"] == ">=3.9"
    assert info["project_urls"] == {
        "Homepage": "https://demo.example",
        "Issues": "https://demo.example/i",
    }
    assert info["project_url"] == f"{BASE}/project/demo-pkg/"
    assert info["release_url"] == f"{BASE}/project/demo-pkg/1.0/"
    assert info["yanked"] is False
    assert info["home_page"] == ""
    assert info["platform"] is None


def test_urls_are_the_shown_releases_files_sorted_by_name(project: models.Project) -> None:
    document = project_document(project, None, BASE)
    assert document is not None
    assert [f["filename"] for f in document["urls"]] == [
        "demo_pkg-1.0-py3-none-any.whl",
        "demo_pkg-1.0.tar.gz",
    ]


def test_a_file_entry(project: models.Project) -> None:
    document = project_document(project, None, BASE)
    assert document is not None
    entry = document["releases"]["0.9"][0]
    assert entry == {
        "comment_text": "",
        "digests": {"blake2b_256": "0123" + "b" * 60, "md5": "c" * 32, "sha256": "a" * 64},
        "downloads": -1,
        "filename": "demo_pkg-0.9-py3-none-any.whl",
        "has_sig": False,
        "md5_digest": "c" * 32,
        "packagetype": "bdist_wheel",
        "python_version": "py3",
        "requires_python": ">=3.9",
        "size": 1234,
        "upload_time": "2025-03-04T05:06:07",
        "upload_time_iso_8601": "2025-03-04T05:06:07.890123Z",
        "url": f"{BASE}/packages/01/23/{'b' * 60}/demo_pkg-0.9-py3-none-any.whl",
        "yanked": False,
        "yanked_reason": None,
    }
    assert re.fullmatch(r"\S+Z", entry["upload_time_iso_8601"])


def test_a_version_document_has_no_releases_key(project: models.Project) -> None:
    release = project.releases[0]
    document = project_document(project, release, BASE)
    assert document is not None
    assert "releases" not in document
    assert document["info"]["version"] == "0.9"
    assert [f["filename"] for f in document["urls"]] == ["demo_pkg-0.9-py3-none-any.whl"]


def test_a_release_with_only_unpublished_files_is_not_found(project: models.Project) -> None:
    assert project_document(project, project.releases[3], BASE) is None


def test_a_project_with_nothing_published_is_not_found() -> None:
    project = make_project(make_release("1.0", make_file("x-1.0.tar.gz", state="quarantined")))
    assert project_document(project, None, BASE) is None
    assert project_document(make_project(), None, BASE) is None


def test_yanked_releases_carry_their_reason() -> None:
    project = make_project(make_release("1.0", make_file("d-1.0.tar.gz"), yanked=True))
    document = project_document(project, None, BASE)
    assert document is not None
    assert document["info"]["yanked"] is True
    assert document["info"]["yanked_reason"] == "broken"
    assert document["urls"][0]["yanked"] is True
    assert document["urls"][0]["yanked_reason"] == "broken"


def test_latest_release_prefers_final_unyanked_versions() -> None:
    final = make_release("1.0")
    yanked = make_release("1.1", yanked=True)
    pre = make_release("2.0b1")
    assert latest_release([final, yanked, pre]) is final
    assert latest_release([yanked, pre]) is pre
    assert latest_release([make_release("not-a-version"), yanked]) is yanked
