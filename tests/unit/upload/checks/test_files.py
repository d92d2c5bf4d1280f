from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from packaging.version import Version

from stilton.upload import UploadRules
from stilton.upload.checks import files as checks
from stilton.upload.errors import (
    DigestMismatch,
    FileAlreadyExists,
    FiletypeMismatch,
    PlatformTagRefused,
    ReleaseTooOld,
    SdistAlreadyExists,
    SdistFilenameRefused,
)
from tests.builders import build_sdist, build_tar_gz, build_wheel, build_zip, render_metadata
from tests.unit.upload.conftest import NOW, MemoryLedger, UploadFactory, incoming

DIGESTS = ["sha256_digest", "md5_digest", "blake2_256_digest"]


# --- filetype and digests --------------------------------------------------------------------


def test_the_declared_filetype_matches(make_upload: UploadFactory, sdist_path: Path) -> None:
    checks.require_filetype_matches_file(make_upload(filetype="bdist_wheel"))
    checks.require_filetype_matches_file(make_upload(sdist_path, filetype="sdist"))


def test_sdist_declared_for_a_wheel_is_refused(make_upload: UploadFactory) -> None:
    with pytest.raises(FiletypeMismatch, match="'sdist' does not match the file"):
        checks.require_filetype_matches_file(make_upload(filetype="sdist"))


def test_a_wheel_declared_for_an_sdist_is_refused(
    make_upload: UploadFactory, sdist_path: Path
) -> None:
    with pytest.raises(FiletypeMismatch, match=r"demo_pkg-1\.0\.tar\.gz"):
        checks.require_filetype_matches_file(make_upload(sdist_path, filetype="bdist_wheel"))


def test_no_digests_pass(make_upload: UploadFactory) -> None:
    checks.require_digests_match(make_upload())


def test_blank_digests_pass(make_upload: UploadFactory) -> None:
    checks.require_digests_match(make_upload(**dict.fromkeys(DIGESTS, "")))


def test_right_digests_pass_in_any_case(make_upload: UploadFactory, wheel_path: Path) -> None:
    file = incoming(wheel_path)
    right = {
        "sha256_digest": file.sha256,
        "md5_digest": file.md5.upper(),
        "blake2_256_digest": f" {file.blake2_256} ",
    }
    checks.require_digests_match(make_upload(**right))


@pytest.mark.parametrize("field", DIGESTS)
def test_a_wrong_digest_is_refused(
    make_upload: UploadFactory, wheel_path: Path, field: str
) -> None:
    file = incoming(wheel_path)
    right = {
        "sha256_digest": file.sha256,
        "md5_digest": file.md5,
        "blake2_256_digest": file.blake2_256,
    }
    wrong = {**right, field: "0" * len(right[field])}
    with pytest.raises(DigestMismatch, match=field.removesuffix("_digest")) as caught:
        checks.require_digests_match(make_upload(**wrong))
    assert "corrupted" in caught.value.message


# --- platform tags -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "platform",
    [
        "any",
        "manylinux_2_17_x86_64.manylinux2014_x86_64",
        "musllinux_1_2_aarch64",
        "macosx_11_0_arm64",
        "win_amd64",
        "manylinux1_i686",
    ],
)
def test_platforms_installers_match_pass(
    make_upload: UploadFactory, tmp_path: Path, platform: str
) -> None:
    wheel = build_wheel(
        tmp_path, "demo", "1.0", abi_tag="cp311", python_tag="cp311", platform_tag=platform
    )
    checks.refuse_unsupported_platform(make_upload(wheel))


@pytest.mark.parametrize(
    ("platform", "message"),
    [
        ("linux_x86_64", "unsupported platform tag 'linux_x86_64'"),
        ("manylinux_2_3_x86_64", "names no real glibc version"),
        ("musllinux_1_10_x86_64", "names no real musl version"),
        ("macosx_9_0_x86_64", "names no real macOS version"),
        ("any.commodore64", "unsupported platform tag 'commodore64'"),
    ],
)
def test_other_platforms_are_refused(
    make_upload: UploadFactory, tmp_path: Path, platform: str, message: str
) -> None:
    wheel = build_wheel(tmp_path, "demo", "1.0", platform_tag=platform)
    with pytest.raises(PlatformTagRefused, match=message):
        checks.refuse_unsupported_platform(make_upload(wheel))


# --- PEP 625 sdists ------------------------------------------------------------------------


def test_a_normalized_sdist_filename_passes(make_upload: UploadFactory, sdist_path: Path) -> None:
    assert sdist_path.name == "demo_pkg-1.0.tar.gz"
    checks.require_pep625_sdist_filename(make_upload(sdist_path))
    checks.require_pep625_sdist_filename(make_upload())  # wheels are not concerned


@pytest.mark.parametrize(
    ("name", "version", "expected"),
    [
        ("Demo.Pkg", "1.0", "demo_pkg-1.0.tar.gz"),
        ("Demo_Pkg", "1.0", "demo_pkg-1.0.tar.gz"),
        ("demo_pkg", "1.0.post_1", "demo_pkg-1.0.post1.tar.gz"),
        ("demo_pkg", "1.0RC1", "demo_pkg-1.0rc1.tar.gz"),
    ],
)
def test_an_sdist_filename_that_is_not_normalized_is_refused(
    make_upload: UploadFactory, tmp_path: Path, name: str, version: str, expected: str
) -> None:
    root = f"{name}-{version}"
    sdist = build_tar_gz(
        tmp_path,
        f"{root}.tar.gz",
        {f"{root}/PKG-INFO": render_metadata(name, version, metadata_version="2.2")},
    )
    with pytest.raises(SdistFilenameRefused, match=f"as in '{expected}'"):
        checks.require_pep625_sdist_filename(make_upload(sdist))


