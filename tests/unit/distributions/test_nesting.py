"""Archives inside a distribution are opened, never extracted, to a bounded depth."""

from __future__ import annotations

import io
import os
import re
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from stilton.distributions import ArchiveLimitExceeded, ArchiveLimits, inspect
from stilton.distributions.nesting import nested_kind
from tests.builders import build_sdist, build_wheel, nested_zips


def tar_gz_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("demo/data.zip", "zip"),
        ("demo/vendor/pip-24.0-py3-none-any.whl", "zip"),
        ("lib/thing.JAR", "zip"),
        ("tests/fixtures/demo-1.0.tar.gz", "tar.gz"),
        ("x.tgz", "tar.gz"),
        ("x.tar", "tar"),
        ("x.tar.xz", "tar.xz"),
        ("x.tar.bz2", "tar.bz2"),
        ("demo/__init__.py", None),
        ("demo/data.gz", None),
    ],
)
def test_archives_are_recognized_by_name(path: str, kind: str | None) -> None:
    assert nested_kind(path) == kind


@pytest.mark.parametrize("levels", [1, 2, 3])
def test_archives_nested_up_to_three_levels_pass(tmp_path: Path, levels: int) -> None:
    wheel = build_wheel(
        tmp_path, "demo", "1.0", extra_members={"demo/data.zip": nested_zips(levels)}
    )
    inspect(wheel, wheel.name)


def test_a_fourth_level_is_refused(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, "demo", "1.0", extra_members={"demo/data.zip": nested_zips(4)})
    with pytest.raises(
        ArchiveLimitExceeded,
        match=re.escape(
            "'demo/data.zip!level-2.zip!level-3.zip!level-4.zip' nests archives more than 3 levels"
        ),
    ) as raised:
        inspect(wheel, wheel.name)
    assert raised.value.code == "archive-limit"


def test_a_recursive_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """Sixteen zips of sixteen zips ... (42.zip's shape), refused on its first deep path."""
    layer = nested_zips(1, leaf=b"\0" * 1024)
    for _ in range(5):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for index in range(16):
                archive.writestr(f"{index}.zip", layer)
        layer = buffer.getvalue()
    wheel = build_wheel(tmp_path, "demo", "1.0", extra_members={"demo/42.zip": layer})
    started = time.monotonic()

    with pytest.raises(ArchiveLimitExceeded, match="nests archives more than 3 levels deep"):
        inspect(wheel, wheel.name)

    assert time.monotonic() - started < 5


def test_nesting_inside_an_sdist_is_counted_too(tmp_path: Path) -> None:
    deep = tar_gz_of({"inner/data.zip": nested_zips(3)})  # 1 + 3 levels
    sdist = build_sdist(
        tmp_path, "demo", "1.0", extra_members={"demo-1.0/tests/fixture.tar.gz": deep}
    )
    with pytest.raises(
        ArchiveLimitExceeded, match=re.escape("fixture.tar.gz!inner/data.zip!level-2.zip")
    ):
        inspect(sdist, sdist.name)


def test_a_wheel_vendoring_wheels_passes(tmp_path: Path) -> None:
    (tmp_path / "vendored").mkdir()
    vendored = build_wheel(tmp_path / "vendored", "pip", "24.0")
    embedded = {"demo/embed/pip-24.0-py3-none-any.whl": vendored.read_bytes()}
    wheel = build_wheel(tmp_path, "demo", "1.0", extra_members=embedded)
    inspect(wheel, wheel.name)


def test_a_file_named_like_an_archive_that_is_none_is_plain_data(tmp_path: Path) -> None:
    members = {"demo/not-really.zip": os.urandom(2048), "demo/also.tar.gz": b"\x1f\x8b junk"}
    wheel = build_wheel(tmp_path, "demo", "1.0", extra_members=members)
    inspect(wheel, wheel.name)


def test_nested_archives_share_one_byte_budget(tmp_path: Path) -> None:
    members = {f"demo/blob{index}.zip": nested_zips(1, leaf=os.urandom(4096)) for index in range(4)}
    wheel = build_wheel(tmp_path, "demo", "1.0", extra_members=members)
    inspect(wheel, wheel.name, ArchiveLimits(max_nested_bytes=5 * 4096))
    with pytest.raises(ArchiveLimitExceeded, match=r"Nested archives hold more than 12\.0 KiB"):
        inspect(wheel, wheel.name, ArchiveLimits(max_nested_bytes=3 * 4096))


def test_a_nested_tar_bomb_is_refused_while_it_streams(tmp_path: Path) -> None:
    bomb = tar_gz_of({"zeros.bin": bytes(32 * 1024**2)})
    sdist = build_sdist(tmp_path, "demo", "1.0", extra_members={"demo-1.0/data.tar.gz": bomb})
    with pytest.raises(
        ArchiveLimitExceeded, match=re.escape("'demo-1.0/data.tar.gz' expands from")
    ):
        inspect(sdist, sdist.name)
