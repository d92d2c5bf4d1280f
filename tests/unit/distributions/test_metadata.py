from __future__ import annotations

import textwrap

import pytest

from stilton.distributions import CoreMetadata, InvalidMetadata, parse_core_metadata
from tests.builders import fold_description, render_metadata


def metadata(text: str) -> bytes:
    return textwrap.dedent(text).lstrip("\n").encode("utf-8")


METADATA_1_0 = metadata(
    """
    Metadata-Version: 1.0
    Name: OldThing
    Version: 0.9
    Summary: An old distribution
    Home-page: https://example.invalid/oldthing
    Author: Ada Lovelace
    Author-email: ada@example.invalid
    License: MIT
    Description: First line
            second line
    Keywords: old legacy  thing
    Platform: UNKNOWN
    """
)

METADATA_1_1 = metadata(
    """
    Metadata-Version: 1.1
    Name: classic
    Version: 1.1
    Summary: Classifiers arrive
    Download-URL: https://example.invalid/classic-1.1.tar.gz
    Classifier: Programming Language :: Python
    Classifier: License :: OSI Approved :: MIT License
    Requires: os
    Provides: classic
    """
)

METADATA_1_2 = metadata(
    """
    Metadata-Version: 1.2
    Name: middle
    Version: 1.2.0
    Maintainer: Grace Hopper
    Maintainer-email: grace@example.invalid
    Requires-Python: >=3.8
    Requires-Dist: requests>=2
    Requires-Dist: tomli; python_version < "3.11"
    Requires-External: libpq
    Provides-Dist: middle-compat
    Obsoletes-Dist: oldmiddle<1
    Project-URL: Documentation, https://docs.example.invalid/middle
    Project-URL: Source, https://code.example.invalid/middle
    """
)

METADATA_2_1 = metadata(
    """
    Metadata-Version: 2.1
    Name: modern
    Version: 2.1
    Summary: With a body
    Description-Content-Type: text/markdown; charset=UTF-8
    Provides-Extra: cli
    Requires-Dist: click; extra == "cli"
    Keywords: web,http, client

    # Modern

    The description lives in the body.
    """
)

METADATA_2_2 = metadata(
    """
    Metadata-Version: 2.2
    Name: static
    Version: 2.2
    Dynamic: Requires-Dist
    Dynamic: Provides-Extra
    """
)

METADATA_2_4 = metadata(
    """
    Metadata-Version: 2.4
    Name: licensed
    Version: 2.4
    License-Expression: MIT OR Apache-2.0
    License-File: LICENSE
    License-File: licenses/APACHE.txt
    """
)


def test_metadata_1_0():
    parsed = parse_core_metadata(METADATA_1_0)

    assert parsed.metadata_version == "1.0"
    assert parsed.name == "OldThing"
    assert parsed.version == "0.9"
    assert parsed.summary == "An old distribution"
    assert parsed.home_page == "https://example.invalid/oldthing"
    assert parsed.author == "Ada Lovelace"
    assert parsed.author_email == "ada@example.invalid"
    assert parsed.license == "MIT"
    assert parsed.description is not None
    assert parsed.description.startswith("First line")
    assert "second line" in parsed.description
    assert parsed.keywords == ("old", "legacy", "thing")
    assert parsed.platforms == ("UNKNOWN",)


def test_metadata_1_1_keeps_deprecated_fields_as_unparsed():
    parsed = parse_core_metadata(METADATA_1_1)

    assert parsed.download_url == "https://example.invalid/classic-1.1.tar.gz"
    assert parsed.classifiers == (
        "Programming Language :: Python",
        "License :: OSI Approved :: MIT License",
    )
    assert ("requires", "os") in parsed.unparsed
    assert ("provides", "classic") in parsed.unparsed


