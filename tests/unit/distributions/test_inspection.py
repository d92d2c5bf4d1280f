from __future__ import annotations

import re
import tarfile
import zipfile
from pathlib import Path

import pytest
from packaging.version import Version

from stilton.distributions import (
    ArchiveLimitExceeded,
    ArchiveLimits,
    InvalidFilename,
    InvalidLayout,
    InvalidMetadata,
    MetadataMissing,
    NameMismatch,
    VersionMismatch,
    inspect,
)
from tests.builders import (
    build_sdist,
    build_tar_gz,
    build_wheel,
    build_zip,
    render_metadata,
)


def wheel_members(name: str, version: str, dist_info: str | None = None) -> dict[str, bytes]:
    """The smallest valid wheel content, to be broken by the test."""
    dist_info = dist_info or f"{name}-{version}.dist-info"
    return {
        f"{dist_info}/METADATA": render_metadata(name, version),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        f"{dist_info}/RECORD": b"",
    }


def test_a_wheel_is_read(tmp_path: Path):
    path = build_wheel(tmp_path, "Foo.Bar", "1.0", requires_dist=["requests>=2"])

    dist = inspect(path, path.name)

    assert dist.filename.filename == "foo_bar-1.0-py3-none-any.whl"
    assert dist.filetype == "bdist_wheel"
    assert dist.name == "Foo.Bar"
    assert dist.normalized_name == "foo-bar"
    assert dist.version == Version("1.0")
    assert dist.metadata.requires_dist == ("requests>=2",)
    assert dist.serves_metadata is True
    with zipfile.ZipFile(path) as archive:
        assert dist.metadata_bytes == archive.read("foo_bar-1.0.dist-info/METADATA")
    assert {member.path for member in dist.members} == {
        "foo_bar/__init__.py",
        "foo_bar-1.0.dist-info/METADATA",
        "foo_bar-1.0.dist-info/WHEEL",
        "foo_bar-1.0.dist-info/RECORD",
    }


@pytest.mark.parametrize(
    ("options", "filename"),
    [
        (
            {"python_tag": "cp311", "abi_tag": "cp311", "platform_tag": "manylinux_2_17_x86_64"},
            "demo-1.0-cp311-cp311-manylinux_2_17_x86_64.whl",
        ),
        ({"build_tag": "7"}, "demo-1.0-7-py3-none-any.whl"),
        ({"python_tag": "py2.py3"}, "demo-1.0-py2.py3-none-any.whl"),
    ],
)
def test_platform_and_build_tagged_wheels_are_read(tmp_path: Path, options, filename):
    path = build_wheel(tmp_path, "demo", "1.0", **options)

    assert path.name == filename
    assert inspect(path, path.name).filename.filename == filename


def test_an_sdist_is_read(tmp_path: Path):
    path = build_sdist(tmp_path, "Foo.Bar", "1.0", requires_python=">=3.11")

    dist = inspect(path, path.name)

    assert dist.filetype == "sdist"
    assert dist.filename.python_version == "source"
    assert dist.normalized_name == "foo-bar"
    assert dist.metadata.requires_python == ">=3.11"
    with tarfile.open(path) as archive:
        member = archive.extractfile("foo_bar-1.0/PKG-INFO")
        assert member is not None
        assert dist.metadata_bytes == member.read()
    assert "foo_bar-1.0/foo_bar/__init__.py" in {member.path for member in dist.members}


def test_a_zip_sdist_is_read(tmp_path: Path):
    members = {
        "demo-1.0/PKG-INFO": render_metadata("demo", "1.0", metadata_version="2.2"),
        "demo-1.0/setup.py": b"",
    }
    path = build_zip(tmp_path, "demo-1.0.zip", members)

    dist = inspect(path, path.name)

    assert dist.filetype == "sdist"
    assert dist.metadata_bytes == members["demo-1.0/PKG-INFO"]


def test_the_file_on_disk_may_have_any_name(tmp_path: Path):
    path = build_wheel(tmp_path, "demo", "1.0")
    stored = path.rename(tmp_path / "upload.tmp")

    assert inspect(stored, "demo-1.0-py3-none-any.whl").name == "demo"


