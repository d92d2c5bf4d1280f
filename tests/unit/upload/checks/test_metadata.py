from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stilton.upload.checks import metadata as checks
from stilton.upload.errors import (
    ClassifierRefused,
    DescriptionRefused,
    DirectDependencyRefused,
    LicenseExpressionRefused,
    LicenseFileMissing,
    LocalVersionRefused,
    MetadataEncodingRefused,
    MetadataFieldRefused,
    MetadataVersionRefused,
    RequiresPythonRefused,
    SummaryRefused,
    UnrecognizedMetadataField,
    UploadError,
)
from stilton.upload.subject import Upload
from tests.builders import build_legacy_sdist, build_sdist, build_wheel
from tests.unit.upload.conftest import UploadFactory

Check = Callable[[Upload], None]
Wheel = Callable[..., Upload]


@pytest.fixture
def wheel_with(make_upload: UploadFactory, tmp_path: Path) -> Wheel:
    """An upload of a `demo 1.0` wheel built with these builder options."""
    count = 0

    def make(version: str = "1.0", **options: Any) -> Upload:
        nonlocal count
        count += 1
        directory = tmp_path / str(count)
        directory.mkdir()
        return make_upload(build_wheel(directory, "demo", version, **options))

    return make


def refused(
    check: Check, upload: Upload, error: type[UploadError], match: str | None
) -> UploadError:
    with pytest.raises(error, match=match) as caught:
        check(upload)
    assert caught.value.message.isascii()
    return caught.value


# --- Metadata-Version and encoding ------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5"])
def test_metadata_versions_1_0_to_2_5_pass(wheel_with: Wheel, version: str) -> None:
    upload = wheel_with(metadata_version=version, description_content_type=None)
    checks.refuse_unsupported_metadata_version(upload)
    checks.require_valid_core_metadata(upload)


@pytest.mark.parametrize("version", ["0.9", "2.6", "3.0", "1.3"])
def test_other_metadata_versions_are_refused(wheel_with: Wheel, version: str) -> None:
    refused(
        checks.refuse_unsupported_metadata_version,
        wheel_with(metadata_version=version),
        MetadataVersionRefused,
        f"Metadata-Version '{version}' is not supported",
    )


def test_utf8_metadata_passes(wheel_with: Wheel) -> None:
    checks.require_utf8_metadata(wheel_with(summary="Caf\u00e9 cr\u00e8me \u2615"))


def test_latin1_metadata_is_refused(wheel_with: Wheel) -> None:
    latin1 = b"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nSummary: caf\xe9\n"
    refused(
        checks.require_utf8_metadata,
        wheel_with(metadata_override=latin1),
        MetadataEncodingRefused,
        r"not UTF-8 \(byte 58",
    )


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ([("X-Custom", "1")], "X-Custom"),
        ([("Summary", "a second summary")], "Summary"),
        (
            [
                ("Project-URL", "Home, https://a.invalid"),
                ("Project-URL", "Home, https://b.invalid"),
            ],
            "Project-URL",
        ),
    ],
)
def test_fields_packaging_cannot_read_are_refused(
    wheel_with: Wheel, extra: list[tuple[str, str]], field: str
) -> None:
    refused(
        checks.refuse_unrecognized_fields,
        wheel_with(extra_metadata=extra),
        UnrecognizedMetadataField,
        f"Metadata field '{field}' is not a core metadata field",
    )


def test_known_fields_pass(wheel_with: Wheel) -> None:
    checks.refuse_unrecognized_fields(
        wheel_with(extra_metadata=[("Project-URL", "Home, https://example.invalid")])
    )


# --- versions, summaries, classifiers -------------------------------------------------------


def test_a_public_version_passes(wheel_with: Wheel) -> None:
    checks.refuse_local_version(wheel_with("1.0.post1"))


def test_a_local_version_is_refused(wheel_with: Wheel) -> None:
    refused(
        checks.refuse_local_version,
        wheel_with("1.0+abc"),
        LocalVersionRefused,
        r"'1\.0\+abc' has a local part \('\+abc'\)",
    )


def test_a_summary_of_512_characters_passes(wheel_with: Wheel) -> None:
    checks.require_short_one_line_summary(wheel_with(summary="s" * 512))
    checks.require_short_one_line_summary(wheel_with(summary=None))


def test_a_longer_summary_is_refused(wheel_with: Wheel) -> None:
    refused(
        checks.require_short_one_line_summary,
        wheel_with(summary="s" * 513),
        SummaryRefused,
        "513 characters long; the limit is 512",
    )


