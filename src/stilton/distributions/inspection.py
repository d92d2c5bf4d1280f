"""`inspect`: read a wheel or sdist statically and check that it is what its filename says.

Nothing in the archive is ever extracted, imported or run.
"""

from __future__ import annotations

from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import Version

from stilton.distributions.archives import ArchiveContents
from stilton.distributions.errors import MetadataMissing, NameMismatch, VersionMismatch, quote
from stilton.distributions.filenames import parse_filename
from stilton.distributions.layout import (
    is_sdist_metadata,
    is_wheel_metadata,
    sdist_metadata_path,
    wheel_metadata_path,
)
from stilton.distributions.metadata import parse_core_metadata
from stilton.distributions.models import ArchiveLimits, CoreMetadata, Distribution, ParsedFilename
from stilton.distributions.tars import read_tar_gz
from stilton.distributions.zips import read_zip

_DEFAULT_LIMITS = ArchiveLimits()
# PEP 643: from 2.2 on, an sdist's fields not listed in Dynamic are what its wheels will say.
_STATIC_METADATA_SINCE = Version("2.2")
_DEPENDENCY_FIELDS = frozenset({"requires-dist", "requires-python", "provides-extra"})


def inspect(path: Path, filename: str, limits: ArchiveLimits = _DEFAULT_LIMITS) -> Distribution:
    """Read the distribution stored at `path` and uploaded as `filename`.

    Raises a `DistributionError` subclass for anything the index refuses: a bad filename, an
    unreadable or oversized archive, an unsafe member, a wrong layout, missing or invalid metadata,
    or metadata whose name or version differs from the filename's.
    """
    parsed = parse_filename(filename)
    contents, expected_path = _read(path, parsed, limits)
    if contents.picked is None or contents.picked[0] != expected_path:  # pragma: no cover
        raise MetadataMissing(f"Metadata file {quote(expected_path)} could not be read")
    metadata_bytes = contents.picked[1]
    metadata = parse_core_metadata(metadata_bytes)
    _check_identity(parsed, metadata)
    return Distribution(
        filename=parsed,
        metadata=metadata,
        metadata_bytes=metadata_bytes,
        serves_metadata=_serves_metadata(parsed, metadata),
        members=contents.members,
    )


def _read(path: Path, parsed: ParsedFilename, limits: ArchiveLimits) -> tuple[ArchiveContents, str]:
    if parsed.is_wheel:
        contents = read_zip(path, limits, is_wheel_metadata)
        return contents, wheel_metadata_path(contents.members, parsed)
    if parsed.filename.endswith(".zip"):
        contents = read_zip(path, limits, is_sdist_metadata)
    else:
        contents = read_tar_gz(path, limits, is_sdist_metadata)
    return contents, sdist_metadata_path(contents.members, parsed)


def _check_identity(parsed: ParsedFilename, metadata: CoreMetadata) -> None:
    if canonicalize_name(metadata.name) != parsed.normalized_name:
        raise NameMismatch(
            f"Name in metadata {quote(metadata.name)} does not match "
            f"the filename's {quote(parsed.name)}"
        )
    if Version(metadata.version) != parsed.version:
        raise VersionMismatch(
            f"Version in metadata {quote(metadata.version)} does not match "
            f"the filename's {quote(str(parsed.version))}"
        )


def _serves_metadata(parsed: ParsedFilename, metadata: CoreMetadata) -> bool:
    """Wheels always; sdists only when their dependency metadata is static (PEP 643)."""
    if parsed.is_wheel:
        return True
    if Version(metadata.metadata_version) < _STATIC_METADATA_SINCE:
        return False
    dynamic = {field.strip().lower() for field in metadata.dynamic}
    return dynamic.isdisjoint(_DEPENDENCY_FIELDS)
