"""Hostile and broken archives: every one is refused with the right error, quickly."""

from __future__ import annotations

import gzip
import io
import random
import re
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from stilton.distributions import (
    ArchiveLimitExceeded,
    ArchiveLimits,
    DistributionError,
    UnreadableArchive,
    UnsafeArchiveMember,
    inspect,
)
from tests.builders import (
    build_sdist,
    build_tar_gz,
    build_wheel,
    build_zip,
    render_metadata,
    tar_bomb,
    truncate,
    zip_bomb,
)

SMALL_BOMB = 16 * 1024**2

Build = Callable[..., Path]
"""(dest, members, **links) -> path of a distribution holding those members beside its own."""


def wheel_with(dest: Path, members, **links) -> Path:
    own = {
        "demo-1.0.dist-info/METADATA": render_metadata("demo", "1.0"),
        "demo-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\n",
        "demo-1.0.dist-info/RECORD": b"",
    }
    pairs = list(own.items()) + list(members.items() if isinstance(members, dict) else members)
    return build_zip(dest, "demo-1.0-py3-none-any.whl", pairs, **links)


def zip_sdist_with(dest: Path, members, **links) -> Path:
    own = [("demo-1.0/PKG-INFO", render_metadata("demo", "1.0", metadata_version="2.2"))]
    pairs = own + list(members.items() if isinstance(members, dict) else members)
    return build_zip(dest, "demo-1.0.zip", pairs, **links)


def sdist_with(dest: Path, members, **links) -> Path:
    own = [("demo-1.0/PKG-INFO", render_metadata("demo", "1.0", metadata_version="2.2"))]
    pairs = own + list(members.items() if isinstance(members, dict) else members)
    return build_tar_gz(dest, "demo-1.0.tar.gz", pairs, **links)


EVERY_FORMAT = pytest.mark.parametrize("build", [wheel_with, zip_sdist_with, sdist_with])


@EVERY_FORMAT
@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../evil.py", "has a '..' component"),
        ("demo-1.0/../../evil.py", "has a '..' component"),
        ("demo-1.0/a/../../../evil.py", "has a '..' component"),
        ("/etc/cron.d/evil", "is an absolute path"),
        ("C:/Windows/evil.dll", "starts with a drive letter"),
        ("c:evil.py", "starts with a drive letter"),
        ("demo-1.0\\..\\evil.py", "contains a backslash"),
        ("demo-1.0/evil\n.py", "contains control characters"),
    ],
)
def test_members_that_could_escape_are_refused(tmp_path: Path, build: Build, name, problem):
    path = build(tmp_path, {name: b"print('hi')\n"})

    with pytest.raises(UnsafeArchiveMember, match=re.escape(problem)) as raised:
        inspect(path, path.name)

    assert raised.value.code == "unsafe-member"
    assert str(raised.value).isascii()


def test_a_zip_member_with_a_nul_byte_is_refused(tmp_path: Path):
    path = wheel_with(tmp_path, {"demo/evil.py#.txt": b""})  # zipfile cuts names at a NUL
    path.write_bytes(path.read_bytes().replace(b"evil.py#.txt", b"evil.py\x00.txt"))

    with pytest.raises(UnsafeArchiveMember, match=re.escape("NUL byte")):
        inspect(path, path.name)


@pytest.mark.parametrize(
    ("links", "problem"),
    [
        ({"symlinks": {"demo-1.0/link": "/etc/passwd"}}, "symbolic link to '/etc/passwd'"),
        ({"hardlinks": {"demo-1.0/link": "demo-1.0/PKG-INFO"}}, "hard link to"),
        ({"devices": ["demo-1.0/dev"]}, "device or FIFO"),
    ],
)
def test_tar_links_and_devices_are_refused(tmp_path: Path, links, problem):
    path = sdist_with(tmp_path, {}, **links)

    with pytest.raises(UnsafeArchiveMember, match=re.escape(problem)):
        inspect(path, path.name)


@pytest.mark.parametrize("target", ["../../etc/passwd", "../../../escape", "..", "/tmp/x"])
def test_tar_symlinks_that_leave_the_tree_are_refused(tmp_path: Path, target: str):
    path = sdist_with(tmp_path, {}, symlinks={"demo-1.0/docs/link": target})

    with pytest.raises(UnsafeArchiveMember, match=re.escape("symbolic link")):
        inspect(path, path.name)


def test_tar_symlinks_inside_the_tree_are_accepted(tmp_path: Path):
    """Real sdists link files of their own tree (tenacity's README.rst -> doc/source/index.rst,
    pyparsing's docs/CONTRIBUTING.md -> ../CONTRIBUTING.md)."""
    links = {"demo-1.0/README.rst": "doc/index.rst", "demo-1.0/docs/C.md": "../C.md"}
    members = {"demo-1.0/doc/index.rst": b"Demo\n", "demo-1.0/C.md": b"How to help\n"}
    path = sdist_with(tmp_path, members, symlinks=links)

    assert inspect(path, path.name).name == "demo"


