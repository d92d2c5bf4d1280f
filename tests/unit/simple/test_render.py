from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from stilton.projects import FileView, ProjectSnapshot, ProjectSummary
from stilton.simple import render

SHA = "a" * 64
META_SHA = "b" * 64
WHEEL = FileView(
    filename="demo_pkg-1.0-py3-none-any.whl",
    path=f"12/34/{'5' * 60}/demo_pkg-1.0-py3-none-any.whl",
    version="1.0",
    packagetype="bdist_wheel",
    python_version="py3",
    requires_python=">=3.9,<4",
    size=1234,
    sha256=SHA,
    md5="c" * 32,
    blake2_256="12345" + "5" * 59,
    metadata_sha256=META_SHA,
    upload_time=datetime(2025, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
    yanked=False,
    yanked_reason=None,
)
SDIST = replace(
    WHEEL,
    filename="demo_pkg-1.0.tar.gz",
    path=f"ab/cd/{'e' * 60}/demo_pkg-1.0.tar.gz",
    packagetype="sdist",
    python_version="source",
    requires_python=None,
    sha256="d" * 64,
    metadata_sha256=None,
)
OLD = replace(
    WHEEL,
    filename="demo_pkg-0.9-py3-none-any.whl",
    path=f"ff/ff/{'f' * 60}/demo_pkg-0.9-py3-none-any.whl",
    version="0.9",
    sha256="9" * 64,
    yanked=True,
    yanked_reason='broken <build> & "bad"',
)
SNAPSHOT = ProjectSnapshot(
    name="Demo.Pkg",
    normalized_name="demo-pkg",
    last_serial=42,
    versions=("0.9", "1.0"),
    files=(OLD, WHEEL, SDIST),
)


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[tuple[dict[str, str | None], str]] = []
        self._current: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._current = dict(attrs)

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self.anchors.append((self._current, data))
            self._current = None


def anchors(body: bytes) -> list[tuple[dict[str, str | None], str]]:
    parser = _Anchors()
    parser.feed(body.decode("utf-8"))
    return parser.anchors


# --- HTML ----------------------------------------------------------------------------------


def test_project_html_has_one_anchor_per_file() -> None:
    found = anchors(render.project_html(SNAPSHOT))
    assert [text for _, text in found] == [OLD.filename, WHEEL.filename, SDIST.filename]


def test_project_html_links_carry_the_sha256_fragment() -> None:
    for attributes, text in anchors(render.project_html(SNAPSHOT)):
        file = next(f for f in SNAPSHOT.files if f.filename == text)
        assert attributes["href"] == f"../../packages/{file.path}#sha256={file.sha256}"


def test_requires_python_is_html_escaped() -> None:
    body = render.project_html(SNAPSHOT)
    assert b'data-requires-python="&gt;=3.9,&lt;4"' in body
    assert b">=3.9" not in body
    attributes = anchors(body)[1][0]
    assert attributes["data-requires-python"] == ">=3.9,<4"


def test_a_file_without_requires_python_has_no_attribute() -> None:
    attributes = anchors(render.project_html(SNAPSHOT))[2][0]
    assert "data-requires-python" not in attributes


def test_core_metadata_is_advertised_under_both_names() -> None:
    wheel, sdist = anchors(render.project_html(SNAPSHOT))[1:]
    assert wheel[0]["data-dist-info-metadata"] == f"sha256={META_SHA}"
    assert wheel[0]["data-core-metadata"] == f"sha256={META_SHA}"
    assert "data-core-metadata" not in sdist[0]
    assert "data-dist-info-metadata" not in sdist[0]


def test_a_yanked_file_carries_its_escaped_reason() -> None:
    body = render.project_html(SNAPSHOT)
    assert b'data-yanked="broken &lt;build&gt; &amp; &quot;bad&quot;"' in body
    assert anchors(body)[0][0]["data-yanked"] == 'broken <build> & "bad"'
    assert "data-yanked" not in anchors(body)[1][0]


def test_a_yanked_file_without_a_reason_has_an_empty_attribute() -> None:
    snapshot = replace(SNAPSHOT, files=(replace(OLD, yanked_reason=None),))
    body = render.project_html(snapshot)
    assert b'data-yanked=""' in body


def test_project_html_declares_the_api_version_and_escapes_the_name() -> None:
    body = render.project_html(replace(SNAPSHOT, name="<Demo>"))
    assert b'<meta name="pypi:repository-version" content="1.1">' in body
    assert b"Links for &lt;Demo&gt;" in body
    assert b"<Demo>" not in body


def test_a_project_without_files_has_no_anchors() -> None:
    assert anchors(render.project_html(replace(SNAPSHOT, files=(), versions=()))) == []


def test_index_html_links_every_project_by_normalized_name() -> None:
    projects = [ProjectSummary("Demo.Pkg", "demo-pkg", 3), ProjectSummary("other", "other", 9)]
    found = anchors(render.index_html(projects))
    assert found == [({"href": "demo-pkg/"}, "Demo.Pkg"), ({"href": "other/"}, "other")]


# --- JSON ----------------------------------------------------------------------------------


def test_project_json_document() -> None:
    document = json.loads(render.project_json(SNAPSHOT))
    assert document["meta"] == {"api-version": "1.1", "_last-serial": 42}
    assert tuple(map(int, document["meta"]["api-version"].split("."))) >= (1, 1)
    assert document["name"] == "demo-pkg"
    assert document["versions"] == ["0.9", "1.0"]
    assert [f["filename"] for f in document["files"]] == [f.filename for f in SNAPSHOT.files]


def test_project_json_file_entry() -> None:
    entry = json.loads(render.project_json(SNAPSHOT))["files"][1]
    assert entry == {
        "filename": WHEEL.filename,
        "url": f"../../packages/{WHEEL.path}",
        "hashes": {"sha256": SHA},
        "requires-python": ">=3.9,<4",
        "size": 1234,
        "upload-time": "2025-01-02T03:04:05.678901Z",
        "yanked": False,
        "core-metadata": {"sha256": META_SHA},
        "dist-info-metadata": {"sha256": META_SHA},
    }


def test_upload_time_is_iso_8601_utc_with_z() -> None:
    for entry in json.loads(render.project_json(SNAPSHOT))["files"]:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", entry["upload-time"])
        parsed = datetime.fromisoformat(entry["upload-time"].replace("Z", "+00:00"))
        assert parsed == WHEEL.upload_time


def test_a_file_without_metadata_has_no_metadata_keys() -> None:
    entry = json.loads(render.project_json(SNAPSHOT))["files"][2]
    assert "core-metadata" not in entry
    assert "dist-info-metadata" not in entry
    assert entry["requires-python"] is None


@pytest.mark.parametrize(("reason", "expected"), [("broken", "broken"), (None, True), ("", True)])
def test_yanked_is_the_reason_or_true(reason: str | None, expected: object) -> None:
    snapshot = replace(SNAPSHOT, files=(replace(OLD, yanked_reason=reason),))
    assert json.loads(render.project_json(snapshot))["files"][0]["yanked"] == expected


def test_project_json_keeps_non_ascii_as_utf8() -> None:
    snapshot = replace(SNAPSHOT, files=(replace(OLD, yanked_reason="kaputt \u2013 sorry"),))
    body = render.project_json(snapshot)
    assert "kaputt \u2013 sorry".encode() in body


def test_index_json_lists_projects_with_their_serials() -> None:
    projects = [ProjectSummary("Demo.Pkg", "demo-pkg", 3), ProjectSummary("other", "other", 9)]
    document = json.loads(render.index_json(projects, 12))
    assert document == {
        "meta": {"api-version": "1.1", "_last-serial": 12},
        "projects": [
            {"name": "Demo.Pkg", "_last-serial": 3},
            {"name": "other", "_last-serial": 9},
        ],
    }
