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