def test_a_summary_on_two_lines_is_refused(wheel_with: Wheel) -> None:
    folded = b"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nSummary: one\n two\n"
    refused(
        checks.require_short_one_line_summary,
        wheel_with(metadata_override=folded),
        SummaryRefused,
        "single line",
    )


CLASSIFIERS = [
    "Programming Language :: Python :: 3",
    "License :: OSI Approved :: MIT License",
    "Private :: Do Not Upload",
]


def test_known_and_private_classifiers_pass(wheel_with: Wheel) -> None:
    upload = wheel_with(extra_metadata=[("Classifier", c) for c in CLASSIFIERS])
    checks.require_known_classifiers(upload)


def test_an_unknown_classifier_is_refused(wheel_with: Wheel) -> None:
    refused(
        checks.require_known_classifiers,
        wheel_with(extra_metadata=[("Classifier", "Programming Language :: Cobol :: 85")]),
        ClassifierRefused,
        "'Programming Language :: Cobol :: 85' is not a valid classifier",
    )


def test_a_deprecated_classifier_is_refused_with_its_replacement(wheel_with: Wheel) -> None:
    error = refused(
        checks.require_known_classifiers,
        wheel_with(extra_metadata=[("Classifier", "Framework :: Django CMS :: 4.2")]),
        ClassifierRefused,
        "is deprecated; use 'Framework :: Django CMS :: 5.0' instead",
    )
    assert error.code == "invalid-classifier"


# --- dependencies, Requires-Python, licenses -------------------------------------------------


def test_named_dependencies_pass(wheel_with: Wheel) -> None:
    upload = wheel_with(requires_dist=["httpx>=0.27", "rich; extra == 'cli'"])
    checks.refuse_direct_url_dependencies(upload)


def test_a_direct_url_dependency_is_refused(wheel_with: Wheel) -> None:
    refused(
        checks.refuse_direct_url_dependencies,
        wheel_with(requires_dist=["httpx", "evil @ https://example.invalid/evil-1.0.whl"]),
        DirectDependencyRefused,
        "'evil @ https://example.invalid/evil-1.0.whl' is a direct URL dependency",
    )


@pytest.mark.parametrize("spec", [">=3.9", ">=3.8,<4", "~=3.10", "==3.*"])
def test_a_valid_requires_python_passes(wheel_with: Wheel, spec: str) -> None:
    checks.require_valid_requires_python(wheel_with(requires_python=spec))


@pytest.mark.parametrize("spec", [">>3", "3.9", ">=3.9;", "python>=3"])
def test_an_invalid_requires_python_is_refused(wheel_with: Wheel, spec: str) -> None:
    refused(
        checks.require_valid_requires_python,
        wheel_with(requires_python=spec),
        RequiresPythonRefused,
        "is not a valid version specifier",
    )


def test_a_valid_license_expression_passes(wheel_with: Wheel) -> None:
    upload = wheel_with(
        metadata_version="2.4", extra_metadata=[("License-Expression", "MIT OR Apache-2.0")]
    )
    checks.require_valid_license_expression(upload)
    checks.require_valid_core_metadata(upload)


@pytest.mark.parametrize("expression", ["MIT OR", "Not-A-License", "GPL-3.0+ WITH"])
def test_an_invalid_license_expression_is_refused(wheel_with: Wheel, expression: str) -> None:
    refused(
        checks.require_valid_license_expression,
        wheel_with(metadata_version="2.4", extra_metadata=[("License-Expression", expression)]),
        LicenseExpressionRefused,
        "is not a valid SPDX license expression",
    )


def test_license_files_in_the_wheel_pass(wheel_with: Wheel) -> None:
    upload = wheel_with(
        metadata_version="2.4",
        extra_metadata=[("License-File", "LICENSE"), ("License-File", "licenses/NOTICE.txt")],
        extra_members={
            "demo-1.0.dist-info/licenses/LICENSE": b"MIT",
            "demo-1.0.dist-info/licenses/licenses/NOTICE.txt": b"notice",
        },
    )
    checks.require_license_files_present(upload)


def test_a_missing_license_file_is_refused(wheel_with: Wheel) -> None:
    refused(
        checks.require_license_files_present,
        wheel_with(metadata_version="2.4", extra_metadata=[("License-File", "LICENSE")]),
        LicenseFileMissing,
        r"'LICENSE' is not in the distribution "
        r"\(looked for 'demo-1\.0\.dist-info/licenses/LICENSE'\)",
    )


