"""The builders' distributions are real: pip and uv install them, their RECORD is right."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.builders import build_sdist, build_wheel, tar_bomb, truncate, zip_bomb


def installed_version(target: Path, module: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = f"import {module}; print({module}.__version__)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_pip_installs_a_built_wheel(tmp_path: Path):
    wheel = build_wheel(tmp_path, "Stilton.Demo", "1.2.3", requires_dist=["nothing-needed>=1"])
    target = tmp_path / "target"

    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-index",
            "--no-deps",
            "--quiet",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )

    assert installed_version(target, "stilton_demo") == "1.2.3"
    assert (target / "stilton_demo-1.2.3.dist-info" / "METADATA").is_file()


def test_uv_installs_a_built_platform_wheel(tmp_path: Path):
    uv = shutil.which("uv") or shutil.which("uv", path=str(Path(sys.executable).parent))
    if uv is None:
        pytest.skip("uv is not installed")
    wheel = build_wheel(
        tmp_path, "demo", "2.0", python_tag="py3", platform_tag="any", build_tag="1"
    )
    target = tmp_path / "target"

    subprocess.run(
        [
            uv,
            "pip",
            "install",
            "--offline",
            "--no-index",
            "--no-deps",
            "--no-cache",
            "--quiet",
            "--python",
            sys.executable,
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )

    assert installed_version(target, "demo") == "2.0"


def test_the_record_lists_every_file_with_its_hash_and_size(tmp_path: Path):
    wheel = build_wheel(tmp_path, "demo", "1.0", extra_members={"demo/data.txt": b"data"})

    with zipfile.ZipFile(wheel) as archive:
        rows = list(csv.reader(io.StringIO(archive.read("demo-1.0.dist-info/RECORD").decode())))
        names = set(archive.namelist())
        for path, digest, size in rows:
            if path == "demo-1.0.dist-info/RECORD":
                assert (digest, size) == ("", "")
                continue
            data = archive.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert digest == f"sha256={expected.decode()}"
            assert int(size) == len(data)
    assert {row[0] for row in rows} == names


def test_the_wheel_file_lists_expanded_tags(tmp_path: Path):
    wheel = build_wheel(tmp_path, "demo", "1.0", python_tag="py2.py3")

    with zipfile.ZipFile(wheel) as archive:
        text = archive.read("demo-1.0.dist-info/WHEEL").decode()

    assert "Wheel-Version: 1.0\n" in text
    assert "Root-Is-Purelib: true\n" in text
    assert "Tag: py2-none-any\nTag: py3-none-any\n" in text


def test_an_sdist_holds_pkg_info_pyproject_and_the_module(tmp_path: Path):
    sdist = build_sdist(tmp_path, "Foo-Bar", "0.1", dynamic=["Requires-Dist"])

    with tarfile.open(sdist) as archive:
        names = archive.getnames()
        pkg_info = archive.extractfile("foo_bar-0.1/PKG-INFO")
        assert pkg_info is not None
        metadata = pkg_info.read().decode()

    assert sdist.name == "foo_bar-0.1.tar.gz"
    assert {"foo_bar-0.1/pyproject.toml", "foo_bar-0.1/foo_bar/__init__.py"} <= set(names)
    assert "Metadata-Version: 2.2\n" in metadata
    assert "Dynamic: Requires-Dist\n" in metadata


def test_builds_are_reproducible(tmp_path: Path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()

    for build in (build_wheel, build_sdist):
        assert build(first, "d", "1").read_bytes() == build(second, "d", "1").read_bytes()


def test_bombs_are_small_on_disk(tmp_path: Path):
    size = 8 * 1024**2

    assert zip_bomb(tmp_path, size=size).stat().st_size < size / 200
    assert tar_bomb(tmp_path, size=size).stat().st_size < size / 200


def test_truncate_keeps_a_fraction(tmp_path: Path):
    path = tmp_path / "file"
    path.write_bytes(bytes(1000))

    assert truncate(path, 0.25).stat().st_size == 250
    with pytest.raises(ValueError, match="keep_fraction"):
        truncate(path, 1.0)
