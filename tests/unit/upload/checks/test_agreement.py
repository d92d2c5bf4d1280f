from __future__ import annotations

from pathlib import Path

import pytest

from stilton.upload.checks import agreement as checks
from stilton.upload.errors import FormMetadataMismatch
from tests.builders import build_legacy_sdist, build_wheel, fold_description
from tests.unit.upload.conftest import UploadFactory

# --- name and version ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Demo.Pkg", "demo-pkg", "DEMO_PKG", "demo.pkg", "demo__pkg"])
def test_any_spelling_of_the_name_passes(make_upload: UploadFactory, name: str) -> None:
    checks.require_form_name_matches(make_upload(name=name))


def test_no_name_passes(make_upload: UploadFactory) -> None:
    checks.require_form_name_matches(make_upload())


@pytest.mark.parametrize("name", ["other", "demo", "demo-pkg2", ""])
def test_another_name_is_refused(make_upload: UploadFactory, name: str) -> None:
    with pytest.raises(FormMetadataMismatch, match="'name'") as caught:
        checks.require_form_name_matches(make_upload(name=name))
    assert "Demo.Pkg" in caught.value.message


@pytest.mark.parametrize("version", ["1.0", "1", "1.0.0", "v1.0", "1.0.0.0"])
def test_equal_versions_pass(make_upload: UploadFactory, version: str) -> None:
    checks.require_form_version_matches(make_upload(version=version))


def test_no_version_passes(make_upload: UploadFactory) -> None:
    checks.require_form_version_matches(make_upload())


@pytest.mark.parametrize("version", ["1.1", "1.0.post1", "1.0rc1", "not a version", ""])
def test_another_version_is_refused(make_upload: UploadFactory, version: str) -> None:
    with pytest.raises(FormMetadataMismatch, match="'version'"):
        checks.require_form_version_matches(make_upload(version=version))


# --- every other field the form repeats ------------------------------------------------------

DETAILS = [
    ("Keywords", "cheese, blue,  veined"),
    ("Author-email", "Ada <ada@example.invalid>"),
    ("Home-page", "https://example.invalid"),
    ("Classifier", "Topic :: Software Development"),
    ("Classifier", "Programming Language :: Python :: 3"),
    ("Project-URL", "Homepage, https://example.invalid/app"),
    ("Project-URL", "Issues, https://example.invalid/app/issues"),
    ("Provides-Extra", "cli"),
    ("Platform", "linux"),
]
DESCRIPTION = "# Title\r\n\r\nA line with trailing blanks   \nend\n"


@pytest.fixture
def detailed(tmp_path: Path) -> Path:
    return build_wheel(
        tmp_path,
        "demo",
        "1.0",
        requires_python=">=3.9",
        requires_dist=["httpx>=0.27", "rich; extra == 'cli'"],
        extra_metadata=DETAILS,
        description=DESCRIPTION,
    )


# What twine 7 sent for that wheel (uv sends the same, but keywords as written).
TWINE_FIELDS: dict[str, str | list[str]] = {
    "metadata_version": "2.1",
    "summary": "A distribution built at test time",
    "description": DESCRIPTION,
    "description_content_type": "text/markdown",
    "keywords": "cheese, blue, veined",
    "author_email": "Ada <ada@example.invalid>",
    "home_page": "https://example.invalid",
    "classifiers": ["Topic :: Software Development", "Programming Language :: Python :: 3"],
    "project_urls": [
        "Homepage, https://example.invalid/app",
        "Issues, https://example.invalid/app/issues",
    ],
    "provides_extra": "cli",
    "platform": "linux",
    "requires_dist": ["httpx>=0.27", "rich; extra == 'cli'"],
    "requires_python": ">=3.9",
}


def test_what_twine_sends_agrees(make_upload: UploadFactory, detailed: Path) -> None:
    checks.require_form_fields_match(make_upload(detailed, **TWINE_FIELDS))


def test_what_uv_sends_agrees(make_upload: UploadFactory, detailed: Path) -> None:
    fields = {**TWINE_FIELDS, "keywords": "cheese, blue,  veined"}
    checks.require_form_fields_match(make_upload(detailed, **fields))


def test_lists_in_another_order_and_text_with_other_line_endings_agree(
    make_upload: UploadFactory, detailed: Path
) -> None:
    fields = {
        **TWINE_FIELDS,
        "classifiers": list(reversed(TWINE_FIELDS["classifiers"])),
        "description": DESCRIPTION.replace("\r\n", "\n").replace("   \n", "\n"),
        "keywords": "veined blue cheese",
    }
    checks.require_form_fields_match(make_upload(detailed, **fields))


FOLDED_README = "Title\n=====\n\n  indented line\n\nEnd."


@pytest.mark.parametrize("indent", [" " * 8, "       |"])
def test_a_description_header_agrees_folded_or_not(
    make_upload: UploadFactory, tmp_path: Path, indent: str
) -> None:
    """twine 7 sends a Description header field still folded; older twines sent it unfolded."""
    folded = fold_description(FOLDED_README, indent)
    sdist = build_legacy_sdist(tmp_path, "folded", "1.0", FOLDED_README, indent)
    for sent in (folded, FOLDED_README):
        checks.require_form_fields_match(make_upload(sdist, description=sent))
    with pytest.raises(FormMetadataMismatch, match="'description'"):
        checks.require_form_fields_match(make_upload(sdist, description="Title\n=====\n\nElse."))


def test_empty_fields_agree(make_upload: UploadFactory, detailed: Path) -> None:
    empty = ["license", "download_url", "supported_platform", "maintainer", "keywords"]
    checks.require_form_fields_match(make_upload(detailed, **dict.fromkeys(empty, "")))
    checks.require_form_fields_match(make_upload(detailed, license="", platform=["linux", ""]))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("summary", "A summary only the form has", "'summary' ('A summary only the form has')"),
        ("metadata_version", "2.4", "'metadata_version' ('2.4') does not match"),
        ("description", "Other text", "'description' ('Other text')"),
        ("requires_python", ">=3.8", "'requires_python' ('>=3.8')"),
        ("author", "Someone", "'author' ('Someone') does not match the file's metadata ('')"),
        ("license_expression", "MIT", "'license_expression'"),
        ("keywords", "cheese, blue", "'keywords' ('blue, cheese')"),
        (
            "classifiers",
            ["Topic :: Software Development"],
            "'Programming Language :: Python :: 3' is missing",
        ),
        (
            "requires_dist",
            ["httpx>=0.27", "rich; extra == 'cli'", "something-else>=1"],
            "'something-else>=1' is only in the form",
        ),
        ("project_urls", "Homepage, https://example.invalid/other", "'project_urls'"),
        ("provides_extra", ["cli", "fast"], "'fast' is only in the form"),
        ("dynamic", "Requires-Dist", "'dynamic'"),
    ],
)
def test_a_field_that_disagrees_is_refused_by_name(
    make_upload: UploadFactory,
    detailed: Path,
    field: str,
    value: str | list[str],
    message: str,
) -> None:
    fields = {**TWINE_FIELDS, field: value}
    with pytest.raises(FormMetadataMismatch) as caught:
        checks.require_form_fields_match(make_upload(detailed, **fields))
    assert f"Form field '{field}'" in caught.value.message
    assert message in caught.value.message
    assert caught.value.message.isascii()


def test_fields_the_metadata_has_no_place_for_are_not_compared(
    make_upload: UploadFactory, detailed: Path
) -> None:
    extras = {"comment": "hi", "pyversion": "py3", "attestations": "[]", "requires": "os"}
    checks.require_form_fields_match(make_upload(detailed, **TWINE_FIELDS, **extras))