def test_metadata_1_2_multiple_use_fields():
    parsed = parse_core_metadata(METADATA_1_2)

    assert parsed.maintainer == "Grace Hopper"
    assert parsed.maintainer_email == "grace@example.invalid"
    assert parsed.requires_python == ">=3.8"
    assert parsed.requires_dist == ("requests>=2", 'tomli; python_version < "3.11"')
    assert parsed.requires_external == ("libpq",)
    assert parsed.provides_dist == ("middle-compat",)
    assert parsed.obsoletes_dist == ("oldmiddle<1",)
    assert parsed.project_urls == (
        ("Documentation", "https://docs.example.invalid/middle"),
        ("Source", "https://code.example.invalid/middle"),
    )


def test_metadata_2_1_description_in_the_body():
    parsed = parse_core_metadata(METADATA_2_1)

    assert parsed.description == "# Modern\n\nThe description lives in the body.\n"
    assert parsed.description_content_type == "text/markdown; charset=UTF-8"
    assert parsed.provides_extra == ("cli",)
    assert parsed.requires_dist == ('click; extra == "cli"',)
    assert parsed.keywords == ("web", "http", "client")


def test_metadata_2_2_dynamic():
    assert parse_core_metadata(METADATA_2_2).dynamic == ("Requires-Dist", "Provides-Extra")


def test_metadata_2_4_license_fields():
    parsed = parse_core_metadata(METADATA_2_4)

    assert parsed.license_expression == "MIT OR Apache-2.0"
    assert parsed.license_files == ("LICENSE", "licenses/APACHE.txt")
    assert parsed.license is None


def test_absent_fields_are_none_or_empty():
    parsed = parse_core_metadata(b"Metadata-Version: 2.1\nName: bare\nVersion: 1\n")

    assert parsed == CoreMetadata(
        metadata_version="2.1",
        name="bare",
        version="1",
        summary=None,
        description=None,
        description_content_type=None,
        keywords=(),
        home_page=None,
        download_url=None,
        author=None,
        author_email=None,
        maintainer=None,
        maintainer_email=None,
        license=None,
        license_expression=None,
        license_files=(),
        classifiers=(),
        platforms=(),
        requires_dist=(),
        requires_python=None,
        requires_external=(),
        provides_extra=(),
        provides_dist=(),
        obsoletes_dist=(),
        project_urls=(),
        dynamic=(),
    )


def test_what_the_builders_write_reads_back():
    data = render_metadata(
        "Round.Trip",
        "3.0",
        requires_dist=["a>1", "b"],
        requires_python=">=3.11",
        extra_metadata=[("Classifier", "Framework :: Pytest")],
    )

    parsed = parse_core_metadata(data)

    assert (parsed.name, parsed.version) == ("Round.Trip", "3.0")
    assert parsed.requires_dist == ("a>1", "b")
    assert parsed.requires_python == ">=3.11"
    assert parsed.classifiers == ("Framework :: Pytest",)
    assert parsed.unparsed == ()


def test_keywords_from_several_fields_are_joined():
    data = b"Metadata-Version: 2.1\nName: k\nVersion: 1\nKeywords: a, b\nKeywords: c d\n"

    assert parse_core_metadata(data).keywords == ("a", "b", "c", "d")


def test_project_urls_keep_repeated_labels_and_entries_without_a_label():
    data = metadata(
        """
        Metadata-Version: 2.1
        Name: urls
        Version: 1
        Project-URL: Source, https://one.example.invalid
        Project-URL: Source, https://two.example.invalid
        Project-URL: https://bare.example.invalid
        """
    )

    assert parse_core_metadata(data).project_urls == (
        ("Source", "https://one.example.invalid"),
        ("Source", "https://two.example.invalid"),
        ("", "https://bare.example.invalid"),
    )


def test_the_body_wins_over_a_description_field_and_both_are_kept():
    data = b"Metadata-Version: 2.1\nName: d\nVersion: 1\nDescription: header\n\nbody\n"

    parsed = parse_core_metadata(data)

    assert parsed.description == "body\n"
    assert ("description", "header") in parsed.unparsed


