"""Bounded, single-pass reading of a wheel or sdist for the scanner.

Unlike `stilton.distributions`, which refuses an archive at its first fault, the scanner reads
what it safely can and reports every fault as a problem: unsafe member names, links, bombs,
corrupt data. Nothing is extracted; only members that `want` asks for are read, each at most to
the number of bytes it gives, and never past the archive limits, the byte budget or the deadline.

- Zips: the central directory gives every size up front, so a member that would expand past the
  ratio limit is never inflated; the number of entries is read from the end record before the
  directory is parsed at all.
- Gzipped tars: the stream is decompressed in chunks through `_BoundedStream`, which stops once
  the archive expands past the total size or the ratio allowed; pax and GNU long-name headers
  larger than 1 MiB are refused before tarfile reads them.
"""

from __future__ import annotations

import gzip
import io
import posixpath
import re
import stat
import struct
import tarfile
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Self

from stilton.distributions import ArchiveLimits, ArchiveMember, CheckedStream

Want = Callable[[str, int], tuple[int, int] | None]
"""(normalized path, size) -> (priority, at most this many bytes), or None to skip the member.
Lower priorities are read first where the format allows (zips)."""

_CHUNK = 64 * 1024
_UNREAD_BOMB_SIZE = 64 * 1024**2
_PLAIN = re.compile(r"[\w\-+@%=,~][\w.\-+@%=,~/ ]*")
_MAX_EXTENDED_HEADER = 1024 * 1024
_TAIL = 66 * 1024
_UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    tarfile.TarError,
    EOFError,
    zlib.error,
    struct.error,
    OSError,
    ValueError,
    NotImplementedError,
    UnicodeError,
)


@dataclass(frozen=True)
class Problem:
    """Something wrong with the archive itself; `rule` is a scanner rule id."""

    rule: str
    path: str | None
    message: str


@dataclass
class ArchiveRead:
    kind: str
    """`zip` or `tar`."""
    members: list[ArchiveMember] = field(default_factory=list)
    contents: dict[str, bytes] = field(default_factory=dict)
    truncated: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    bytes_read: int = 0

    def problem(self, rule: str, path: str | None, message: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(Problem(rule, path, message))


class _Stop(Exception):
    """Reading must end here; the reason is already recorded as a problem."""


def sniff_kind(path: Path, filename: str) -> str | None:
    """`zip` or `tar` from the filename, else from the first bytes; None if neither."""
    lowered = filename.lower()
    if lowered.endswith((".whl", ".zip", ".egg")):
        return "zip"
    if lowered.endswith((".tar.gz", ".tgz")):
        return "tar"
    with path.open("rb") as file:
        head = file.read(4)
    if head.startswith(b"PK"):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "tar"
    return None


def read_archive(
    path: Path,
    kind: str,
    want: Want,
    *,
    limits: ArchiveLimits,
    max_total_bytes: int,
    deadline: float,
) -> ArchiveRead:
    """Read `path` as a `zip` or gzipped `tar`; faults become `problems`, never exceptions."""
    result = ArchiveRead(kind=kind)
    reader = _ZipReader if kind == "zip" else _TarReader
    try:
        reader(result, want, limits, max_total_bytes, deadline).read(path)
    except _Stop:
        pass
    except _UNREADABLE as error:
        result.problem("unreadable-archive", None, f"not a readable {kind} archive: {error}")
    except (RecursionError, MemoryError):  # pragma: no cover - defensive
        result.problem("unreadable-archive", None, f"{kind} archive could not be read")
    return result


def normalize_member_name(name: str) -> tuple[str, str | None]:
    """A `/`-separated relative path for `name`, and what is unsafe about it, if anything."""
    if _PLAIN.fullmatch(name) and "/." not in name and "//" not in name and name[0] != ".":
        return name.rstrip("/"), None
    problem = None
    if "\x00" in name:
        problem = "contains a NUL byte"
    elif name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        problem = "is an absolute path"
    elif "\\" in name:
        problem = "contains a backslash"
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".")]
    if ".." in parts:
        problem = problem or "has a '..' component"
        parts = [part for part in parts if part != ".."]
    cleaned = "/".join(parts).replace("\x00", "")
    return cleaned or "(empty name)", problem


