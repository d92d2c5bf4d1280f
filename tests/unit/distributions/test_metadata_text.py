"""Control characters have no place in metadata text; NUL cannot even be stored in PostgreSQL."""

from __future__ import annotations

import pytest

from stilton.distributions import InvalidMetadata, field_label, parse_core_metadata

HEAD = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"


@pytest.mark.parametrize(
    ("line", "label", "key"),
    [
        ("Summary: nul\x00byte", "Summary", "summary"),
        ("Keywords: a\x00b", "Keywords", "keywords"),
        ("Author: bell\x07", "Author", "author"),
        ("Classifier: Topic\x1b[31m", "Classifier", "classifiers"),
        ("Project-URL: Home, https://example.invalid/\x01", "Project-URL", "project_urls"),
        ("Requires-Dist: x\x0b", "Requires-Dist", "requires_dist"),
        ("X-Unknown: \x7f", "X-Unknown", "x-unknown"),
    ],
)
def test_control_characters_are_refused_naming_the_field(line: str, label: str, key: str) -> None:
    with pytest.raises(InvalidMetadata, match=f"'{label}' contains the control character") as e:
        parse_core_metadata(f"{HEAD}{line}\n".encode())
    assert e.value.field == key
    assert e.value.code == "invalid-metadata"
    assert str(e.value).isascii()


def test_control_characters_in_the_description_body_are_refused() -> None:
    with pytest.raises(InvalidMetadata, match="'Description'"):
        parse_core_metadata(f"{HEAD}\nText\x00 and more\n".encode())


def test_tabs_line_breaks_and_form_feeds_are_text() -> None:
    license_text = "GPL\n        \x0c\n        Section\ttwo"
    metadata = parse_core_metadata(
        f"{HEAD}License: {license_text}\n\nPara\tone\r\n\x0c\r\nPara two\n".encode()
    )
    assert metadata.description is not None
    assert "\x0c" in metadata.description


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("home_page", "Home-page"),
        ("home-page", "Home-page"),
        ("project_urls", "Project-URL"),
        ("project-url", "Project-URL"),
        ("requires_dist", "Requires-Dist"),
        ("classifiers", "Classifier"),
        ("x-custom", "X-Custom"),
    ],
)
def test_fields_are_named_as_the_specification_spells_them(key: str, label: str) -> None:
    assert field_label(key) == label
