"""Bounded reading of gzipped tar archives (sdists).

A tar has no index: listing it means decompressing all of it. The gzip stream is read through
`_BoundedStream` in small chunks, which counts what comes out and stops as soon as the archive
expands past the total size or the compression ratio allowed; tarfile skips member contents by
reading them through that same stream in chunks, and never holds more than one at a time. Only the
picked member's contents are kept, and never past the metadata size limit.
"""

from __future__ import annotations

import gzip
import posixpath
import struct
import tarfile
import zlib
from pathlib import Path

from stilton.distributions.archives import (
    ArchiveContents,
    BoundedTarInfo,
    MemberTally,
    Pick,
    check_metadata_size,
    check_ratio,
    format_size,
)
from stilton.distributions.errors import (
    ArchiveLimitExceeded,
    UnreadableArchive,
    UnsafeArchiveMember,
    quote,
)
from stilton.distributions.models import ArchiveLimits
from stilton.distributions.nesting import NestedArchives, nested_kind
from stilton.distributions.streams import CHUNK, CheckedStream, Readable

# Each member costs a header block, padding and perhaps a pax header beyond its own size.
_PER_MEMBER_OVERHEAD = 4 * tarfile.BLOCKSIZE
_TRAILER_ALLOWANCE = 64 * 1024
_UNREADABLE = (tarfile.TarError, EOFError, zlib.error, struct.error, OSError, ValueError)


def read_tar_gz(path: Path, limits: ArchiveLimits, pick: Pick) -> ArchiveContents:
    """List a gzipped tar's members within `limits` and read the first member `pick` chooses."""
    tally = MemberTally(limits)
    with path.open("rb") as file, gzip.GzipFile(fileobj=file, mode="rb") as gz:
        stream = _BoundedStream(gz, path.stat().st_size, tally)
        try:
            with tarfile.open(
                fileobj=stream, mode="r|", bufsize=CHUNK, tarinfo=BoundedTarInfo
            ) as archive:
                picked = _list(archive, tally, pick)
                _check_end(archive)
        except _UNREADABLE as error:
            raise UnreadableArchive(
                f"File is not a readable gzipped tar archive: {error}"
            ) from None
    return ArchiveContents(members=tally.members(), picked=picked)


def _list(archive: tarfile.TarFile, tally: MemberTally, pick: Pick) -> tuple[str, bytes] | None:
    picked: tuple[str, bytes] | None = None
    nested = NestedArchives(tally.limits)
    while (info := archive.next()) is not None:
        path = tally.add(info.name, is_dir=info.isdir(), size=info.size)
        _check_type(path, info)
        if picked is None and info.isreg() and pick(path):
            picked = (path, _read_member(archive, path, info, tally.limits))
        elif info.isreg() and (kind := nested_kind(path)) is not None:
            member = archive.extractfile(info)
            if member is not None:
                nested.check(member, path, info.size, kind)
    return picked


def _check_type(path: str, info: tarfile.TarInfo) -> None:
    if info.issym():
        # Real sdists link one file of their own tree to another (README -> docs/index.rst,
        # docutils' and pyparsing's test data); only a link that could leave the tree is refused.
        if not _stays_inside(path, info.linkname):
            raise UnsafeArchiveMember(
                f"Archive member {quote(path)} is a symbolic link to {quote(info.linkname)}"
            )
        return
    if info.islnk():
        raise UnsafeArchiveMember(
            f"Archive member {quote(path)} is a hard link to {quote(info.linkname)}"
        )
    if info.ischr() or info.isblk() or info.isfifo():
        raise UnsafeArchiveMember(f"Archive member {quote(path)} is a device or FIFO")
    if not (info.isreg() or info.isdir()):
        raise UnsafeArchiveMember(f"Archive member {quote(path)} is not a file or directory")


def _stays_inside(path: str, target: str) -> bool:
    """Whether the link resolves below the sdist's own top directory."""
    if not target or target.startswith(("/", "\\")) or "\x00" in target or ":" in target:
        return False
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
    return resolved.startswith(path.split("/", 1)[0] + "/")


def _read_member(
    archive: tarfile.TarFile, path: str, info: tarfile.TarInfo, limits: ArchiveLimits
) -> bytes:
    check_metadata_size(path, info.size, limits)
    member = archive.extractfile(info)
    if member is None:  # pragma: no cover - only regular files are picked
        raise UnreadableArchive(f"Archive member {quote(path)} cannot be read")
    with member:
        data = member.read(limits.max_metadata_size + 1)
    check_metadata_size(path, len(data), limits)
    return data


def _check_end(archive: tarfile.TarFile) -> None:
    """Refuse data after the end-of-archive marker: tarfile stops listing at a corrupt header,
    where other tools skip it and go on, so members hidden behind one would go unchecked. Reading
    to the end also makes gzip check its CRC and length."""
    stream = archive.fileobj
    while chunk := stream.read(CHUNK):
        if chunk.count(0) != len(chunk):
            raise UnreadableArchive(
                "Tar archive has data after its end (a corrupt or hidden member header)"
            )


class _BoundedStream(CheckedStream):
    """The decompressed tar stream, read in chunks, refusing to expand past the limits."""

    def __init__(self, source: Readable, compressed_size: int, tally: MemberTally) -> None:
        super().__init__(source)
        self._compressed_size = compressed_size
        self._tally = tally

    def check(self, chunk: bytes) -> None:
        limits = self._tally.limits
        allowed = (
            limits.max_total_uncompressed
            + _PER_MEMBER_OVERHEAD * (self._tally.count + 1)
            + _TRAILER_ALLOWANCE
        )
        if self.expanded > allowed:
            raise ArchiveLimitExceeded(
                f"Archive expands to more than {format_size(limits.max_total_uncompressed)}"
            )
        check_ratio("Archive", self.expanded, self._compressed_size, limits)
