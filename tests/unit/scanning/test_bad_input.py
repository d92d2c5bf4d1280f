"""Hostile and broken input: every scan ends inside its bounds with a verdict, never a crash."""

from __future__ import annotations

import gzip
import io
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from stilton.scanning import ScanPolicy, Verdict, scan_file
from tests.builders import build_tar_gz, build_zip, tar_bomb, truncate, zip_bomb
from tests.unit.scanning.conftest import rules_of

QUICK = 10.0  # seconds; every case here finishes far below this even on a busy machine


def timed(path: Path, **options):
    started = time.monotonic()
    report = scan_file(path, **options)
    elapsed = time.monotonic() - started
    assert elapsed < QUICK
    return report


def test_zip_bomb(tmp_path):
    report = timed(zip_bomb(tmp_path, size=64 * 1024**2))
    assert "archive-limit" in rules_of(report)
    assert report.verdict is Verdict.SUSPICIOUS


def test_zip_bomb_named_py_is_never_inflated(tmp_path):
    report = timed(zip_bomb(tmp_path, size=64 * 1024**2, member="bomb/payload.py"))
    assert "archive-limit" in rules_of(report)


def test_tar_bomb(tmp_path):
    report = timed(tar_bomb(tmp_path, size=64 * 1024**2))
    assert "archive-limit" in rules_of(report)
    assert report.verdict is Verdict.SUSPICIOUS


def test_deeply_nested_archives(tmp_path):
    inner = b"print('innermost')\n"
    name = "inner.py"
    for depth in range(30):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name, inner)
        inner, name = buffer.getvalue(), f"level{depth}.zip"
    path = build_zip(tmp_path, "nested-1.0-py3-none-any.whl", {"nested/data.zip": inner})
    report = timed(path)
    assert report.verdict is not Verdict.MALICIOUS


def test_gigantic_single_line(tmp_path):
    line = b"x = '" + b"A" * (50 * 1024**2) + b"'\n"
    path = build_zip(
        tmp_path,
        "big-1.0-py3-none-any.whl",
        {"big/__init__.py": line},
        compression=zipfile.ZIP_STORED,
    )
    report = timed(path)
    assert report.verdict is Verdict.CLEAN
    assert "unparsable-source" in rules_of(report)


def test_binary_junk_named_py(tmp_path):
    junk = bytes(range(256)) * 400
    report = timed(build_zip(tmp_path, "junk-1.0-py3-none-any.whl", {"junk/__init__.py": junk}))
    assert report.verdict is Verdict.CLEAN


def test_non_utf8_source(tmp_path):
    latin = "# -*- coding: latin-1 -*-\nname = 'café'\n".encode("latin-1")
    broken = b"name = '\xff\xfe\xfa'\n"
    path = build_zip(tmp_path, "enc-1.0-py3-none-any.whl", {"enc/a.py": latin, "enc/b.py": broken})
    assert timed(path).verdict is Verdict.CLEAN


@pytest.mark.parametrize(
    "source",
    [
        "def broken(:\n",
        "print 'python 2'\nexec 'x = 1'\n",
        "x = " + "+".join(["a"] * 100_000) + "\n",
        "x = " + "(" * 250 + ")" * 250 + "\n",
        "\x00\x00\x00",
    ],
    ids=["syntax-error", "python-2", "deep-binop", "deep-parens", "nul-bytes"],
)
def test_unparsable_sources(tmp_path, source):
    path = build_zip(tmp_path, "bad-1.0-py3-none-any.whl", {"bad/__init__.py": source.encode()})
    assert timed(path).verdict is Verdict.CLEAN


def test_deep_nesting_that_parses(tmp_path):
    source = (
        "x = 1\n" + "".join(" " * i + f"if x == {i}:\n" for i in range(90)) + " " * 90 + "pass\n"
    )
    path = build_zip(tmp_path, "deep-1.0-py3-none-any.whl", {"deep/__init__.py": source.encode()})
    assert timed(path).verdict is Verdict.CLEAN


@pytest.mark.parametrize("fraction", [0.0, 0.3, 0.9])
def test_truncated_archives(tmp_path, wheel, fraction):
    path = truncate(wheel({"sample/m.py": "x = 1\n" * 500}), fraction)
    report = timed(path)
    assert report.verdict is Verdict.SUSPICIOUS
    assert "unreadable-archive" in rules_of(report)


def test_truncated_sdist(tmp_path, sdist):
    path = truncate(sdist({"sample/m.py": "x = 1\n" * 5000}), 0.5)
    assert timed(path).verdict is Verdict.SUSPICIOUS


def test_not_an_archive(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    report = timed(path)
    assert rules_of(report) == {"unreadable-archive"}
    assert report.verdict is Verdict.SUSPICIOUS


def test_empty_file(tmp_path):
    path = tmp_path / "empty-1.0.tar.gz"
    path.write_bytes(b"")
    assert timed(path).verdict is Verdict.SUSPICIOUS


def test_missing_file(tmp_path):
    report = scan_file(tmp_path / "gone-1.0.tar.gz")
    assert rules_of(report) == {"unreadable-archive"}


def test_gzip_that_is_not_a_tar(tmp_path):
    path = tmp_path / "plain-1.0.tar.gz"
    path.write_bytes(gzip.compress(b"just text, not a tar" * 100))
    assert timed(path).verdict is Verdict.SUSPICIOUS


def test_huge_pax_header(tmp_path):
    path = tmp_path / "pax-1.0.tar.gz"
    with (
        gzip.open(path, "wb") as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        info = tarfile.TarInfo("pax-1.0/PKG-INFO")
        info.pax_headers = {"comment": "x" * (2 * 1024**2)}
        tar.addfile(info, io.BytesIO(b""))
    report = timed(path)
    assert report.verdict is Verdict.SUSPICIOUS


def test_many_small_members_within_budget(tmp_path):
    members = {f"many/m{i}.py": b"x = 1\n" for i in range(3000)}
    report = timed(build_zip(tmp_path, "many-1.0-py3-none-any.whl", members))
    assert report.verdict is Verdict.CLEAN


def test_time_budget_stops_the_scan(tmp_path, wheel):
    body = "import subprocess, requests\nsubprocess.run(requests.get(URL).text, shell=True)\n"
    files = {f"sample/m{i}.py": body * 200 for i in range(40)}
    report = scan_file(wheel(files), policy=ScanPolicy(time_budget=0.001))
    assert "scan-incomplete" in rules_of(report)


def test_tar_with_devices_and_links(tmp_path):
    path = build_tar_gz(
        tmp_path,
        "dev-1.0.tar.gz",
        {"dev-1.0/PKG-INFO": b"Metadata-Version: 2.1\nName: dev\nVersion: 1.0\n"},
        hardlinks={"dev-1.0/passwd": "/etc/passwd"},
        devices=["dev-1.0/null"],
    )
    report = timed(path)
    assert "unsafe-member" in rules_of(report)
    assert report.verdict is Verdict.SUSPICIOUS


def test_links_inside_an_sdist_are_not_unsafe(tmp_path):
    path = build_tar_gz(
        tmp_path,
        "linked-1.0.tar.gz",
        {"linked-1.0/PKG-INFO": b"Metadata-Version: 2.1\nName: linked\nVersion: 1.0\n"},
        symlinks={"linked-1.0/tests/data/style.css": "../../linked/style.css"},
    )
    assert "unsafe-member" not in rules_of(timed(path))
