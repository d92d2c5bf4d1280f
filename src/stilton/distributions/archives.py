"""What zip and tar reading share: member name safety, limit accounting, and the result type.

Readers (`zips.read_zip`, `tars.read_tar_gz`) list every member through a `MemberTally`, which
refuses unsafe names and enforces `ArchiveLimits` as members arrive, and read the contents of at
most one member: the first one their `pick` predicate chooses (the metadata file).
"""

from __future__ import annotations

import re
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Self

from stilton.distributions.errors import ArchiveLimitExceeded, UnsafeArchiveMember, quote
from stilton.distributions.models import ArchiveLimits, ArchiveMember

Pick = Callable[[str], bool]
"""Chooses, by its normalized path, the one regular file whose contents a reader returns."""

_DRIVE = re.compile(r"^[A-Za-z]:")
_MAX_EXTENDED_HEADER = 1024 * 1024
_EXTENDED_HEADER_TYPES = frozenset(
    {
        tarfile.XHDTYPE,
        tarfile.XGLTYPE,
        tarfile.SOLARIS_XHDTYPE,
        tarfile.GNUTYPE_LONGNAME,
        tarfile.GNUTYPE_LONGLINK,
    }
)
_UNITS = ("bytes", "KiB", "MiB", "GiB", "TiB")


@dataclass(frozen=True)
class ArchiveContents:
    members: tuple[ArchiveMember, ...]
    picked: tuple[str, bytes] | None
    """The path and bytes of the first regular file `pick` chose, if any."""


def format_size(size: int) -> str:
    """A size for a message: `512 bytes`, `4.0 MiB`."""
    value, unit = float(size), 0
    while value >= 1024 and unit < len(_UNITS) - 1:
        value, unit = value / 1024, unit + 1
    return f"{size} bytes" if unit == 0 else f"{value:.1f} {_UNITS[unit]}"


def safe_member_path(name: str) -> str:
    """Normalize a member name to `a/b/c`, or raise `UnsafeArchiveMember` if it could escape."""
    problem = _name_problem(name)
    if problem is None:
        parts = [part for part in name.split("/") if part not in ("", ".")]
        if ".." in parts:
            problem = "has a '..' component"
        elif not parts:
            problem = "has an empty name"
        else:
            return "/".join(parts)
    raise UnsafeArchiveMember(f"Archive member {quote(name)} {problem}")


def _name_problem(name: str) -> str | None:
    if "\x00" in name:
        return "contains a NUL byte"
    if "\\" in name:
        return "contains a backslash"
    if name.startswith("/"):
        return "is an absolute path"
    if _DRIVE.match(name):
        return "starts with a drive letter"
    if any(ch < " " or ch == "\x7f" or "\ud800" <= ch <= "\udfff" for ch in name):
        return "contains control characters or undecodable bytes"
    return None


class MemberTally:
    """Lists members while enforcing the per-archive limits; raises as soon as one is passed."""

    def __init__(self, limits: ArchiveLimits) -> None:
        self.limits = limits
        self.total_size = 0
        self._members: list[ArchiveMember] = []
        self._seen: set[str] = set()

    @property
    def count(self) -> int:
        return len(self._members)

    def add(self, name: str, *, is_dir: bool, size: int) -> str:
        """Record one member; return its normalized path."""
        limits = self.limits
        if self.count >= limits.max_members:
            raise ArchiveLimitExceeded(f"Archive has more than {limits.max_members} members")
        path = safe_member_path(name)
        if path in self._seen:
            raise UnsafeArchiveMember(f"Archive member {quote(path)} appears more than once")
        if size > limits.max_member_size:
            raise ArchiveLimitExceeded(
                f"Archive member {quote(path)} is {format_size(size)}; "
                f"the limit is {format_size(limits.max_member_size)}"
            )
        self.total_size += size
        if self.total_size > limits.max_total_uncompressed:
            raise ArchiveLimitExceeded(
                f"Archive expands to more than {format_size(limits.max_total_uncompressed)}"
            )
        self._seen.add(path)
        self._members.append(ArchiveMember(path=path, is_dir=is_dir, size=size))
        return path

    def members(self) -> tuple[ArchiveMember, ...]:
        return tuple(self._members)


def check_ratio(
    what: str | Callable[[], str], uncompressed: int, compressed: int, limits: ArchiveLimits
) -> None:
    """Refuse `what` (or what it returns: a message part made only when needed) if it expands
    more than `limits.max_ratio` times, once past the threshold."""
    if uncompressed < limits.ratio_threshold:
        return
    if uncompressed > limits.max_ratio * max(compressed, 1):
        raise ArchiveLimitExceeded(
            f"{what if isinstance(what, str) else what()} expands from {format_size(compressed)} "
            f"to {format_size(uncompressed)}, more than the limit of {limits.max_ratio:g} times"
        )


def check_metadata_size(path: str, size: int, limits: ArchiveLimits) -> None:
    if size > limits.max_metadata_size:
        raise ArchiveLimitExceeded(
            f"Metadata file {quote(path)} is larger than the limit of "
            f"{format_size(limits.max_metadata_size)}"
        )


class BoundedTarInfo(tarfile.TarInfo):
    """Refuses pax and GNU long-name headers that tarfile would read whole into memory."""

    @classmethod
    def frombuf(cls, buf: bytes | bytearray, encoding: str, errors: str) -> Self:
        info = super().frombuf(buf, encoding, errors)
        if info.type in _EXTENDED_HEADER_TYPES and info.size > _MAX_EXTENDED_HEADER:
            raise ArchiveLimitExceeded(
                f"Archive has an extended header of {format_size(info.size)}; "
                f"the limit is {format_size(_MAX_EXTENDED_HEADER)}"
            )
        return info
