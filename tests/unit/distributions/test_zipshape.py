"""Bytes no zip member owns are refused: polyglots, hidden data, lying local headers."""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

import pytest

from stilton.distributions import AmbiguousArchive, ArchiveLimitExceeded, ArchiveLimits, inspect
from tests.builders import build_wheel, build_zip, prepend, render_metadata

GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


def test_a_wheel_as_written_by_zipfile_passes(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, "demo", "1.0")
    assert inspect(wheel, wheel.name).name == "demo"


def test_a_zip_with_a_comment_passes(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, "demo", "1.0")
    with zipfile.ZipFile(wheel, "a") as archive:
        archive.comment = b"built by hand"
    inspect(wheel, wheel.name)


def test_an_image_before_the_zip_is_refused(tmp_path: Path) -> None:
    wheel = prepend(build_wheel(tmp_path, "demo", "1.0"), GIF)
    with zipfile.ZipFile(wheel) as archive:  # what makes it dangerous: zip readers accept it
        assert archive.testzip() is None

    with pytest.raises(AmbiguousArchive, match=f"has {len(GIF)} bytes of other data before") as e:
        inspect(wheel, wheel.name)
    assert e.value.code == "ambiguous-archive"


def test_data_after_the_end_record_is_refused(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, "demo", "1.0")
    wheel.write_bytes(wheel.read_bytes() + b"#!/bin/sh\necho hidden\n")
    with pytest.raises(AmbiguousArchive, match="data after its end record"):
        inspect(wheel, wheel.name)


def test_a_second_archive_hidden_between_members_is_refused(tmp_path: Path) -> None:
    """Bytes spliced in after the first member's data, with every later offset moved on."""
    wheel = build_wheel(tmp_path, "demo", "1.0")
    data = wheel.read_bytes()
    with zipfile.ZipFile(wheel) as archive:
        infos = sorted(archive.infolist(), key=lambda info: info.header_offset)
        first, directory = infos[0], archive.start_dir
    header = struct.unpack("<4s2B4HL2L2H", data[first.header_offset : first.header_offset + 30])
    end = first.header_offset + 30 + header[10] + header[11] + first.compress_size
    hidden = b"PK\x03\x04" + b"\x00" * 60
    spliced = data[:end] + hidden + data[end:]
    shift = len(hidden)
    spliced = _move_directory(spliced, directory + shift, shift, first.header_offset)
    wheel.write_bytes(spliced)

    with pytest.raises(AmbiguousArchive, match=f"{shift} bytes that belong to no member"):
        inspect(wheel, wheel.name)


def _move_directory(data: bytes, directory: int, shift: int, first_offset: int) -> bytes:
    """Rewrite the central directory's offsets (all but the first member's) and the end record."""
    out = bytearray(data)
    position = directory
    while out[position : position + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<3H", out, position + 28)
        (offset,) = struct.unpack_from("<L", out, position + 42)
        if offset != first_offset:
            struct.pack_into("<L", out, position + 42, offset + shift)
        position += 46 + name_length + extra_length + comment_length
    end = len(out) - 22
    (old,) = struct.unpack_from("<L", out, end + 16)
    struct.pack_into("<L", out, end + 16, old + shift)
    return bytes(out)


def test_a_local_header_naming_another_file_is_refused(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, "demo", "1.0", modules={"demo/__init__.py": "", "demo/aa.py": ""})
    data = wheel.read_bytes()
    first = data.index(b"demo/aa.py")  # the local header comes before the directory entry
    wheel.write_bytes(data[:first] + b"demo/zz.py" + data[first + len(b"demo/aa.py") :])

    with pytest.raises(AmbiguousArchive, match=re.escape("is named 'demo/zz.py' in its local")):
        inspect(wheel, wheel.name)


def test_a_directory_of_too_many_entries_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    members = {f"demo/m{index}.py": b"" for index in range(50)}
    members["demo-1.0.dist-info/METADATA"] = render_metadata("demo", "1.0")
    wheel = build_zip(tmp_path, "demo-1.0-py3-none-any.whl", members)
    with pytest.raises(ArchiveLimitExceeded, match="more than 10 members"):
        inspect(wheel, wheel.name, ArchiveLimits(max_members=10))


def test_a_zip64_archive_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past 65535 entries the end record points to a zip64 one; zipfile writes that for a few
    entries when its threshold is lowered, so the test need not build 65536 of them."""
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 3)
    wheel = build_wheel(tmp_path, "demo", "1.0")
    with wheel.open("rb") as file:
        assert b"PK\x06\x06" in file.read()  # the zip64 end record

    dist = inspect(wheel, wheel.name)

    assert len(dist.members) == 4


class _Unseekable:
    """A stream zipfile cannot seek back in, so it writes a data descriptor after each member."""

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, chunk: bytes) -> int:
        self.data += chunk
        return len(chunk)

    def flush(self) -> None:
        return None


def test_members_followed_by_data_descriptors_pass(tmp_path: Path) -> None:
    (tmp_path / "built").mkdir()
    built = build_wheel(tmp_path / "built", "demo", "1.0")
    stream = _Unseekable()
    with (
        zipfile.ZipFile(built) as source,
        zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            out.writestr(info.filename, source.read(info))
    wheel = tmp_path / built.name
    wheel.write_bytes(bytes(stream.data))
    with zipfile.ZipFile(wheel) as archive:
        assert all(info.flag_bits & 0x08 for info in archive.infolist())

    assert inspect(wheel, wheel.name).name == "demo"
