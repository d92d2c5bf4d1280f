"""Read core metadata (`METADATA`, `PKG-INFO`) leniently into a `CoreMetadata`.

Only what identifies a distribution is checked here: Metadata-Version, Name and Version must be
present once each, the name must be a valid project name and the version must parse. Everything
else is kept as written, so that later checks (classifiers, SPDX expressions, URLs) can refuse it
with a precise message; only a Description given as a header field loses the indentation that
folds it into the header.

The file is decoded as UTF-8, which the core metadata specification requires. Files that are not
UTF-8 are decoded as latin-1 instead, which never fails: old sdists (mirrored, imported) were often
written that way, and refusing them is left to a stricter check on `Distribution.metadata_bytes`.

Control characters are refused in every field: a NUL byte cannot even be stored in PostgreSQL, and
the others have no place in text meant for people. Tab, line feed, carriage return and form feed
stay allowed, as descriptions and license texts use them.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence

from packaging.metadata import RawMetadata, parse_email
from packaging.version import InvalidVersion, Version

from stilton.distributions.errors import InvalidMetadata, quote
from stilton.distributions.filenames import is_valid_project_name
from stilton.distributions.models import CoreMetadata

_REQUIRED = (
    ("metadata_version", "Metadata-Version"),
    ("name", "Name"),
    ("version", "Version"),
)
_SINGLE_USE = (
    "summary",
    "description_content_type",
    "home_page",
    "download_url",
    "author",
    "author_email",
    "maintainer",
    "maintainer_email",
    "license",
    "license_expression",
    "requires_python",
)
_MULTIPLE_USE = (
    "license_files",
    "classifiers",
    "platforms",
    "requires_dist",
    "requires_external",
    "provides_extra",
    "provides_dist",
    "obsoletes_dist",
    "dynamic",
)
# Fields packaging parses that CoreMetadata has no place for (deprecated, or newer than 2.4).
_OTHER_FIELDS = {
    "requires": "requires",
    "provides": "provides",
    "obsoletes": "obsoletes",
    "supported_platforms": "supported-platform",
    "import_names": "import-name",
    "import_namespaces": "import-namespace",
}
_METADATA_VERSION = re.compile(r"^[0-9]+\.[0-9]+$")
# How the specification spells the fields whose names are not just title-cased, by their
# `RawMetadata` key and by their lower-case email name with `-` read as `_`.
_LABELS = {
    "author_email": "Author-email",
    "classifier": "Classifier",
    "classifiers": "Classifier",
    "download_url": "Download-URL",
    "home_page": "Home-page",
    "import_name": "Import-Name",
    "import_names": "Import-Name",
    "import_namespace": "Import-Namespace",
    "import_namespaces": "Import-Namespace",
    "license_file": "License-File",
    "license_files": "License-File",
    "maintainer_email": "Maintainer-email",
    "platform": "Platform",
    "platforms": "Platform",
    "project_url": "Project-URL",
    "project_urls": "Project-URL",
    "supported_platform": "Supported-Platform",
    "supported_platforms": "Supported-Platform",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_END_OF_HEADERS = re.compile(r"\r?\n\r?\n")
_DESCRIPTION_HEADER = re.compile(r"^description[ \t]*:", re.IGNORECASE | re.MULTILINE)
_PIPE_INDENT = "       |"


def parse_core_metadata(data: bytes) -> CoreMetadata:
    """Parse the bytes of a METADATA or PKG-INFO file; raise `InvalidMetadata` naming the field."""
    text = _decode(data)
    raw, unparsed = parse_email(text)
    metadata_version, name, version = (
        _required(raw, unparsed, key, label) for key, label in _REQUIRED
    )
    _check_identity(metadata_version, name, version)
    _refuse_control_characters(raw, unparsed)
    single = {key: _single(raw, unparsed, key) for key in _SINGLE_USE}
    multiple = {key: tuple(_as_list(raw.get(key))) for key in _MULTIPLE_USE}
    return CoreMetadata(
        metadata_version=metadata_version,
        name=name,
        version=version,
        summary=single["summary"],
        description=_description(text, raw, unparsed),
        description_content_type=single["description_content_type"],
        keywords=_keywords(raw, unparsed),
        home_page=single["home_page"],
        download_url=single["download_url"],
        author=single["author"],
        author_email=single["author_email"],
        maintainer=single["maintainer"],
        maintainer_email=single["maintainer_email"],
        license=single["license"],
        license_expression=single["license_expression"],
        license_files=multiple["license_files"],
        classifiers=multiple["classifiers"],
        platforms=multiple["platforms"],
        requires_dist=multiple["requires_dist"],
        requires_python=single["requires_python"],
        requires_external=multiple["requires_external"],
        provides_extra=multiple["provides_extra"],
        provides_dist=multiple["provides_dist"],
        obsoletes_dist=multiple["obsoletes_dist"],
        project_urls=_project_urls(raw, unparsed),
        dynamic=multiple["dynamic"],
        unparsed=_leftovers(raw, unparsed),
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _refuse_control_characters(raw: RawMetadata, unparsed: Mapping[str, Sequence[str]]) -> None:
    fields: list[tuple[str, object]] = [(key, value) for key, value in raw.items()]
    fields.extend(unparsed.items())
    for key, value in fields:
        values = list(value.items()) if isinstance(value, dict) else [value]
        for text in _strings(values):
            found = _CONTROL.search(text)
            if found is not None:
                label = field_label(key)
                shown = found.group().encode("unicode_escape").decode("ascii")
                raise InvalidMetadata(
                    key, f"Metadata field '{label}' contains the control character '{shown}'"
                )


def field_label(key: str) -> str:
    """A field as the core metadata specification spells it: `home_page`, `home-page` ->
    `Home-page`."""
    key = key.lower().replace("-", "_")
    return _LABELS.get(key) or key.replace("_", "-").title()


def _strings(value: object) -> list[str]:
    """Every string inside a field's value: a string, a list of them, or (label, URL) pairs."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []


def _required(raw: RawMetadata, unparsed: Mapping[str, Sequence[str]], key: str, label: str) -> str:
    email_name = label.lower()
    if email_name in unparsed:
        raise InvalidMetadata(key, f"Metadata field {label!r} must appear exactly once")
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidMetadata(key, f"Metadata is missing the required field {label!r}")
    return value.strip()


def _check_identity(metadata_version: str, name: str, version: str) -> None:
    if not _METADATA_VERSION.match(metadata_version):
        raise InvalidMetadata(
            "metadata_version", f"Metadata-Version {quote(metadata_version)} is not like '2.1'"
        )
    if not is_valid_project_name(name):
        raise InvalidMetadata("name", f"Name {quote(name)} is not a valid project name")
    try:
        Version(version)
    except InvalidVersion:
        raise InvalidMetadata(
            "version", f"Version {quote(version)} is not a valid version"
        ) from None


def _single(raw: RawMetadata, unparsed: Mapping[str, Sequence[str]], key: str) -> str | None:
    value = raw.get(key)
    if isinstance(value, str):
        return value
    repeated = unparsed.get(key.replace("_", "-"))
    return repeated[0] if repeated else None


def _as_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return []


def _description(text: str, raw: RawMetadata, unparsed: Mapping[str, Sequence[str]]) -> str | None:
    # Given both as a field and as the body, packaging keeps neither; the body is the newer way.
    value = raw.get("description")
    if isinstance(value, str):
        return unfold_description(value) if _has_description_header(text) else value
    both = unparsed.get("description")
    return both[-1] if both else None


def _has_description_header(text: str) -> bool:
    headers = _END_OF_HEADERS.split(text, maxsplit=1)[0]
    return _DESCRIPTION_HEADER.search(headers) is not None


def unfold_description(value: str) -> str:
    """The text of a Description given as a header field, without the indentation that keeps
    its lines inside the header: 7 spaces and a `|` before each line (the specification's
    form), or the 8 spaces setuptools and distutils wrote for years (read back as
    importlib.metadata and pkginfo do). Without this a README starting with an overlined title
    does not render, and every other one renders as one indented block."""
    first, newline, rest = value.partition("\n")
    lines = rest.split("\n")
    if all(line.startswith(_PIPE_INDENT) for line in lines if line.strip()):
        rest = "\n".join(line[len(_PIPE_INDENT) :] for line in lines)
    else:
        rest = textwrap.dedent(rest)
    return first + newline + rest


def _keywords(raw: RawMetadata, unparsed: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    lines = list(unparsed.get("keywords", ())) or [", ".join(_as_list(raw.get("keywords")))]
    keywords: list[str] = []
    for line in lines:
        words = line.split(",") if "," in line else line.split()
        keywords.extend(word.strip() for word in words if word.strip())
    return tuple(keywords)


def _project_urls(
    raw: RawMetadata, unparsed: Mapping[str, Sequence[str]]
) -> tuple[tuple[str, str], ...]:
    parsed = raw.get("project_urls")
    if isinstance(parsed, dict):
        return tuple((str(label), str(url)) for label, url in parsed.items())
    # packaging gives up on the whole field if one entry lacks a comma or a label repeats; keep
    # every entry, in order, with an empty label where there is none.
    urls: list[tuple[str, str]] = []
    for entry in unparsed.get("project-url", ()):
        label, comma, url = entry.partition(",")
        urls.append((label.strip(), url.strip()) if comma else ("", entry.strip()))
    return tuple(urls)


def _leftovers(
    raw: RawMetadata, unparsed: Mapping[str, Sequence[str]]
) -> tuple[tuple[str, str], ...]:
    pairs = [(name, value) for name in sorted(unparsed) for value in unparsed[name]]
    for key, name in _OTHER_FIELDS.items():
        value = raw.get(key)
        values = [value] if isinstance(value, str) else _as_list(value)
        pairs.extend((name, item) for item in values)
    return tuple(pairs)