def test_a_zip_sdist_is_refused(make_upload: UploadFactory, tmp_path: Path) -> None:
    sdist = build_zip(
        tmp_path,
        "demo_pkg-1.0.zip",
        {"demo_pkg-1.0/PKG-INFO": render_metadata("demo.pkg", "1.0", metadata_version="2.2")},
    )
    with pytest.raises(SdistFilenameRefused, match=r"an sdist must be a \.tar\.gz"):
        checks.require_pep625_sdist_filename(make_upload(sdist))


# --- filenames used before -----------------------------------------------------------------


def test_a_new_filename_passes(make_upload: UploadFactory) -> None:
    checks.refuse_reused_filename(make_upload())


def test_the_same_file_again_passes(
    make_upload: UploadFactory, ledger: MemoryLedger, wheel_path: Path
) -> None:
    ledger.files[wheel_path.name] = incoming(wheel_path).sha256
    upload = make_upload()
    checks.refuse_reused_filename(upload)
    assert upload.is_stored_already


def test_a_filename_with_other_contents_is_refused(
    make_upload: UploadFactory, ledger: MemoryLedger, wheel_path: Path
) -> None:
    ledger.files[wheel_path.name] = "0" * 64
    with pytest.raises(FileAlreadyExists, match=r"File already exists: .* with other contents"):
        checks.refuse_reused_filename(make_upload())


def test_a_deleted_filename_is_refused_forever(
    make_upload: UploadFactory, ledger: MemoryLedger, wheel_path: Path
) -> None:
    ledger.deleted.add(wheel_path.name)
    with pytest.raises(FileAlreadyExists, match="was deleted and cannot be reused"):
        checks.refuse_reused_filename(make_upload())


def test_the_same_contents_under_another_name_are_refused(
    make_upload: UploadFactory, ledger: MemoryLedger, wheel_path: Path
) -> None:
    ledger.files["other-1.0-py3-none-any.whl"] = incoming(wheel_path).sha256
    with pytest.raises(FileAlreadyExists, match=r"same contents as 'other-1\.0-py3-none-any\.whl'"):
        checks.refuse_reused_filename(make_upload())


# --- one sdist per release -----------------------------------------------------------------


def test_the_first_sdist_of_a_release_passes(
    make_upload: UploadFactory, ledger: MemoryLedger, sdist_path: Path
) -> None:
    ledger.add_project("Demo.Pkg")
    checks.refuse_second_sdist(make_upload(sdist_path))


def test_a_second_sdist_is_refused(
    make_upload: UploadFactory, ledger: MemoryLedger, sdist_path: Path
) -> None:
    ledger.add_project("Demo.Pkg")
    ledger.sdists["demo-pkg", Version("1.0")] = "demo_pkg-1.0.zip"
    with pytest.raises(SdistAlreadyExists, match=r"has an sdist already \('demo_pkg-1\.0\.zip'\)"):
        checks.refuse_second_sdist(make_upload(sdist_path))


def test_the_same_sdist_again_and_wheels_pass(
    make_upload: UploadFactory, ledger: MemoryLedger, sdist_path: Path
) -> None:
    ledger.add_project("Demo.Pkg")
    ledger.sdists["demo-pkg", Version("1.0")] = sdist_path.name
    checks.refuse_second_sdist(make_upload(sdist_path))
    checks.refuse_second_sdist(make_upload())


def test_a_new_project_asks_nothing_about_sdists(
    make_upload: UploadFactory, ledger: MemoryLedger, sdist_path: Path
) -> None:
    checks.refuse_second_sdist(make_upload(sdist_path))
    assert "sdist_of" not in ledger.asked


# --- the window for new files --------------------------------------------------------------

WINDOW = UploadRules(new_file_window=timedelta(days=14))


def test_without_a_window_old_releases_take_files(
    make_upload: UploadFactory, ledger: MemoryLedger
) -> None:
    ledger.add_project("Demo.Pkg")
    ledger.releases["demo-pkg", Version("1.0")] = NOW - timedelta(days=400)
    checks.refuse_files_on_old_releases(make_upload())
    assert "release_created" not in ledger.asked


@pytest.mark.parametrize("age", [timedelta(0), timedelta(days=13, hours=23)])
def test_a_release_inside_the_window_takes_files(
    make_upload: UploadFactory, ledger: MemoryLedger, age: timedelta
) -> None:
    ledger.add_project("Demo.Pkg")
    ledger.releases["demo-pkg", Version("1.0")] = NOW - age
    checks.refuse_files_on_old_releases(make_upload(rules=WINDOW))


def test_a_new_release_takes_files(make_upload: UploadFactory, ledger: MemoryLedger) -> None:
    ledger.add_project("Demo.Pkg")
    checks.refuse_files_on_old_releases(make_upload(rules=WINDOW))


def test_a_release_older_than_the_window_is_refused(
    make_upload: UploadFactory, ledger: MemoryLedger
) -> None:
    ledger.add_project("Demo.Pkg")
    ledger.releases["demo-pkg", Version("1.0")] = NOW - timedelta(days=14, seconds=1)
    with pytest.raises(ReleaseTooOld, match=r"created on 2026-05-18; .* for 14 days only"):
        checks.refuse_files_on_old_releases(make_upload(rules=WINDOW))


def test_an_sdist_of_an_old_release_is_refused_too(
    make_upload: UploadFactory, ledger: MemoryLedger, tmp_path: Path
) -> None:
    ledger.add_project("demo")
    ledger.releases["demo", Version("2.0")] = NOW - timedelta(days=30)
    with pytest.raises(ReleaseTooOld):
        checks.refuse_files_on_old_releases(
            make_upload(build_sdist(tmp_path, "demo", "2.0"), rules=WINDOW)
        )