# A README that starts with an overlined title, as old sdists carry it in a header field.
OVERLINED = (
    "****\nTOML\n****\n\n.. image:: https://example.invalid/badge.svg\n    :target: x\n\nText."
)


@pytest.mark.parametrize("indent", [" " * 8, "       |"])
def test_a_description_header_field_is_unfolded(indent: str) -> None:
    data = render_metadata(
        "toml-like",
        "0.10.2",
        metadata_version="1.2",
        description=None,
        description_content_type=None,
        extra_metadata=[("Description", fold_description(OVERLINED, indent))],
    )

    assert parse_core_metadata(data).description == OVERLINED


def test_a_description_in_the_body_is_kept_as_written() -> None:
    indented = "Description: looks like a header\n        but is the body\n"
    data = render_metadata("d", "1", description=indented, description_content_type=None)

    assert parse_core_metadata(data).description == indented


def test_a_repeated_single_use_field_takes_the_first_value():
    data = b"Metadata-Version: 2.1\nName: s\nVersion: 1\nSummary: one\nSummary: two\n"

    parsed = parse_core_metadata(data)

    assert parsed.summary == "one"
    assert parsed.unparsed == (("summary", "one"), ("summary", "two"))


def test_unknown_fields_are_kept_as_unparsed():
    data = b"Metadata-Version: 2.1\nName: u\nVersion: 1\nX-Custom: yes\n"

    assert parse_core_metadata(data).unparsed == (("x-custom", "yes"),)


def test_utf8_is_read_and_latin1_is_the_fallback():
    utf8 = "Metadata-Version: 2.1\nName: u\nVersion: 1\nAuthor: Jos\u00e9\n".encode()
    latin1 = "Metadata-Version: 2.1\nName: u\nVersion: 1\nAuthor: Jos\u00e9\n".encode("latin-1")

    assert parse_core_metadata(utf8).author == "Jos\u00e9"
    assert parse_core_metadata(latin1).author == "Jos\u00e9"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (b"Name: n\nVersion: 1\n", "metadata_version", "missing the required field"),
        (b"Metadata-Version: 2.1\nVersion: 1\n", "name", "'Name'"),
        (b"Metadata-Version: 2.1\nName: n\n", "version", "'Version'"),
        (b"Metadata-Version: 2.1\nName: n\nVersion:\n", "version", "missing"),
        (b"", "metadata_version", "missing"),
        (b"\x00\xff\xfe garbage \x89PNG", "metadata_version", "missing"),
        (b"Metadata-Version: 2.1\nName: a\nName: b\nVersion: 1\n", "name", "exactly once"),
        (b"Metadata-Version: 2.1\nName: n\nVersion: 1\nVersion: 2\n", "version", "exactly once"),
        (b"Metadata-Version: 2.1\nName: n\nVersion: one\n", "version", "not a valid version"),
        (b"Metadata-Version: 2.1\nName: n\nVersion: 1.0-beta!x\n", "version", "'1.0-beta!x'"),
        (b"Metadata-Version: 2.1\nName: foo bar\nVersion: 1\n", "name", "not a valid project"),
        (b"Metadata-Version: 2.1\nName: -n\nVersion: 1\n", "name", "not a valid project"),
        (b"Metadata-Version: two\nName: n\nVersion: 1\n", "metadata_version", "'two'"),
    ],
)
def test_identity_fields_are_required_and_checked(data, field, message):
    with pytest.raises(InvalidMetadata) as raised:
        parse_core_metadata(data)

    assert raised.value.field == field
    assert raised.value.code == "invalid-metadata"
    assert message in str(raised.value)
    assert str(raised.value).isascii()


def test_a_bad_version_message_reads_well():
    with pytest.raises(InvalidMetadata) as raised:
        parse_core_metadata(b"Metadata-Version: 2.1\nName: n\nVersion: one\n")

    assert str(raised.value) == "Version 'one' is not a valid version"
