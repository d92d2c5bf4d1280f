"""The byte layout of a zip: every byte belongs to a member, the directory or the end record.

`zipfile` (like most readers) trusts the central directory at the end and skips whatever else the
file holds. Bytes that no member owns are where a polyglot hides its other self (an image or an
executable before the first member, a second archive between members or after the end), and a
local header whose name differs from its directory entry shows other tools other files. Both are
refused here, and the directory's entry count is checked before `zipfile` reads it all.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from typing import IO

from stilton.distributions.errors import AmbiguousArchive, ArchiveLimitExceeded, quote
from stilton.distributions.models import ArchiveLimits

_END = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_END = struct.Struct("<4sQ2H2L4Q")
_ZIP64_END_SIGNATURE = b"PK\x06\x06"
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_DESCRIPTOR_SIZES = frozenset({12, 16, 20, 24})
_HAS_DESCRIPTOR = 0x08
_UTF8_NAME = 0x800
_MAX_COMMENT = 0xFFFF


@dataclass(frozen=True)
class _End:
    offset: int
    """Where the end-of-central-directory record starts."""
    entries: int
    directory_size: int
    directory_end: int
    """Where the central directory must end: the end record, or the zip64 end record."""


def check_entry_count(file: IO[bytes], limits: ArchiveLimits) -> None:
    """Refuse a directory of more than `limits.max_members` entries before it is parsed."""
    end = _find_end(file)
    if end is not None and end.entries > limits.max_members:
        raise ArchiveLimitExceeded(f"Archive has more than {limits.max_members} members")


def check_zip_shape(file: IO[bytes], archive: zipfile.ZipFile) -> None:
    """Refuse bytes before, between or after the members, directory and end record."""
    end = _find_end(file)
    if end is None:  # pragma: no cover - zipfile found one already
        raise AmbiguousArchive("Zip archive has no readable end record")
    size = file.seek(0, 2)
    if end.offset + _END.size + len(archive.comment) != size:
        raise AmbiguousArchive("Zip archive has data after its end record")
    position, descriptor = 0, False
    for info in sorted(archive.infolist(), key=lambda item: item.header_offset):
        _check_gap(position, info.header_offset, descriptor, info.orig_filename)
        position, descriptor = _data_end(file, info)
    _check_gap(position, archive.start_dir, descriptor, None)
    if archive.start_dir + end.directory_size != end.directory_end:
        raise AmbiguousArchive("Zip archive has data after its central directory")


def _check_gap(expected: int, found: int, descriptor: bool, name: str | None) -> None:
    """Nothing may lie between a member's data and what follows it but its data descriptor."""
    if found == expected or (descriptor and found - expected in _DESCRIPTOR_SIZES):
        return
    raise AmbiguousArchive(_gap_message(expected, found, name))


def _gap_message(expected: int, found: int, name: str | None) -> str:
    where = f"before member {quote(name)}" if name is not None else "before its central directory"
    if found < expected:
        return f"Zip archive has overlapping members {where}"
    if expected == 0:
        return f"Zip archive has {found} bytes of other data before its first member"
    return f"Zip archive has {found - expected} bytes that belong to no member {where}"


def _data_end(file: IO[bytes], info: zipfile.ZipInfo) -> tuple[int, bool]:
    """Where the member's data ends per its local header, and whether a data descriptor
    (12 to 24 bytes: signature optional, sizes 4 or 8 bytes each) may follow it."""
    file.seek(info.header_offset)
    header = file.read(_LOCAL.size)
    if len(header) != _LOCAL.size or header[:4] != _LOCAL_SIGNATURE:
        raise AmbiguousArchive(f"Zip member {quote(info.orig_filename)} has no local header")
    fields: tuple[int, ...] = _LOCAL.unpack(header)[1:]
    flags, name_length, extra_length = fields[2], fields[9], fields[10]
    raw_name = file.read(name_length)
    name = raw_name.decode("utf-8" if flags & _UTF8_NAME else "cp437", "replace")
    if name != info.orig_filename:
        raise AmbiguousArchive(
            f"Zip member {quote(info.orig_filename)} is named {quote(name)} in its local header"
        )
    end: int = info.header_offset + _LOCAL.size + name_length + extra_length + info.compress_size
    return end, bool(flags & _HAS_DESCRIPTOR)


def _find_end(file: IO[bytes]) -> _End | None:
    """Locate the end record as zipfile does: at the very end, or before a comment."""
    size = file.seek(0, 2)
    start = max(0, size - _END.size - _MAX_COMMENT)
    file.seek(start)
    tail = file.read()
    found = tail.rfind(_END_SIGNATURE)
    if found < 0 or len(tail) - found < _END.size:
        return None
    offset = start + found
    fields = _END.unpack(tail[found : found + _END.size])
    entries, directory_size = fields[4], fields[5]
    # Like zipfile: a zip64 locator right before the end record wins, needed or not.
    return _find_zip64_end(file, offset) or _End(offset, entries, directory_size, offset)


def _find_zip64_end(file: IO[bytes], offset: int) -> _End | None:
    if offset < _ZIP64_LOCATOR.size:
        return None
    file.seek(offset - _ZIP64_LOCATOR.size)
    locator = _ZIP64_LOCATOR.unpack(file.read(_ZIP64_LOCATOR.size))
    if locator[0] != _ZIP64_LOCATOR_SIGNATURE:
        return None
    record_offset = offset - _ZIP64_LOCATOR.size - _ZIP64_END.size
    if record_offset < 0:
        return None
    file.seek(record_offset)
    record = _ZIP64_END.unpack(file.read(_ZIP64_END.size))
    if record[0] != _ZIP64_END_SIGNATURE:
        return None
    entries, directory_size = record[7], record[8]
    return _End(offset, entries, directory_size, record_offset)
