from __future__ import annotations

from stilton.db import models
from stilton.web.presenting import (
    Link,
    classifier_groups,
    install_command,
    license_of,
    people,
    project_links,
)


def release(**fields: object) -> models.Release:
    defaults: dict[str, object] = {
        "version": "1.0",
        "classifiers": [],
        "project_urls": [],
        "license": None,
        "license_expression": None,
    }
    return models.Release(**{**defaults, **fields})


def test_install_commands_point_at_this_index_only() -> None:
    assert install_command("https://pkgs.example.invalid", "Foo", None) == (
        "pip install --index-url https://pkgs.example.invalid/simple/ Foo"
    )
    assert install_command("http://x.invalid", "Foo", release(version="0.9")).endswith("Foo==0.9")


def test_links_that_are_not_web_addresses_are_shown_as_text() -> None:
    links = project_links(
        release(
            project_urls=[
                ["Homepage", "https://example.invalid/"],
                ["Evil", "javascript:alert(1)"],
                ["Broken"],
            ],
            home_page="https://example.invalid/",
            download_url="ftp://example.invalid/file",
        )
    )
    assert links == [
        Link("Homepage", "https://example.invalid/"),
        Link("Evil", None),
        Link("Download", None),
    ]


def test_the_license_prefers_the_expression_and_folds_long_texts() -> None:
    assert license_of(release(license_expression="MIT OR Apache-2.0")).short == (
        "MIT OR Apache-2.0"
    )
    assert license_of(release(license="BSD")).short == "BSD"
    long = license_of(release(license="Permission is hereby granted\n" * 10))
    assert (long.short, long.text is not None) == (None, True)
    by_classifier = license_of(release(classifiers=["License :: OSI Approved :: MIT License"]))
    assert (by_classifier.short, by_classifier.from_classifiers) == (None, ("MIT License",))


def test_classifiers_group_by_their_first_part() -> None:
    groups = classifier_groups(
        ["Framework :: Django", "Framework :: Django :: 5.0", "Typing :: Typed", "Odd"]
    )
    assert [(g.heading, [rest for _, rest in g.items]) for g in groups] == [
        ("Framework", ["Django", "Django :: 5.0"]),
        ("Typing", ["Typed"]),
        ("Odd", ["Odd"]),
    ]


def test_people_are_the_declared_author_and_maintainer() -> None:
    assert people(release(author="Ada", author_email="ada@example.invalid", maintainer=" ")) == [
        ("Author", "Ada, ada@example.invalid")
    ]


def test_history_items_mark_the_shown_latest_yanked_and_escape_everything() -> None:
    from datetime import UTC, datetime

    from stilton.search import Dependents
    from stilton.web.presenting import history_items
    from stilton.web.project_data import ProjectPage, ReleaseEntry

    def entry(number: int, version: str, **fields: object) -> ReleaseEntry:
        values: dict[str, object] = {
            "id": number,
            "version": version,
            "created": datetime(2026, 1, number, tzinfo=UTC),
            "yanked": False,
            "yanked_reason": None,
            "key": (1, version),
            "prerelease": False,
        }
        return ReleaseEntry(**{**values, **fields})  # type: ignore[arg-type]

    history = (
        entry(3, "2.0rc1", prerelease=True),
        entry(2, "1.1", yanked=True, yanked_reason="<b>broken</b>\x00"),
        entry(1, "1.0"),
    )
    page = ProjectPage(
        name="Demo",
        normalized_name="demo",
        created=history[-1].created,
        release=models.Release(id=2, version="1.1"),
        latest=history[2],
        history=history,
        files=(),
        maintainers=(),
        dependencies=(),
        dependents=Dependents(0, ()),
        readme=None,
    )
    lines = history_items(page).split("\n")
    assert lines == [
        '<li><a href="/project/demo/2.0rc1/">2.0rc1</a> <time datetime="2026-01-03">2026-01-03'
        '</time> <span class="tag">pre-release</span></li>',
        '<li class="current"><a href="/project/demo/1.1/" aria-current="page">1.1</a> '
        '<time datetime="2026-01-02">2026-01-02</time> <span class="tag tag-yanked">yanked</span> '
        '<span class="yank-reason">&lt;b&gt;broken&lt;/b&gt;</span></li>',
        '<li><a href="/project/demo/1.0/">1.0</a> <time datetime="2026-01-01">2026-01-01</time> '
        '<span class="tag tag-latest">latest</span></li>',
    ]