@pytest.mark.parametrize(
    ("metadata_version", "dynamic", "serves"),
    [
        ("2.2", (), True),
        ("2.4", ("Summary", "License-Expression"), True),
        ("2.2", ("Requires-Dist",), False),
        ("2.3", ("requires-python",), False),
        ("2.2", ("Provides-Extra",), False),
        ("2.1", (), False),
        ("1.2", (), False),
    ],
)
def test_an_sdist_serves_its_metadata_only_when_dependencies_are_static(
    tmp_path: Path, metadata_version, dynamic, serves
):
    path = build_sdist(tmp_path, "demo", "1.0", metadata_version=metadata_version, dynamic=dynamic)

    assert inspect(path, path.name).serves_metadata is serves


def test_a_wheel_always_serves_its_metadata(tmp_path: Path):
    path = build_wheel(tmp_path, "demo", "1.0", metadata_version="1.2")

    assert inspect(path, path.name).serves_metadata is True


def test_names_and_versions_are_compared_normalized(tmp_path: Path):
    members = {
        "Foo.Bar-1.0.0/PKG-INFO": render_metadata("FOO_bar", "1.0.0", metadata_version="2.2"),
    }
    path = build_tar_gz(tmp_path, "foo_bar-1.0.tar.gz", members)

    dist = inspect(path, path.name)

    assert (dist.name, dist.version) == ("FOO_bar", Version("1.0"))


def test_the_dist_info_directory_is_matched_case_insensitively(tmp_path: Path):
    path = build_zip(tmp_path, "foo_bar-1.0-py3-none-any.whl", wheel_members("Foo_Bar", "1.0"))

    assert inspect(path, path.name).normalized_name == "foo-bar"


def test_a_different_name_in_the_metadata_is_refused(tmp_path: Path):
    path = build_wheel(tmp_path, "foo", "1.0", metadata_override=render_metadata("bar", "1.0"))

    with pytest.raises(NameMismatch) as raised:
        inspect(path, path.name)

    assert str(raised.value) == "Name in metadata 'bar' does not match the filename's 'foo'"
    assert raised.value.code == "name-mismatch"


def test_a_different_version_in_the_metadata_is_refused(tmp_path: Path):
    path = build_sdist(tmp_path, "foo", "1.0", metadata_override=render_metadata("foo", "1.1"))

    with pytest.raises(VersionMismatch) as raised:
        inspect(path, path.name)

    assert str(raised.value) == "Version in metadata '1.1' does not match the filename's '1.0'"
    assert raised.value.code == "version-mismatch"


def test_invalid_metadata_inside_an_archive_is_refused(tmp_path: Path):
    bad = b"Metadata-Version: 2.1\nName: foo\nVersion: not-a-version\n"
    path = build_wheel(tmp_path, "foo", "1.0", metadata_override=bad)

    with pytest.raises(InvalidMetadata) as raised:
        inspect(path, path.name)

    assert raised.value.field == "version"


def test_the_filename_is_checked_before_the_file_is_opened(tmp_path: Path):
    with pytest.raises(InvalidFilename):
        inspect(tmp_path / "missing", "setup.exe")


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"demo/__init__.py": b""}, "Wheel has no .dist-info directory"),
        (
            {"demo-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\n"},
            "Wheel has no 'demo-1.0.dist-info/METADATA' file",
        ),
        (
            {"demo-1.0.dist-info/METADATA": render_metadata("demo", "1.0")},
            "Wheel has no 'demo-1.0.dist-info/WHEEL' file",
        ),
        (
            {"demo-1.0.dist-info/METADATA/": b"", "demo-1.0.dist-info/WHEEL": b""},
            "Wheel has no 'demo-1.0.dist-info/METADATA' file",
        ),
        (
            {
                "demo-1.0.dist-info/METADATA": render_metadata("demo", "1.0"),
                "demo-1.0.dist-info/WHEEL": b"Wheel-Version: 1.0\n",
            },
            "Wheel has no 'demo-1.0.dist-info/RECORD' file",
        ),
    ],
)
def test_a_wheel_without_its_metadata_files_is_refused(tmp_path: Path, members, message):
    path = build_zip(tmp_path, "demo-1.0-py3-none-any.whl", members)

    with pytest.raises(MetadataMissing) as raised:
        inspect(path, path.name)

    assert str(raised.value) == message
    assert raised.value.code == "metadata-missing"


