"""Why a distribution was refused.

Every refusal is one subclass of `DistributionError`, with a stable `code` slug (for metrics,
logs and the upload rules page) and a one-line, ASCII-only message a publisher can act on::

    DistributionError
     +-- InvalidFilename        invalid-filename
     +-- UnreadableArchive      unreadable-archive
     +-- ArchiveLimitExceeded   archive-limit
     +-- UnsafeArchiveMember    unsafe-member
     +-- AmbiguousArchive       ambiguous-archive
     +-- InvalidLayout          invalid-layout
     +-- MetadataMissing        metadata-missing
     +-- InvalidMetadata        invalid-metadata  (.field)
     +-- NameMismatch           name-mismatch
     +-- VersionMismatch        version-mismatch

Errors are named by what happened, as the house style asks, hence the `noqa: N818`s.
"""

from __future__ import annotations

from typing import ClassVar

_QUOTE_LIMIT = 120


def quote(value: str, limit: int = _QUOTE_LIMIT) -> str:
    """Quote a value taken from an upload for a message: ASCII only, one line, bounded length."""
    shown = value if len(value) <= limit else value[:limit] + "..."
    return "'" + "".join(_escape(ch) for ch in shown) + "'"


def _escape(ch: str) -> str:
    if ch in "\\'":
        return "\\" + ch
    if " " <= ch <= "~":
        return ch
    return ch.encode("unicode_escape").decode("ascii")


def _one_line(message: str) -> str:
    return "".join(ch if " " <= ch <= "~" else _escape(ch) for ch in message)


class DistributionError(Exception):
    """A distribution the index refuses; `str(error)` is the message for the publisher."""

    code: ClassVar[str] = "invalid-distribution"

    def __init__(self, message: str) -> None:
        self.message = _one_line(message)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class InvalidFilename(DistributionError):
    """The filename is not a wheel or sdist filename the index accepts."""

    code = "invalid-filename"


class UnreadableArchive(DistributionError):
    """The file is not a readable zip or gzipped tar (corrupt, truncated, wrong format)."""

    code = "unreadable-archive"


class ArchiveLimitExceeded(DistributionError):
    """The archive is larger than a limit allows: members, sizes or compression ratio."""

    code = "archive-limit"


class UnsafeArchiveMember(DistributionError):
    """A member could escape extraction or is not a plain file or directory."""

    code = "unsafe-member"


class AmbiguousArchive(DistributionError):
    """The file holds bytes that belong to no archive member: it could be read as something else
    too (a polyglot), or other tools could see other members than the index saw."""

    code = "ambiguous-archive"


class InvalidLayout(DistributionError):
    """The archive's top-level layout is not the one its format requires."""

    code = "invalid-layout"


class MetadataMissing(DistributionError):
    """The archive has no core metadata file (or a required sibling) where it must be."""

    code = "metadata-missing"


class InvalidMetadata(DistributionError):
    """The core metadata cannot be read; `field` names the field at fault."""

    code = "invalid-metadata"

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class NameMismatch(DistributionError):
    """The name in the metadata is not the name in the filename."""

    code = "name-mismatch"


class VersionMismatch(DistributionError):
    """The version in the metadata is not the version in the filename."""

    code = "version-mismatch"
