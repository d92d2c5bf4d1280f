"""What `stilton.distributions` hands out: limits, a parsed filename, metadata, a distribution."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from packaging.tags import Tag
from packaging.utils import NormalizedName
from packaging.version import Version

FileType = Literal["bdist_wheel", "sdist"]


@dataclass(frozen=True)
class ArchiveLimits:
    """Bounds on an archive, checked before anything is decompressed wherever the format allows.

    `max_ratio` is uncompressed/compressed size, per member for zips and over the whole stream for
    gzipped tars; it is only checked once the uncompressed size reaches `ratio_threshold`, so small
    and very compressible files (an empty `__init__.py`, a page of license text) never trip it.

    Archives inside the archive (a member named like a zip or a tar) are opened, never extracted,
    to count how deep they nest: at most `max_nesting` levels below the distribution, reading at
    most `max_nested_bytes` of nested archives in all.
    """

    max_members: int = 100_000
    max_total_uncompressed: int = 2 * 1024**3
    max_member_size: int = 1024**3
    max_ratio: float = 200.0
    max_metadata_size: int = 4 * 1024**2
    ratio_threshold: int = 8 * 1024**2
    # Not 1 MiB: wheels ship shared libraries of a few MiB that are mostly zero padding
    # (Pillow's 2 MiB libXau from 9 KiB); a bomb that matters is far larger.
    max_nesting: int = 3
    max_nested_bytes: int = 1024**3


@dataclass(frozen=True)
class ParsedFilename:
    """What a distribution's filename says about it."""

    filename: str
    filetype: FileType
    name: str
    """The project name as spelled in the filename."""
    normalized_name: NormalizedName
    version: Version
    python_version: str
    """A wheel's python tag field as written (`py3`, `py2.py3`, `cp311`); `source` for an sdist."""
    tags: frozenset[Tag]
    """A wheel's compatibility tags; empty for an sdist."""

    @property
    def is_wheel(self) -> bool:
        return self.filetype == "bdist_wheel"


@dataclass(frozen=True)
class CoreMetadata:
    """Core metadata as written, leniently parsed: only Metadata-Version, Name and Version are
    checked here; stricter rules belong to the callers that enforce them.

    `unparsed` keeps the (lower-case field name, value) pairs that no field above took: unknown
    fields, and known ones that could not be mapped (a single-use field given twice, whose first
    value is taken; Description given both as a field and as the body, where the body wins).
    """

    metadata_version: str
    name: str
    version: str
    summary: str | None
    description: str | None
    description_content_type: str | None
    keywords: tuple[str, ...]
    home_page: str | None
    download_url: str | None
    author: str | None
    author_email: str | None
    maintainer: str | None
    maintainer_email: str | None
    license: str | None
    license_expression: str | None
    license_files: tuple[str, ...]
    classifiers: tuple[str, ...]
    platforms: tuple[str, ...]
    requires_dist: tuple[str, ...]
    requires_python: str | None
    requires_external: tuple[str, ...]
    provides_extra: tuple[str, ...]
    provides_dist: tuple[str, ...]
    obsoletes_dist: tuple[str, ...]
    project_urls: tuple[tuple[str, str], ...]
    dynamic: tuple[str, ...]
    unparsed: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ArchiveMember:
    """One entry of an archive, as listed (its contents are never read)."""

    path: str
    """Relative, `/`-separated, no `.` or empty parts, no trailing slash."""
    is_dir: bool
    size: int


@dataclass(frozen=True)
class Distribution:
    """A wheel or sdist whose filename, archive and metadata were read and agree."""

    filename: ParsedFilename
    metadata: CoreMetadata
    metadata_bytes: bytes
    """The exact bytes of `*.dist-info/METADATA` or `PKG-INFO`: the PEP 658 metadata file."""
    serves_metadata: bool
    """Whether the index may serve `metadata_bytes` as the file's PEP 658 metadata."""
    members: tuple[ArchiveMember, ...] = ()

    @property
    def name(self) -> str:
        """The project name as the metadata spells it."""
        return self.metadata.name

    @property
    def normalized_name(self) -> NormalizedName:
        return self.filename.normalized_name

    @property
    def version(self) -> Version:
        return self.filename.version

    @property
    def filetype(self) -> FileType:
        return self.filename.filetype