def test_a_wheel_with_two_dist_info_directories_is_refused(tmp_path: Path):
    extra = {"other-1.0.dist-info/METADATA": render_metadata("other", "1.0")}
    path = build_wheel(tmp_path, "demo", "1.0", extra_members=extra)

    with pytest.raises(InvalidLayout, match=re.escape("2 .dist-info directories")) as raised:
        inspect(path, path.name)

    assert raised.value.code == "invalid-layout"


def test_a_wheel_whose_dist_info_names_another_project_is_refused(tmp_path: Path):
    path = build_zip(
        tmp_path, "demo-1.0-py3-none-any.whl", wheel_members("demo", "1.0", "other-1.0.dist-info")
    )

    with pytest.raises(
        InvalidLayout, match=re.escape("'other-1.0.dist-info' directory does not match")
    ):
        inspect(path, path.name)


def test_an_sdist_without_pkg_info_is_refused(tmp_path: Path):
    path = build_tar_gz(tmp_path, "demo-1.0.tar.gz", {"demo-1.0/setup.py": b""})

    with pytest.raises(MetadataMissing, match=re.escape("no 'demo-1.0/PKG-INFO' file")):
        inspect(path, path.name)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (
            {"demo-1.0/PKG-INFO": b"", "stray.txt": b""},
            "exactly one top-level directory; this one has 2 top-level entries",
        ),
        (
            {"demo-1.0/PKG-INFO": b"", "other-1.0/PKG-INFO": b""},
            "exactly one top-level directory; this one has 2 top-level entries",
        ),
        ({"PKG-INFO": b""}, "only top-level entry 'PKG-INFO' is not a directory"),
        ({"demo-1.0-src/PKG-INFO": b""}, "'demo-1.0-src' does not match"),
        ({"demo-2.0/PKG-INFO": b""}, "'demo-2.0' does not match"),
        ({"demo/PKG-INFO": b""}, "'demo' does not match"),
    ],
)
def test_an_sdist_must_hold_one_matching_top_level_directory(tmp_path: Path, members, message):
    path = build_tar_gz(tmp_path, "demo-1.0.tar.gz", members)

    with pytest.raises(InvalidLayout, match=re.escape(message)):
        inspect(path, path.name)


def test_a_stray_member_in_a_built_sdist_is_refused(tmp_path: Path):
    path = build_sdist(tmp_path, "demo", "1.0", extra_members={"setup.py": b""})

    with pytest.raises(InvalidLayout):
        inspect(path, path.name)


@pytest.mark.parametrize(
    ("build", "filename", "message"),
    [
        (build_zip, "demo-1.0-py3-none-any.whl", "Wheel has no .dist-info directory"),
        (build_zip, "demo-1.0.zip", "The sdist is empty; it must hold demo-1.0/PKG-INFO"),
        (build_tar_gz, "demo-1.0.tar.gz", "The sdist is empty; it must hold demo-1.0/PKG-INFO"),
    ],
)
def test_an_empty_archive_has_no_metadata(tmp_path: Path, build, filename, message):
    path = build(tmp_path, filename, {})

    with pytest.raises(MetadataMissing) as raised:
        inspect(path, path.name)

    assert str(raised.value) == message


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_an_oversized_metadata_file_is_refused(tmp_path: Path, kind):
    build = build_wheel if kind == "wheel" else build_sdist
    path = build(tmp_path, "demo", "1.0", description="x" * 5_000)

    with pytest.raises(ArchiveLimitExceeded, match=r"Metadata file .* is larger than the limit"):
        inspect(path, path.name, ArchiveLimits(max_metadata_size=4_000))