class _Reader:
    def __init__(
        self,
        result: ArchiveRead,
        want: Want,
        limits: ArchiveLimits,
        max_total_bytes: int,
        deadline: float,
    ) -> None:
        self.result = result
        self.want = want
        self.limits = limits
        self.max_total_bytes = max_total_bytes
        self.deadline = deadline
        self.declared_total = 0
        self.seen: set[str] = set()
        self._ticks = 0

    def add_member(self, name: str, *, is_dir: bool, size: int) -> str | None:
        """Record a member; return its path if its contents may be read."""
        result = self.result
        if len(result.members) >= self.limits.max_members:
            result.problem("archive-limit", None, f"more than {self.limits.max_members} members")
            raise _Stop
        path, unsafe = normalize_member_name(name)
        if unsafe is not None:
            result.problem("unsafe-member", path, f"member name {name[:200]!r} {unsafe}")
        duplicate = path in self.seen
        if duplicate:
            result.problem("unsafe-member", path, "member appears more than once")
        self.seen.add(path)
        result.members.append(ArchiveMember(path=path, is_dir=is_dir, size=size))
        self.declared_total += max(size, 0)
        if self.declared_total > self.limits.max_total_uncompressed:
            result.problem(
                "archive-limit",
                None,
                f"expands to more than {self.limits.max_total_uncompressed} bytes",
            )
            raise _Stop
        if is_dir or duplicate or size > self.limits.max_member_size:
            return None
        return path

    def budget_for(self, path: str, size: int) -> int:
        choice = self.want(path, size)
        if choice is None:
            return 0
        return min(choice[1], max(self.max_total_bytes - self.result.bytes_read, 0))

    def store(self, path: str, data: bytes, size: int) -> None:
        self.result.contents[path] = data
        self.result.bytes_read += len(data)
        if len(data) < size:
            self.result.truncated.add(path)

    def check_time(self) -> None:
        self._ticks += 1
        if self._ticks % 32 == 0 and time.thread_time() > self.deadline:
            self.result.problem("scan-incomplete", None, "time budget spent reading the archive")
            raise _Stop


class _ZipReader(_Reader):
    def read(self, path: Path) -> None:
        with path.open("rb") as file:
            entries = _declared_entries(file)
            if entries is not None and entries > self.limits.max_members:
                self.result.problem(
                    "archive-limit", None, f"declares {entries} members, more than allowed"
                )
                return
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                self._read(archive)

    def _read(self, archive: zipfile.ZipFile) -> None:
        chosen: list[tuple[int, int, str, zipfile.ZipInfo]] = []
        for info in archive.infolist():
            name = info.orig_filename
            path = self.add_member(name, is_dir=name.endswith("/"), size=info.file_size)
            if path is None or not self._safe(path, info):
                continue
            choice = self.want(path, info.file_size)
            if choice is not None:
                chosen.append((choice[0], info.file_size, path, info))
        chosen.sort(key=lambda item: (item[0], item[1], item[2]))
        for _, size, path, info in chosen:
            self.check_time()
            budget = self.budget_for(path, size)
            if budget <= 0:
                continue
            try:
                with archive.open(info) as member:
                    data = member.read(budget)
            except _UNREADABLE as error:
                self.result.problem("unreadable-archive", path, f"member cannot be read: {error}")
                continue
            self.store(path, data, size)

    def _safe(self, path: str, info: zipfile.ZipInfo) -> bool:
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            self.result.problem("unsafe-member", path, "member is a symbolic link")
            return False
        if info.flag_bits & 0x1:
            self.result.problem("unreadable-archive", path, "member is encrypted")
            return False
        limits = self.limits
        # Members the scanner never inflates are a risk only when truly huge: a 2 MiB shared
        # library of zero padding compresses past the ratio limit in real wheels (Pillow).
        wanted = self.want(path, info.file_size) is not None
        large = limits.ratio_threshold if wanted else _UNREAD_BOMB_SIZE
        if info.file_size >= large and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            self.result.problem(
                "archive-limit",
                path,
                f"member expands from {info.compress_size} to {info.file_size} bytes "
                f"(more than {limits.max_ratio:g} times): a decompression bomb",
            )
            return False
        return True


