"""Checks that every metadata field the form repeats says what the file's metadata says.

The metadata inside the file is the truth (PyPI reads the form instead and does not compare).
A field left out of the form, or sent empty, agrees. Values are compared as clients send them:
list fields in any order, text with its blanks and line breaks normalized, keywords as a list
however they are joined (twine sends "a, b", uv the line as written).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from stilton.distributions import CoreMetadata, quote, unfold_description
from stilton.upload.errors import FormMetadataMismatch
from stilton.upload.subject import Upload

# form field -> CoreMetadata attribute
TEXT_FIELDS = {
    "metadata_version": "metadata_version",
    "summary": "summary",
    "description": "description",
    "description_content_type": "description_content_type",
    "home_page": "home_page",
    "download_url": "download_url",
    "author": "author",
    "author_email": "author_email",
    "maintainer": "maintainer",
    "maintainer_email": "maintainer_email",
    "license": "license",
    "license_expression": "license_expression",
    "requires_python": "requires_python",
}
LIST_FIELDS = {
    "classifiers": "classifiers",
    "platform": "platforms",
    "license_file": "license_files",
    "requires_dist": "requires_dist",
    "requires_external": "requires_external",
    "provides_extra": "provides_extra",
    "provides_dist": "provides_dist",
    "obsoletes_dist": "obsoletes_dist",
    "dynamic": "dynamic",
}


def require_form_name_matches(upload: Upload) -> None:
    declared, dist = upload.form.get("name"), upload.dist
    if declared is not None and canonicalize_name(declared) != dist.normalized_name:
        raise _mismatch("name", declared, dist.metadata.name)


def require_form_version_matches(upload: Upload) -> None:
    declared, dist = upload.form.get("version"), upload.dist
    if declared is None:
        return
    try:
        matches = Version(declared) == dist.version
    except InvalidVersion:
        matches = False
    if not matches:
        raise _mismatch("version", declared, dist.metadata.version)


def require_form_fields_match(upload: Upload) -> None:
    """Every other field the form repeats; the first that differs is named."""
    fields, metadata = upload.form.fields, upload.dist.metadata
    for field, attribute in TEXT_FIELDS.items():
        if field in fields:
            _compare_text(field, fields[field], getattr(metadata, attribute))
    for field, attribute in LIST_FIELDS.items():
        if field in fields:
            _compare_list(field, fields[field], getattr(metadata, attribute))
    if "keywords" in fields:
        _compare_keywords(fields["keywords"], metadata)
    if "project_urls" in fields:
        _compare_urls(fields["project_urls"], metadata)


def _compare_text(field: str, sent: list[str], stored: str | None) -> None:
    expected = _text(stored or "")
    for value in sent:
        if _text(value) in ("", expected):
            continue
        # twine sends a Description header field as written, still folded.
        if field == "description" and _text(unfold_description(value)) == expected:
            continue
        raise _mismatch(field, value, stored or "")


def _compare_list(field: str, sent: list[str], stored: Iterable[str]) -> None:
    normalize = str.lower if field == "dynamic" else str
    _compare_counts(
        field,
        Counter(normalize(value.strip()) for value in sent if value.strip()),
        Counter(normalize(value.strip()) for value in stored if value.strip()),
    )


def _compare_counts(field: str, given: Counter[str], expected: Counter[str]) -> None:
    if given != expected:
        extra = sorted(given - expected)
        shown, where = (
            (extra[0], "only in the form")
            if extra
            else (
                sorted(expected - given)[0],
                "missing from the form",
            )
        )
        raise FormMetadataMismatch(
            f"Form field {field!r} does not match the file's metadata: "
            f"{quote(shown, 80)} is {where}"
        )


def _compare_keywords(sent: list[str], metadata: CoreMetadata) -> None:
    given = sorted(word for line in sent for word in _words(line))
    if given and given != sorted(metadata.keywords):
        raise _mismatch("keywords", ", ".join(given), ", ".join(metadata.keywords))


def _compare_urls(sent: list[str], metadata: CoreMetadata) -> None:
    _compare_counts(
        "project_urls",
        Counter(_url(value) for value in sent if value.strip()),
        Counter(_url(f"{label}, {url}") for label, url in metadata.project_urls),
    )


def _words(line: str) -> list[str]:
    words = line.split(",") if "," in line else line.split()
    return [word.strip() for word in words if word.strip()]


def _url(value: str) -> str:
    """`Label, URL` with the blanks around both normalized."""
    label, comma, url = value.partition(",")
    return f"{label.strip()}, {url.strip()}" if comma else value.strip()


def _text(value: str) -> str:
    """Text with every run of blanks and line breaks as one space: clients unfold, dedent and
    re-end the lines of long fields (Description in the header, License) each their own way."""
    return " ".join(value.split())


def _mismatch(field: str, sent: str, stored: str) -> FormMetadataMismatch:
    return FormMetadataMismatch(
        f"Form field {field!r} ({quote(sent, 60)}) does not match the file's metadata "
        f"({quote(stored, 60)})"
    )
