"""Bounded reading of zip archives (wheels, legacy zip sdists).

The central directory gives every member's sizes up front, so all limits are checked before a
single byte is inflated; only the picked member is ever decompressed, and never past the metadata
size limit.
"""

from __future__ import annotations

import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from stilton.distributions.archives import (
    ArchiveContents,
    MemberTally,
    Pick,
    check_metadata_size,
    check_ratio,
)
from stilton.distributions.errors import UnreadableArchive, UnsafeArchiveMember, quote
from stilton.distributions.models import ArchiveLimits
from stilton.distributions.nesting import NestedArchives, nested_kind
from stilton.distributions.zipshape import check_entry_count, check_zip_shape

_ENCRYPTED = 0x1
_UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    zlib.error,
    struct.error,
    OSError,
    ValueError,
    NotImplementedError,
)


def read_zip(path: Path, limits: ArchiveLimits, pick: Pick) -> ArchiveContents:
    """List a zip's members within `limits` and read the first member `pick` chooses."""
    with path.open("rb") as file:
        try:
            check_entry_count(file, limits)
            with zipfile.ZipFile(file) as archive:
                check_zip_shape(file, archive)
                contents = _read(archive, limits, pick)
                _check_nested(archive, contents, limits)
                return contents
        except _UNREADABLE as error:
            raise UnreadableArchive(f"File is not a readable zip archive: {error}") from None


def _read(archive: zipfile.ZipFile, limits: ArchiveLimits, pick: Pick) -> ArchiveContents:
    tally = MemberTally(limits)
    chosen: tuple[str, zipfile.ZipInfo] | None = None
    for info in archive.infolist():
        # orig_filename keeps what ZipInfo.filename cuts at a NUL byte.
        is_dir = info.orig_filename.endswith("/")
        path = tally.add(info.orig_filename, is_dir=is_dir, size=info.file_size)
        _check_type(path, info)
        check_ratio(_member(path), info.file_size, info.compress_size, limits)
        if chosen is None and not is_dir and pick(path):
            chosen = (path, info)
    picked = None
    if chosen is not None:
        path, info = chosen
        picked = (path, _read_member(archive, path, info, limits))
    return ArchiveContents(members=tally.members(), picked=picked)


def _check_nested(
    archive: zipfile.ZipFile, contents: ArchiveContents, limits: ArchiveLimits
) -> None:
    """Open the members named like archives, in order, to count how deep archives nest."""
    nested = NestedArchives(limits)
    for info, member in zip(archive.infolist(), contents.members, strict=True):
        kind = nested_kind(member.path)
        if kind is None or member.is_dir or info.flag_bits & _ENCRYPTED:
            continue
        with archive.open(info) as source:
            nested.check(source, member.path, info.file_size, kind)


def _check_type(path: str, info: zipfile.ZipInfo) -> None:
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise UnsafeArchiveMember(f"Archive member {quote(path)} is a symbolic link")
    if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise UnsafeArchiveMember(f"Archive member {quote(path)} is not a file or directory")


def _read_member(
    archive: zipfile.ZipFile, path: str, info: zipfile.ZipInfo, limits: ArchiveLimits
) -> bytes:
    check_metadata_size(path, info.file_size, limits)
    if info.flag_bits & _ENCRYPTED:
        raise UnreadableArchive(f"Archive member {quote(path)} is encrypted")
    with archive.open(info) as member:
        # Reading past the declared size reaches the end of the member, where the CRC is checked.
        data = member.read(limits.max_metadata_size + 1)
    check_metadata_size(path, len(data), limits)
    return data


def _member(path: str) -> Callable[[], str]:
    return lambda: f"Archive member {quote(path)}"