def _declared_entries(file: IO[bytes]) -> int | None:
    """The entry count in the zip's end of central directory record, read before parsing."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(max(size - _TAIL, 0))
    tail = file.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    entries = int(struct.unpack("<H", tail[at + 10 : at + 12])[0])
    if entries != 0xFFFF:
        return entries
    at64 = tail.rfind(b"PK\x06\x06", 0, at)
    if at64 < 0 or at64 + 40 > len(tail):
        return None
    return int(struct.unpack("<Q", tail[at64 + 32 : at64 + 40])[0])


class _TarReader(_Reader):
    def read(self, path: Path) -> None:
        compressed = path.stat().st_size
        with path.open("rb") as file, gzip.GzipFile(fileobj=file, mode="rb") as gz:
            stream = _BoundedStream(gz, compressed, self)
            with tarfile.open(
                fileobj=stream, mode="r|", bufsize=_CHUNK, tarinfo=_BoundedTarInfo
            ) as archive:
                while (info := archive.next()) is not None:
                    self.check_time()
                    self._member(archive, info)

    def _member(self, archive: tarfile.TarFile, info: tarfile.TarInfo) -> None:
        path = self.add_member(info.name, is_dir=info.isdir(), size=info.size)
        if path is None:
            return
        if info.issym() or info.islnk():
            if not _link_stays_inside(path, info):
                kind = "symbolic" if info.issym() else "hard"
                self.result.problem(
                    "unsafe-member", path, f"member is a {kind} link to {info.linkname[:200]!r}"
                )
            return
        if not info.isreg():
            if not info.isdir():
                self.result.problem("unsafe-member", path, "member is a device, FIFO or other")
            return
        budget = self.budget_for(path, info.size)
        if budget <= 0:
            return
        member = archive.extractfile(info)
        if member is None:  # pragma: no cover - regular files always extract
            return
        with member:
            data = member.read(budget)
        self.store(path, data, info.size)


def _link_stays_inside(path: str, info: tarfile.TarInfo) -> bool:
    """A link to another member of the archive (sdists link shared test data that way)."""
    target = info.linkname
    if not target or target.startswith(("/", "\\")) or "\x00" in target:
        return False
    base = posixpath.dirname(path) if info.issym() else ""
    resolved = posixpath.normpath(posixpath.join(base, target))
    return not resolved.startswith("..") and resolved != "."


class _BoundedStream(CheckedStream):
    """The decompressed tar stream, read in chunks, stopping once it expands past the limits."""

    def __init__(self, source: gzip.GzipFile, compressed_size: int, reader: _Reader) -> None:
        super().__init__(source)
        self._compressed = compressed_size
        self._reader = reader

    def check(self, chunk: bytes) -> None:
        limits = self._reader.limits
        allowed = limits.max_total_uncompressed + 4 * 512 * (len(self._reader.result.members) + 1)
        if self.expanded > allowed + _CHUNK:
            self._reader.result.problem(
                "archive-limit", None, f"expands to more than {limits.max_total_uncompressed} bytes"
            )
            raise _Stop
        if self.expanded >= limits.ratio_threshold and self.expanded > limits.max_ratio * max(
            self._compressed, 1
        ):
            self._reader.result.problem(
                "archive-limit",
                None,
                f"expands from {self._compressed} to more than {self.expanded} bytes "
                f"(more than {limits.max_ratio:g} times): a decompression bomb",
            )
            raise _Stop


_EXTENDED = frozenset(
    {
        tarfile.XHDTYPE,
        tarfile.XGLTYPE,
        tarfile.SOLARIS_XHDTYPE,
        tarfile.GNUTYPE_LONGNAME,
        tarfile.GNUTYPE_LONGLINK,
    }
)


class _BoundedTarInfo(tarfile.TarInfo):
    """Refuses extended headers that tarfile would read whole into memory."""

    @classmethod
    def frombuf(cls, buf: bytes | bytearray, encoding: str, errors: str) -> Self:
        info = super().frombuf(buf, encoding, errors)
        if info.type in _EXTENDED and info.size > _MAX_EXTENDED_HEADER:
            raise tarfile.HeaderError(f"extended header of {info.size} bytes")
        return info