def test_a_wheel_with_a_padded_shared_library_is_accepted(tmp_path: Path):
    """Pillow's wheels hold a 2 MiB libXau of zero padding that compresses 220 times."""
    library = b"\x7fELF" + bytes(2 * 1024**2)
    path = wheel_with(tmp_path, {"demo.libs/libXau.so.6": library})

    assert inspect(path, path.name).name == "demo"


@pytest.mark.parametrize("build", [wheel_with, zip_sdist_with])
def test_zip_symlinks_are_refused(tmp_path: Path, build: Build):
    path = build(tmp_path, {}, symlinks={"demo-1.0/link": "../../etc/passwd"})

    with pytest.raises(UnsafeArchiveMember, match=re.escape("symbolic link")):
        inspect(path, path.name)


@EVERY_FORMAT
def test_duplicate_members_are_refused(tmp_path: Path, build: Build):
    path = build(tmp_path, [("demo-1.0/a.py", b"one"), ("demo-1.0/a.py", b"two")])

    with pytest.raises(
        UnsafeArchiveMember, match=re.escape("'demo-1.0/a.py' appears more than once")
    ):
        inspect(path, path.name)


def test_a_duplicate_metadata_file_is_refused(tmp_path: Path):
    second = ("demo-1.0.dist-info/METADATA", render_metadata("other", "9.9"))
    path = wheel_with(tmp_path, [second])

    with pytest.raises(UnsafeArchiveMember, match=re.escape("appears more than once")):
        inspect(path, path.name)


@EVERY_FORMAT
def test_too_many_members_are_refused(tmp_path: Path, build: Build):
    path = build(tmp_path, {f"demo-1.0/m{index}.py": b"" for index in range(10)})

    with pytest.raises(ArchiveLimitExceeded, match=re.escape("more than 5 members")) as raised:
        inspect(path, path.name, ArchiveLimits(max_members=5))

    assert raised.value.code == "archive-limit"


@EVERY_FORMAT
def test_a_member_over_the_size_limit_is_refused(tmp_path: Path, build: Build):
    path = build(tmp_path, {"demo-1.0/big.bin": random.Random(1).randbytes(4_000)})

    with pytest.raises(ArchiveLimitExceeded, match=re.escape("'demo-1.0/big.bin' is 3.9 KiB")):
        inspect(path, path.name, ArchiveLimits(max_member_size=2_000))


@EVERY_FORMAT
def test_members_over_the_total_size_limit_are_refused(tmp_path: Path, build: Build):
    noise = random.Random(2)
    path = build(tmp_path, {f"demo-1.0/m{index}": noise.randbytes(1_500) for index in range(8)})

    with pytest.raises(ArchiveLimitExceeded, match=re.escape("expands to more than 9.8 KiB")):
        inspect(path, path.name, ArchiveLimits(max_total_uncompressed=10_000))


def test_a_zip_bomb_is_refused_without_inflating_it(tmp_path: Path):
    path = zip_bomb(tmp_path, size=SMALL_BOMB)

    with pytest.raises(ArchiveLimitExceeded, match=re.escape("more than the limit of 200 times")):
        inspect(path, path.name)


def test_a_zip_member_claiming_a_gigabyte_is_refused_before_it_is_read(tmp_path: Path):
    path = zip_bomb(tmp_path, size=SMALL_BOMB)

    with pytest.raises(ArchiveLimitExceeded, match=re.escape("is 16.0 MiB; the limit is 1.0 MiB")):
        inspect(path, path.name, ArchiveLimits(max_member_size=1024**2, max_ratio=1e9))


def test_a_tar_bomb_is_refused_while_it_streams(tmp_path: Path):
    path = tar_bomb(tmp_path, size=SMALL_BOMB)

    with pytest.raises(ArchiveLimitExceeded, match=re.escape("more than the limit of 200 times")):
        inspect(path, path.name)


def test_a_tar_bomb_also_meets_the_total_size_limit(tmp_path: Path):
    path = tar_bomb(tmp_path, size=SMALL_BOMB)

    with pytest.raises(ArchiveLimitExceeded, match=re.escape("expands to more than")):
        inspect(path, path.name, ArchiveLimits(max_total_uncompressed=2 * 1024**2, max_ratio=1e9))


@pytest.mark.parametrize("build", [build_wheel, build_sdist])
def test_small_very_compressible_files_are_not_bombs(tmp_path: Path, build):
    path = build(tmp_path, "demo", "1.0", modules={"demo/blank.py": "\n" * 500_000})

    assert inspect(path, path.name).name == "demo"


