from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from stilton.db import models
from stilton.search import build_document, latest_release, read_dependencies, version_key


@dataclass(frozen=True)
class Entry:
    version: str
    yanked: bool = False


@pytest.mark.parametrize(
    ("releases", "latest"),
    [
        ([Entry("1.0"), Entry("2.0")], "2.0"),
        ([Entry("1.0"), Entry("2.0b1")], "1.0"),
        ([Entry("1.0"), Entry("2.0", yanked=True)], "1.0"),
        ([Entry("1.0", yanked=True), Entry("2.0rc1")], "2.0rc1"),
        ([Entry("0.1a1")], "0.1a1"),
    ],
)
def test_the_latest_release_is_the_newest_final_that_is_not_yanked(
    releases: list[Entry], latest: str
) -> None:
    assert latest_release(releases).version == latest


def test_versions_sort_as_pep_440_says() -> None:
    versions = ["1.10", "1.9", "1.0.post1", "1.0", "1.0rc1", "not-a-version"]
    assert sorted(versions, key=version_key) == [
        "not-a-version",
        "1.0rc1",
        "1.0",
        "1.0.post1",
        "1.9",
        "1.10",
    ]


def test_requirements_are_read_per_extra_with_their_conditions() -> None:
    found = read_dependencies(
        [
            "Requests[socks]>=2.0,<3",
            'tomli; python_version < "3.11"',
            "uvloop>=0.17; extra == 'speed' and sys_platform != 'win32'",
            'rich; extra == "cli" or extra == "all"',
            "ujson; (sys_platform == 'linux') and extra == 'speed'",
            "not a requirement !!",
        ]
    )
    rows = [(d.normalized_name, d.extra, d.specifier, d.extras, d.marker) for d in found]
    assert rows == [
        ("requests", "", "<3,>=2.0", ("socks",), None),
        ("tomli", "", "", (), 'python_version < "3.11"'),
        ("uvloop", "speed", ">=0.17", (), 'sys_platform != "win32"'),
        ("rich", "cli", "", (), None),
        ("rich", "all", "", (), None),
        ("ujson", "speed", "", (), 'sys_platform == "linux"'),
    ]


def test_a_document_flattens_the_release_into_words() -> None:
    project = models.Project(
        id=7, name="Cheddar_App", normalized_name="cheddar-app", last_serial=42
    )
    release = models.Release(
        version="2.0",
        created=datetime(2026, 1, 1, tzinfo=UTC),
        summary="  A blue cheese app ",
        description="Mature **Stilton**.",
        keywords=["cheese", "Blue"],
        classifiers=["Typing :: Typed", "Typing :: Typed", "Framework :: Django"],
        requires_dist=["cheddar-lib>=1", "cheddar_app[x]; extra == 'all'", "rich; extra == 'cli'"],
    )
    document, classifiers, dependencies = build_document(project, release)
    assert (document.project_id, document.serial, document.version) == (7, 42, "2.0")
    assert document.summary == "A blue cheese app"
    assert document.name_words == "cheddar app"
    assert document.keywords_words == "cheese blue"
    assert document.description_words == "mature stilton"
    assert [c.classifier for c in classifiers] == ["Framework :: Django", "Typing :: Typed"]
    assert [(d.dependency, d.extra) for d in dependencies] == [
        ("cheddar-lib", ""),
        ("rich", "cli"),
    ]
