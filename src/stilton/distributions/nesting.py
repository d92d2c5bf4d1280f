"""Archives inside archives: opened (never extracted) to count how deep they nest.

A member is taken for an archive by its name (`.zip`, `.whl`, `.jar`, `.tar.gz`, ...). Each one is
copied into a spooled temporary file, at most `ArchiveLimits.max_nested_bytes` for the whole
distribution, and its own members are listed the same way, each level one deeper. A member
nested more than `max_nesting` levels below the distribution is refused: recursive bombs
(42.zip and its kin) nest five and more. A nested file that does not read as the archive its
name says is plain data. Every read is bounded: sizes are checked before copying, compressed
nested tars are read through a counter, and zip directories are counted before they are parsed.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import struct
import tarfile
import tempfile
import zipfile
import zlib
from typing import IO, Literal

from stilton.distributions.archives import BoundedTarInfo, check_ratio, format_size
from stilton.distributions.errors import ArchiveLimitExceeded, quote
from stilton.distributions.models import ArchiveLimits
from stilton.distributions.streams import CHUNK, CheckedStream, Readable
from stilton.distributions.zipshape import check_entry_count

Kind = Literal["zip", "tar", "tar.gz", "tar.bz2", "tar.xz"]

_SUFFIXES: tuple[tuple[str, Kind], ...] = (
    (".zip", "zip"),
    (".whl", "zip"),
    (".egg", "zip"),
    (".jar", "zip"),
    (".war", "zip"),
    (".ear", "zip"),
    (".apk", "zip"),
    (".nupkg", "zip"),
    (".tar", "tar"),
    (".tar.gz", "tar.gz"),
    (".tgz", "tar.gz"),
    (".tar.bz2", "tar.bz2"),
    (".tbz2", "tar.bz2"),
    (".tar.xz", "tar.xz"),
    (".txz", "tar.xz"),
)
_IN_MEMORY = 8 * 1024**2
_ENCRYPTED = 0x1
_NOT_AN_ARCHIVE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    tarfile.TarError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
    struct.error,
    OSError,
    ValueError,
    NotImplementedError,
)


def nested_kind(path: str) -> Kind | None:
    """The kind of archive a member's name says it is, if any."""
    lowered = path.lower()
    for suffix, kind in _SUFFIXES:
        if lowered.endswith(suffix):
            return kind
    return None


class NestedArchives:
    """Walks the archives found inside one distribution, sharing one byte budget."""

    def __init__(self, limits: ArchiveLimits) -> None:
        self.limits = limits
        self.copied = 0

    def check(self, source: IO[bytes], path: str, size: int, kind: Kind, depth: int = 1) -> None:
        """Check the archive member at `path` (`size` bytes readable from `source`)."""
        if depth > self.limits.max_nesting:
            raise ArchiveLimitExceeded(
                f"Archive member {quote(path)} nests archives more than "
                f"{self.limits.max_nesting} levels deep"
            )
        self.charge(size)
        with tempfile.SpooledTemporaryFile(max_size=_IN_MEMORY) as spool:
            try:
                copied = _copy(source, spool, size + 1)
                if copied > size:
                    raise ArchiveLimitExceeded(
                        f"Archive member {quote(path)} is larger than it says"
                    )
                spool.seek(0)
                self._walk(spool, path, copied, kind, depth)
            except _NOT_AN_ARCHIVE:
                return  # not the archive its name says: plain data, nothing nests inside

    def charge(self, size: int) -> None:
        self.copied += size
        if self.copied > self.limits.max_nested_bytes:
            raise ArchiveLimitExceeded(
                f"Nested archives hold more than {format_size(self.limits.max_nested_bytes)} in all"
            )

    def _walk(self, spool: IO[bytes], path: str, size: int, kind: Kind, depth: int) -> None:
        if kind == "zip":
            self._walk_zip(spool, path, depth)
        else:
            stream = _open_compressed(spool, kind)
            self._walk_tar(_Counted(stream, self, path, size, charge=kind != "tar"), path, depth)

    def _walk_zip(self, spool: IO[bytes], path: str, depth: int) -> None:
        check_entry_count(spool, self.limits)
        with zipfile.ZipFile(spool) as archive:
            for info in archive.infolist():
                inner = nested_kind(info.orig_filename)
                if inner is None or info.is_dir() or info.flag_bits & _ENCRYPTED:
                    continue
                where = f"{path}!{info.orig_filename}"
                check_ratio(
                    f"Archive member {quote(where)}",
                    info.file_size,
                    info.compress_size,
                    self.limits,
                )
                with archive.open(info) as member:
                    self.check(member, where, info.file_size, inner, depth + 1)

    def _walk_tar(self, stream: _Counted, path: str, depth: int) -> None:
        with tarfile.open(
            fileobj=stream, mode="r|", bufsize=CHUNK, tarinfo=BoundedTarInfo
        ) as archive:
            for _ in range(self.limits.max_members + 1):
                info = archive.next()
                if info is None:
                    return
                inner = nested_kind(info.name)
                if inner is None or not info.isreg():
                    continue
                member = archive.extractfile(info)
                if member is not None:
                    self.check(member, f"{path}!{info.name}", info.size, inner, depth + 1)
        raise ArchiveLimitExceeded(
            f"Archive member {quote(path)} has more than {self.limits.max_members} members"
        )


def _open_compressed(spool: IO[bytes], kind: Kind) -> Readable:
    if kind == "tar.gz":
        return gzip.GzipFile(fileobj=spool, mode="rb")
    if kind == "tar.bz2":
        return bz2.BZ2File(spool, mode="rb")
    if kind == "tar.xz":
        return lzma.LZMAFile(spool, mode="rb")
    return spool


def _copy(source: IO[bytes], target: IO[bytes], limit: int) -> int:
    copied = 0
    while copied < limit and (chunk := source.read(min(CHUNK, limit - copied))):
        target.write(chunk)
        copied += len(chunk)
    return copied


class _Counted(CheckedStream):
    """A nested tar's decompressed stream, charged to the budget and checked for its ratio."""

    def __init__(
        self, source: Readable, walker: NestedArchives, path: str, size: int, *, charge: bool
    ) -> None:
        super().__init__(source)
        self._walker = walker
        self._path = path
        self._compressed = size
        self._charge = charge

    def check(self, chunk: bytes) -> None:
        if self._charge:
            self._walker.charge(len(chunk))
        check_ratio(
            f"Archive member {quote(self._path)}",
            self.expanded,
            self._compressed,
            self._walker.limits,
        )