def test_an_oversized_pax_header_is_refused_before_it_is_read(tmp_path: Path):
    header = tarfile.TarInfo("././@PaxHeader")
    header.type = tarfile.XHDTYPE
    header.size = 8 * 1024**2
    raw = header.tobuf(format=tarfile.USTAR_FORMAT) + bytes(header.size) + bytes(1024)
    path = tmp_path / "demo-1.0.tar.gz"
    path.write_bytes(gzip.compress(raw))

    with pytest.raises(ArchiveLimitExceeded, match=re.escape("extended header of 8.0 MiB")):
        inspect(path, path.name)


def test_members_hidden_behind_a_corrupt_header_are_refused(tmp_path: Path):
    def entry(name: str, data: bytes) -> bytes:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        padding = bytes(-len(data) % tarfile.BLOCKSIZE)
        return info.tobuf(format=tarfile.USTAR_FORMAT) + data + padding

    metadata = render_metadata("demo", "1.0", metadata_version="2.2")
    junk = b"\xff" * tarfile.BLOCKSIZE
    raw = entry("demo-1.0/PKG-INFO", metadata) + junk + entry("../evil", b"x") + bytes(1024)
    path = tmp_path / "demo-1.0.tar.gz"
    path.write_bytes(gzip.compress(raw))

    with pytest.raises(UnreadableArchive, match=re.escape("data after its end")):
        inspect(path, path.name)


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("demo-1.0-py3-none-any.whl", b""),
        ("demo-1.0-py3-none-any.whl", b"PK\x03\x04 not really a zip"),
        ("demo-1.0-py3-none-any.whl", random.Random(3).randbytes(5_000)),
        ("demo-1.0.tar.gz", b""),
        ("demo-1.0.tar.gz", random.Random(4).randbytes(5_000)),
        ("demo-1.0.tar.gz", gzip.compress(b"this is not a tar archive" * 100, mtime=0)),
        ("demo-1.0.tar.gz", b"\x1f\x8b\x08\x00" + bytes(20)),
        ("demo-1.0.zip", b"PK\x05\x06" + bytes(10)),
    ],
)
def test_files_that_are_not_archives_are_unreadable(tmp_path: Path, filename, content):
    path = tmp_path / filename
    path.write_bytes(content)

    with pytest.raises(UnreadableArchive) as raised:
        inspect(path, filename)

    assert raised.value.code == "unreadable-archive"
    assert "\n" not in str(raised.value)


def test_a_zip_uploaded_as_a_tar_gz_is_unreadable(tmp_path: Path):
    wheel = build_wheel(tmp_path, "demo", "1.0")
    path = wheel.rename(tmp_path / "demo-1.0.tar.gz")

    with pytest.raises(UnreadableArchive, match=re.escape("not a readable gzipped tar archive")):
        inspect(path, path.name)


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
@pytest.mark.parametrize("build", [build_wheel, build_sdist])
def test_truncated_archives_are_unreadable(tmp_path: Path, build, keep):
    path = truncate(build(tmp_path, "demo", "1.0", description="words " * 2_000), keep)

    with pytest.raises(UnreadableArchive):
        inspect(path, path.name)


def test_a_corrupted_metadata_member_fails_its_crc(tmp_path: Path):
    path = build_wheel(tmp_path, "demo", "1.0", description="d" * 3_000)
    data = bytearray(path.read_bytes())
    start = data.index(b"demo-1.0.dist-info/METADATA") + len(b"demo-1.0.dist-info/METADATA")
    data[start + 5] ^= 0xFF  # inside the deflated METADATA, after its local header
    path.write_bytes(bytes(data))

    with pytest.raises(UnreadableArchive):
        inspect(path, path.name)


@pytest.mark.parametrize("build", [build_wheel, build_sdist])
def test_damaged_archives_raise_only_distribution_errors(tmp_path: Path, build):
    original = build(tmp_path, "demo", "1.0", description="text " * 500).read_bytes()
    filename = "demo-1.0-py3-none-any.whl" if build is build_wheel else "demo-1.0.tar.gz"
    noise = random.Random(5)
    messages = []
    for attempt in range(60):
        data = bytearray(original)
        for _ in range(1 + attempt % 3):
            data[noise.randrange(len(data))] = noise.randrange(256)
        if attempt % 4 == 0:
            del data[noise.randrange(len(data)) :]
        path = tmp_path / "damaged"
        path.write_bytes(bytes(data))
        try:
            inspect(path, filename)
        except DistributionError as error:  # anything else fails the test
            messages.append(str(error))

    assert messages
    assert all(message.isascii() and "\n" not in message for message in messages)


def test_an_uncompressed_tar_named_tar_gz_is_unreadable(tmp_path: Path):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        archive.addfile(tarfile.TarInfo("demo-1.0/PKG-INFO"))
    path = tmp_path / "demo-1.0.tar.gz"
    path.write_bytes(buffer.getvalue())

    with pytest.raises(UnreadableArchive):
        inspect(path, path.name)
