"""What installers see on the simple pages and files: negotiation, caching headers, ranges.

Each page is asked for twice: the first answer is rendered by the route, the second comes from
the cache shortcut that answers before routing; both must agree.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.builders import build_wheel
from tests.integration.conftest import BASE_URL, Index

JSON_TYPE = "application/vnd.pypi.simple.v1+json"
HTML_V1_TYPE = "application/vnd.pypi.simple.v1+html"


@pytest.fixture
def published(index: Index, project_name: str, tmp_path: Path) -> Path:
    wheel = build_wheel(tmp_path, project_name, "1.0", requires_python=">=3.9")
    assert index.upload(wheel).status_code == 200
    return wheel


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (None, "text/html; charset=utf-8"),
        ("*/*", "text/html; charset=utf-8"),
        ("image/png", "text/html; charset=utf-8"),
        ("text/html", "text/html; charset=utf-8"),
        (JSON_TYPE, JSON_TYPE),
        (f"{JSON_TYPE}, {HTML_V1_TYPE};q=0.1, text/html;q=0.01", JSON_TYPE),
        (HTML_V1_TYPE, HTML_V1_TYPE),
    ],
)
@pytest.mark.usefixtures("published")
def test_pages_follow_the_accept_header(
    index: Index, project_name: str, accept: str | None, content_type: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    for path in (f"/simple/{project_name}/", "/simple/"):
        first = index.get(path, headers=headers)
        second = index.get(path, headers=headers)
        for response in (first, second):
            assert response.status_code == 200
            assert response.headers["content-type"] == content_type
            assert "Accept" in response.headers["vary"]
            assert response.headers["cache-control"] == "max-age=600, public"
            assert int(response.headers["x-pypi-last-serial"]) > 0
        assert first.content == second.content
        assert first.headers["etag"] == second.headers["etag"]


@pytest.mark.usefixtures("published")
def test_the_format_parameter_overrides_accept(index: Index, project_name: str) -> None:
    response = index.get(f"/simple/{project_name}/?format=json", headers={"Accept": "text/html"})
    assert response.headers["content-type"] == JSON_TYPE
    assert response.json()["name"] == project_name


@pytest.mark.usefixtures("published")
def test_an_etag_answers_304(index: Index, project_name: str) -> None:
    path = f"/simple/{project_name}/"
    etag = index.get(path).headers["etag"]
    for _ in range(2):  # routed, then from the shortcut
        response = index.get(path, headers={"If-None-Match": etag})
        assert response.status_code == 304
        assert response.content == b""
        assert response.headers["etag"] == etag
    assert index.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.usefixtures("published")
def test_pages_are_gzipped_when_asked(index: Index, project_name: str) -> None:
    path = f"/simple/{project_name}/"
    plain = index.get(path, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    for _ in range(2):
        response = index.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.headers["content-encoding"] == "gzip"
        assert response.content == plain.content  # httpx decodes it
        assert response.headers["etag"] != plain.headers["etag"]


def test_a_page_changes_when_its_project_does(
    index: Index, project_name: str, published: Path, tmp_path: Path
) -> None:
    path = f"/simple/{project_name}/"
    index.get(path)
    before = index.get(path)  # cached
    assert index.upload(build_wheel(tmp_path, project_name, "1.1")).status_code == 200
    after = index.get(path)
    assert after.headers["etag"] != before.headers["etag"]
    assert int(after.headers["x-pypi-last-serial"]) > int(before.headers["x-pypi-last-serial"])
    assert "-1.1-" in after.text


def test_an_unknown_project_is_a_plain_404(index: Index) -> None:
    for accept in (None, JSON_TYPE):
        headers = {"Accept": accept} if accept else {}
        response = index.get("/simple/no-such-project/", headers=headers)
        assert response.status_code == 404


def test_head_on_a_page(index: Index, project_name: str, published: Path) -> None:
    for _ in range(2):
        response = index.request("HEAD", f"/simple/{project_name}/")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")


def file_url(index: Index, project_name: str) -> str:
    document = index.get(f"/simple/{project_name}/", headers={"Accept": JSON_TYPE}).json()
    return urljoin(f"{BASE_URL}/simple/{project_name}/", document["files"][0]["url"])


def test_files_answer_range_requests(index: Index, project_name: str, published: Path) -> None:
    url = file_url(index, project_name)
    data = published.read_bytes()
    size = len(data)
    assert index.request("HEAD", url).headers["accept-ranges"] == "bytes"
    for header, expected, content_range in (
        ("bytes=0-9", data[:10], f"bytes 0-9/{size}"),
        ("bytes=10-", data[10:], f"bytes 10-{size - 1}/{size}"),
        ("bytes=-20", data[-20:], f"bytes {size - 20}-{size - 1}/{size}"),
    ):
        response = index.get(url, headers={"Range": header})
        assert response.status_code == 206, header
        assert response.content == expected
        assert response.headers["content-range"] == content_range
    assert index.get(url, headers={"Range": f"bytes={size + 10}-"}).status_code == 416


def test_files_are_never_compressed(index: Index, project_name: str, published: Path) -> None:
    url = file_url(index, project_name)
    response = index.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert "content-encoding" not in response.headers
    assert response.content == published.read_bytes()
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["cache-control"] == "max-age=31536000, immutable"


def test_the_index_json_lists_projects_with_serials(
    index: Index, project_name: str, published: Path
) -> None:
    document = index.get("/simple/", headers={"Accept": JSON_TYPE}).json()
    assert document["meta"]["api-version"] == "1.1"
    (entry,) = [p for p in document["projects"] if p["name"] == project_name]
    assert entry["_last-serial"] > 0
    assert document["meta"]["_last-serial"] >= entry["_last-serial"]
