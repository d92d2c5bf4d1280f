"""Checks on the core metadata inside the file, which is the truth, as strict as PyPI's.

`stilton.distributions` read it leniently (Name, Version and control characters only); here it
is validated with `packaging.metadata`, one rule per check, the most specific first.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression
from packaging.metadata import ExceptionGroup, InvalidMetadata, Metadata, RawMetadata
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version
from readme_renderer import rst
from trove_classifiers import classifiers as known_classifiers
from trove_classifiers import deprecated_classifiers

from stilton.distributions import field_label, quote
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
)
from stilton.upload.subject import Upload

METADATA_VERSIONS = ("1.0", "1.1", "1.2", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5")
MAX_SUMMARY = 512
# A private index's own classifiers: PyPI refuses them so that private code is never uploaded
# there by mistake, which is exactly what makes them right here.
PRIVATE_CLASSIFIER = "Private ::"
_LICENSE_FILES_SINCE = Version("2.4")
_RST = "text/x-rst"


def refuse_unsupported_metadata_version(upload: Upload) -> None:
    version = upload.dist.metadata.metadata_version
    if version not in METADATA_VERSIONS:
        raise MetadataVersionRefused(
            f"Metadata-Version {quote(version)} is not supported: use one of "
            f"{', '.join(METADATA_VERSIONS)}"
        )


def require_utf8_metadata(upload: Upload) -> None:
    try:
        upload.dist.metadata_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        raise MetadataEncodingRefused(
            f"The metadata file is not UTF-8 (byte {error.start} is not)"
        ) from None


def refuse_unrecognized_fields(upload: Upload) -> None:
    """Fields that are not core metadata, or that could not be read (a second Summary, a
    Project-URL without a label)."""
    unparsed = [key for key in upload.raw_metadata[1] if key != "license-file"]
    if unparsed:
        field = sorted(unparsed)[0]
        raise UnrecognizedMetadataField(
            f"Metadata field {quote(field_label(field))} is not a core metadata field, "
            "or is given in a way it cannot be read"
        )


def refuse_local_version(upload: Upload) -> None:
    version = upload.dist.version
    if version.local is not None:
        raise LocalVersionRefused(
            f"Version '{version}' has a local part ('+{version.local}'); the index takes none"
        )


def require_short_one_line_summary(upload: Upload) -> None:
    summary = upload.dist.metadata.summary
    if summary is None:
        return
    if "\n" in summary or "\r" in summary:
        raise SummaryRefused("Summary must be a single line")
    if len(summary) > MAX_SUMMARY:
        raise SummaryRefused(
            f"Summary is {len(summary)} characters long; the limit is {MAX_SUMMARY}"
        )


def require_known_classifiers(upload: Upload) -> None:
    for classifier in upload.dist.metadata.classifiers:
        if classifier.startswith(PRIVATE_CLASSIFIER):
            continue
        if classifier in deprecated_classifiers:
            replacements = deprecated_classifiers[classifier]
            advice = (
                f"use {' or '.join(quote(item) for item in replacements)} instead"
                if replacements
                else "it has no replacement"
            )
            raise ClassifierRefused(f"Classifier {quote(classifier)} is deprecated; {advice}")
        if classifier not in known_classifiers:
            raise ClassifierRefused(f"Classifier {quote(classifier)} is not a valid classifier")


def refuse_direct_url_dependencies(upload: Upload) -> None:
    for line in upload.dist.metadata.requires_dist:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue  # refused with packaging's own message by require_valid_core_metadata
        if requirement.url is not None:
            raise DirectDependencyRefused(
                f"Requires-Dist {quote(line)} is a direct URL dependency; "
                "depend on a name and a version range instead"
            )


def require_valid_requires_python(upload: Upload) -> None:
    value = upload.dist.metadata.requires_python
    if value is None:
        return
    try:
        SpecifierSet(value)
    except InvalidSpecifier:
        raise RequiresPythonRefused(
            f"Requires-Python {quote(value)} is not a valid version specifier, such as '>=3.9'"
        ) from None


def require_valid_license_expression(upload: Upload) -> None:
    value = upload.dist.metadata.license_expression
    if value is None:
        return
    try:
        canonicalize_license_expression(value)
    except InvalidLicenseExpression:
        raise LicenseExpressionRefused(
            f"License-Expression {quote(value)} is not a valid SPDX license expression"
        ) from None


def require_valid_core_metadata(upload: Upload) -> None:
    """Everything else `packaging.metadata` validates: content types, Dynamic, extras, fields
    newer than the Metadata-Version, requirement syntax, ..."""
    raw = _as_validated(upload)
    try:
        Metadata.from_raw(raw, validate=True)
    except ExceptionGroup as group:
        problems = sorted(_messages(group.exceptions))
        raise MetadataFieldRefused(f"Invalid core metadata: {problems[0]}") from None


def _as_validated(upload: Upload) -> RawMetadata:
    raw = upload.raw_metadata[0].copy()
    if raw.get("metadata_version") == "2.0":
        # 2.0 was never a standard but bdist_wheel wrote it for years; it is 2.1 without
        # Description-Content-Type and Provides-Extra, which 2.1 allows anyway.
        raw["metadata_version"] = "2.1"
    if Version(raw.get("metadata_version", "0")) < _LICENSE_FILES_SINCE:
        # setuptools wrote License-File into 2.1 metadata for years; PyPI and twine drop it.
        raw.pop("license_files", None)
    return raw


def _messages(errors: Sequence[Exception]) -> list[str]:
    found: list[str] = []
    for error in errors:
        if isinstance(error, ExceptionGroup):
            found.extend(_messages(error.exceptions))
        elif isinstance(error, InvalidMetadata):
            found.append(str(error))
        else:  # pragma: no cover - packaging raises only InvalidMetadata
            found.append(repr(error))
    return found


def require_license_files_present(upload: Upload) -> None:
    """From metadata 2.4 on, every License-File must be in the archive (PEP 639)."""
    dist = upload.dist
    if Version(dist.metadata.metadata_version) < _LICENSE_FILES_SINCE:
        return
    paths = {member.path for member in dist.members if not member.is_dir}
    metadata_dir = _metadata_directory(upload)
    for license_file in dist.metadata.license_files:
        where = f"{metadata_dir}/licenses/{license_file}" if dist.filename.is_wheel else None
        if where is None:
            where = f"{metadata_dir}/{license_file}"
        if where not in paths:
            raise LicenseFileMissing(
                f"License-File {quote(license_file)} is not in the distribution "
                f"(looked for {quote(where)})"
            )


def _metadata_directory(upload: Upload) -> str:
    """The `.dist-info` directory of a wheel, the top directory of an sdist."""
    for member in upload.dist.members:
        parts = member.path.split("/")
        if len(parts) == 2 and parts[1] in ("METADATA", "PKG-INFO"):
            return parts[0]
    return ""  # pragma: no cover - inspection found the metadata file


def require_renderable_description(upload: Upload) -> None:
    """reStructuredText (the default without Description-Content-Type) must render, as PyPI
    shows it; Markdown and plain text always do."""
    metadata = upload.dist.metadata
    description = metadata.description
    content_type = (metadata.description_content_type or _RST).split(";")[0].strip().lower()
    if description is None or content_type != _RST:
        return
    warnings = io.StringIO()
    if rst.render(description, stream=warnings) is None:
        first = warnings.getvalue().strip().splitlines()[:1] or ["no content rendered"]
        raise DescriptionRefused(
            f"The description does not render as reStructuredText: {_shorten(first[0])}"
        )


def _shorten(warning: str) -> str:
    """`<string>:6: (WARNING/2) Title underline too short.` -> `line 6: Title underline ...`."""
    location, _, rest = warning.partition(": ")
    line = location.rsplit(":", 1)[-1]
    message = rest.split(") ", 1)[-1] if rest.startswith("(") else rest
    return f"line {line}: {message}" if line.isdigit() else warning
