"""Decompression bombs: archives that are small on disk and enormous once expanded.

Zeros deflate about 1,000 to 1, so the default 100 MiB member is about 100 KiB on disk, well past
the default ratio limit of 200, and takes well under a second to build. Pass a smaller
`size` (16 MiB is plenty past the ratio threshold) where speed matters.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import IO

from tests.builders.archives import open_tar_gz, tar_info, zip_info
from tests.builders.metadata import render_metadata, render_wheel_file

BOMB_SIZE = 100 * 1024**2
_CHUNK = 1024**2
_ZIP64_FROM = 2**31 - 1


def zip_bomb(
    dest: Path,
    filename: str = "bomb-1.0-py3-none-any.whl",
    *,
    size: int = BOMB_SIZE,
    member: str = "bomb/zeros.bin",
) -> Path:
    """A zip holding `size` zero bytes as `member`; a wheel filename also gets a valid
    `.dist-info` (METADATA, WHEEL, RECORD), so the bomb is its only fault."""
    path = dest / filename
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if filename.endswith(".whl"):
            name, version = filename.split("-")[:2]
            dist_info = f"{name}-{version}.dist-info"
            archive.writestr(zip_info(f"{dist_info}/METADATA"), render_metadata(name, version))
            archive.writestr(
                zip_info(f"{dist_info}/WHEEL"), render_wheel_file("py3", "none", "any")
            )
            archive.writestr(zip_info(f"{dist_info}/RECORD"), b"")
        with archive.open(zip_info(member), "w", force_zip64=size >= _ZIP64_FROM) as out:
            _write_zeros(out, size)
    return path


def tar_bomb(
    dest: Path,
    filename: str = "bomb-1.0.tar.gz",
    *,
    size: int = BOMB_SIZE,
    member: str = "zeros.bin",
) -> Path:
    """An sdist-shaped gzipped tar (`{root}/PKG-INFO`) whose `{root}/{member}` is `size` zeros."""
    path = dest / filename
    root = filename.removesuffix(".tar.gz")
    name, _, version = root.rpartition("-")
    metadata = render_metadata(name, version, metadata_version="2.2")
    with open_tar_gz(path) as archive:
        info = tar_info(f"{root}/PKG-INFO")
        info.size = len(metadata)
        archive.addfile(info, io.BytesIO(metadata))
        info = tar_info(f"{root}/{member}")
        info.size = size
        archive.addfile(info, _Zeros(size))
    return path


def nested_zips(levels: int, leaf: bytes = b"the bottom\n") -> bytes:
    """A zip holding a zip holding a zip ..., `levels` zips in all counting the outermost, with
    `leaf` at the bottom: the shape of recursive bombs such as 42.zip, in a few hundred bytes."""
    data, name = leaf, "leaf.txt"
    for level in range(levels, 0, -1):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(zip_info(name), data)
        data, name = buffer.getvalue(), f"level-{level}.zip"
    return data


def _write_zeros(out: IO[bytes], size: int) -> None:
    chunk = memoryview(bytes(_CHUNK))
    remaining = size
    while remaining:
        step = min(remaining, _CHUNK)
        out.write(chunk[:step])
        remaining -= step


class _Zeros:
    """`size` zero bytes, made as they are read."""

    def __init__(self, size: int) -> None:
        self._left = size

    def read(self, size: int = -1) -> bytes:
        step = self._left if size < 0 else min(size, self._left)
        self._left -= step
        return bytes(step)