def test_an_sdists_license_files_are_beside_its_pkg_info(
    make_upload: UploadFactory, tmp_path: Path
) -> None:
    options: dict[str, Any] = {
        "metadata_version": "2.4",
        "extra_metadata": [("License-File", "LICENSE")],
    }
    with_it = build_sdist(
        tmp_path, "demo", "1.0", extra_members={"demo-1.0/LICENSE": b"MIT"}, **options
    )
    checks.require_license_files_present(make_upload(with_it))
    (tmp_path / "b").mkdir()
    without = build_sdist(tmp_path / "b", "demo", "1.0", **options)
    with pytest.raises(LicenseFileMissing, match=r"looked for 'demo-1\.0/LICENSE'"):
        checks.require_license_files_present(make_upload(without))


def test_license_files_of_older_metadata_are_not_looked_for(wheel_with: Wheel) -> None:
    # setuptools wrote License-File into 2.1 metadata for years.
    upload = wheel_with(extra_metadata=[("License-File", "LICENSE")])
    checks.require_license_files_present(upload)
    checks.require_valid_core_metadata(upload)


# --- everything else packaging validates ------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"description_content_type": "text/html"}, "'description-content-type' must be one of"),
        (
            {"metadata_version": "2.2", "extra_metadata": [("Dynamic", "Name")]},
            "'name' is not allowed as a dynamic field",
        ),
        ({"extra_metadata": [("Provides-Extra", "not an extra!")]}, "'provides-extra'"),
        ({"requires_dist": ["httpx >=>= 1"]}, "'httpx >=>= 1' is invalid for 'requires-dist'"),
        (
            {"extra_metadata": [("License-Expression", "MIT")]},
            "license-expression introduced in metadata version 2.4, not 2.1",
        ),
    ],
)
def test_what_else_packaging_refuses_is_refused(
    wheel_with: Wheel, options: dict[str, Any], message: str
) -> None:
    error = refused(
        checks.require_valid_core_metadata, wheel_with(**options), MetadataFieldRefused, None
    )
    assert error.message.startswith("Invalid core metadata: ")
    assert message.lower() in error.message.lower()


def test_the_builders_metadata_is_valid(wheel_with: Wheel, make_upload: UploadFactory) -> None:
    checks.require_valid_core_metadata(wheel_with())
    checks.require_valid_core_metadata(make_upload())


# --- descriptions -------------------------------------------------------------------------

BROKEN_RST = "Title\n=====\n\n* item\ncontinued without a blank line\n"


@pytest.mark.parametrize(
    ("description", "content_type"),
    [
        ("Title\n=====\n\nSome *text*.\n", "text/x-rst"),
        ("Title\n=====\n\nSome *text*.\n", None),
        (BROKEN_RST, "text/markdown"),
        (BROKEN_RST, "text/markdown; variant=CommonMark"),
        (BROKEN_RST, "text/plain"),
        (None, None),
    ],
)
def test_descriptions_that_render_pass(
    wheel_with: Wheel, description: str | None, content_type: str | None
) -> None:
    upload = wheel_with(description=description, description_content_type=content_type)
    checks.require_renderable_description(upload)


def test_rst_in_an_old_sdists_description_header_renders(
    make_upload: UploadFactory, tmp_path: Path
) -> None:
    """The shape of a real popular sdist: Metadata-Version 1.2, a README opening with an
    overlined title, folded into the Description header with setuptools' 8 spaces."""
    readme = "****\nTOML\n****\n\nA library.\n\nInstallation\n============\n\n::\n\n  pip x\n"
    sdist = build_legacy_sdist(tmp_path, "toml-like", "0.10.2", readme)
    checks.require_renderable_description(make_upload(sdist))


def test_broken_rst_in_a_description_header_is_still_refused(
    make_upload: UploadFactory, tmp_path: Path
) -> None:
    sdist = build_legacy_sdist(tmp_path, "folded-broken", "1.0", BROKEN_RST)
    refused(
        checks.require_renderable_description,
        make_upload(sdist),
        DescriptionRefused,
        "line 5: Bullet list ends without a blank line",
    )


@pytest.mark.parametrize("content_type", ["text/x-rst", "text/x-rst; charset=UTF-8", None])
def test_rst_that_fails_to_render_is_refused_with_the_first_error(
    wheel_with: Wheel, content_type: str | None
) -> None:
    refused(
        checks.require_renderable_description,
        wheel_with(description=BROKEN_RST, description_content_type=content_type),
        DescriptionRefused,
        "does not render as reStructuredText: line 5: Bullet list ends without a blank line",
    )
