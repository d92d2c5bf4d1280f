"""What clients see over HTTP from a live server: pages (CLIENTS.md 1-6, 11, 12), files
(7-10), the JSON API (21, 23), and the paths upload tools probe (18, 19)."""

from __future__ import annotations

import gzip
import hashlib
import http.client
from datetime import datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from packaging.utils import canonicalize_name

from tests.e2e.samples import APP, CORE, LIB, NATIVE, Sample, Samples
from tests.e2e.server import LiveServer

pytestmark = pytest.mark.e2e

JSON_V1 = "application/vnd.pypi.simple.v1+json"
HTML_V1 = "application/vnd.pypi.simple.v1+html"
IDENTITY = {"Accept-Encoding": "identity"}


def get(server: LiveServer, path: str, **headers: str) -> httpx.Response:
    return server.http.get(f"{server.url}{path}", headers={**IDENTITY, **headers})


def raw_get(server: LiveServer, path: str) -> tuple[int, dict[str, str], bytes]:
    """GET `path` exactly as written: no client-side normalization of dots or escapes."""
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def api_version(document: dict[str, Any]) -> tuple[int, ...]:
    return tuple(int(part) for part in document["meta"]["api-version"].split("."))


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


def project_json(server: LiveServer, project: str) -> dict[str, Any]:
    response = get(server, f"/simple/{project}/", Accept=JSON_V1)
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def file_url(server: LiveServer, sample: Sample) -> str:
    """The absolute URL of `sample`, resolved from its project page as a client resolves it."""
    page = f"{server.url}/simple/{sample.normalized_project}/"
    for entry in project_json(server, sample.normalized_project)["files"]:
        if entry["filename"] == sample.filename:
            url: str = entry["url"]
            return urljoin(page, url)
    raise AssertionError(f"{sample.filename} is not on {page}")


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open = dict(attrs)

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.anchors.append((self._open, data))
            self._open = None


def anchors(html: str) -> dict[str, dict[str, str | None]]:
    parser = _Anchors()
    parser.feed(html)
    return {text: attributes for attributes, text in parser.anchors}


# --- pages: negotiation ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/simple/", f"/simple/{APP}/"])
@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/html"),
        ("*/*", "text/html"),
        ("text/plain", "text/html"),
        ("application/json", "text/html"),
        ("text/html", "text/html"),
        (HTML_V1, HTML_V1),
        (JSON_V1, JSON_V1),
        (f"{JSON_V1}, {HTML_V1};q=0.2, text/html;q=0.01", JSON_V1),
        (f"{JSON_V1};q=0.5, text/html;q=0.9", "text/html"),
        (f"text/html;q=0.5, {JSON_V1}", JSON_V1),
        (f"{JSON_V1};q=0, text/html", "text/html"),
    ],
)
def test_pages_follow_accept_and_never_answer_406(
    published: LiveServer, path: str, accept: str | None, expected: str
) -> None:
    response = get(published, path, **({"Accept": accept} if accept else {}))

    assert response.status_code == 200
    assert media_type(response) == expected
    assert "accept" in response.headers["vary"].lower()
    if expected == JSON_V1:
        assert api_version(response.json()) >= (1, 1)
    else:
        assert response.text.lstrip().lower().startswith("<!doctype html>")


@pytest.mark.parametrize(("query", "expected"), [("json", JSON_V1), ("html", "text/html")])
def test_the_format_query_parameter_overrides_accept(
    published: LiveServer, query: str, expected: str
) -> None:
    other = "text/html" if expected == JSON_V1 else JSON_V1

    response = get(published, f"/simple/{APP}/?format={query}", Accept=other)

    assert media_type(response) == expected


# --- pages: names, redirects, missing projects ------------------------------------------------


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/simple/Cheddar_App/", f"/simple/{APP}/"),
        ("/simple/cheddar.app/", f"/simple/{APP}/"),
        (f"/simple/{APP}", f"/simple/{APP}/"),
        ("/simple/CHEDDAR-APP", f"/simple/{APP}/"),
        ("/simple", "/simple/"),
    ],
)
def test_unnormalized_names_redirect_permanently_to_an_absolute_url(
    published: LiveServer, path: str, target: str
) -> None:
    response = get(published, path)

    assert response.status_code == 301
    assert response.headers["location"] == f"{published.url}{target}"


@pytest.mark.parametrize("accept", [None, JSON_V1])
def test_an_unknown_project_is_a_plain_404(published: LiveServer, accept: str | None) -> None:
    response = get(published, "/simple/no-such-cheese/", **({"Accept": accept} if accept else {}))

    assert response.status_code == 404


# --- pages: content ----------------------------------------------------------------------------


def test_the_json_index_lists_projects_with_their_serials(
    published: LiveServer, samples: Samples
) -> None:
    response = get(published, "/simple/", Accept=JSON_V1)
    document = response.json()

    assert api_version(document) >= (1, 1)
    serials = {p["name"]: p["_last-serial"] for p in document["projects"]}
    normalized = {str(canonicalize_name(name)): serial for name, serial in serials.items()}
    assert set(normalized) >= samples.projects
    assert all(isinstance(serial, int) and serial > 0 for serial in serials.values())
    assert int(response.headers["x-pypi-last-serial"]) >= max(serials.values())
    for project in samples.projects:
        api = get(published, f"/pypi/{project}/json").json()
        assert normalized[project] == api["last_serial"]


def test_json_project_pages_describe_each_file(published: LiveServer, samples: Samples) -> None:
    for project in samples.projects:
        document = project_json(published, project)
        expected = {s.filename: s for s in samples.of(project)}

        assert document["name"] == project
        assert sorted(document["versions"]) == sorted({s.version for s in expected.values()})
        assert {f["filename"] for f in document["files"]} == set(expected)
        for entry in document["files"]:
            sample = expected[entry["filename"]]
            assert urljoin(f"{published.url}/simple/{project}/", entry["url"]).startswith(
                f"{published.url}/packages/"
            )
            assert entry["hashes"]["sha256"] == sample.sha256
            assert entry["requires-python"] == sample.requires_python
            assert entry["size"] == sample.path.stat().st_size
            assert entry["upload-time"].endswith("Z")
            datetime.fromisoformat(entry["upload-time"].replace("Z", "+00:00"))
            assert entry["yanked"] is False
            if sample.is_wheel:
                digest = {"sha256": hashlib.sha256(sample.metadata()).hexdigest()}
                assert entry["core-metadata"] == digest
                assert entry["dist-info-metadata"] == digest


def test_html_project_pages_carry_hashes_and_data_attributes(
    published: LiveServer, samples: Samples
) -> None:
    response = get(published, f"/simple/{LIB}/")
    links = anchors(response.text)

    assert 'data-requires-python="&gt;=3.9"' in response.text
    assert set(links) == {s.filename for s in samples.of(LIB)}
    for sample in samples.of(LIB):
        attributes = links[sample.filename]
        href = attributes["href"] or ""
        assert href.endswith(f"/{sample.filename}#sha256={sample.sha256}")
        assert urljoin(str(response.url), href).startswith(f"{published.url}/packages/")
        assert attributes.get("data-requires-python") == sample.requires_python
        digest = f"sha256={hashlib.sha256(sample.metadata()).hexdigest()}"
        assert attributes["data-core-metadata"] == digest
        assert attributes["data-dist-info-metadata"] == digest
        assert "data-yanked" not in attributes


# --- pages: caching, compression, serials ------------------------------------------------------


@pytest.mark.parametrize("accept", ["text/html", JSON_V1])
def test_pages_answer_304_to_a_matching_etag(published: LiveServer, accept: str) -> None:
    first = get(published, f"/simple/{CORE}/", Accept=accept)
    etag = first.headers["etag"]

    again = get(published, f"/simple/{CORE}/", Accept=accept, **{"If-None-Match": etag})
    stale = get(published, f"/simple/{CORE}/", Accept=accept, **{"If-None-Match": '"stale"'})
    other_format = "text/html" if accept == JSON_V1 else JSON_V1
    crossed = get(published, f"/simple/{CORE}/", Accept=other_format, **{"If-None-Match": etag})

    assert first.headers["cache-control"] == "max-age=600, public"
    assert not etag.startswith("W/")
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert stale.status_code == 200
    assert stale.content == first.content
    assert crossed.status_code == 200
    assert media_type(crossed) == other_format


@pytest.mark.parametrize("path", ["/simple/", f"/simple/{APP}/"])
def test_pages_are_gzipped_for_clients_that_accept_it(published: LiveServer, path: str) -> None:
    plain = get(published, path)
    with published.http.stream(
        "GET", f"{published.url}{path}", headers={"Accept-Encoding": "gzip"}
    ) as response:
        raw = b"".join(response.iter_raw())

    assert "content-encoding" not in plain.headers
    assert response.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in response.headers["vary"].lower()
    assert gzip.decompress(raw) == plain.content


@pytest.mark.parametrize(
    "accept_encoding",
    [
        "identity",
        "br",
        "gzip;q=0",
        "identity, gzip;q=0",
    ],
)
def test_pages_are_not_gzipped_for_clients_that_refuse_gzip(
    published: LiveServer, accept_encoding: str
) -> None:
    """RFC 9110 12.5.3: a coding with q=0 is "not acceptable"."""
    plain = get(published, f"/simple/{APP}/")
    with published.http.stream(
        "GET", f"{published.url}/simple/{APP}/", headers={"Accept-Encoding": accept_encoding}
    ) as response:
        raw = b"".join(response.iter_raw())

    assert "content-encoding" not in response.headers
    assert raw == plain.content


def test_pages_carry_the_last_serial(published: LiveServer) -> None:
    page = get(published, f"/simple/{APP}/", Accept=JSON_V1)
    html = get(published, f"/simple/{APP}/")
    index = get(published, "/simple/")

    serial = int(page.headers["x-pypi-last-serial"])
    assert serial == page.json()["meta"]["_last-serial"]
    assert int(html.headers["x-pypi-last-serial"]) == serial
    assert int(index.headers["x-pypi-last-serial"]) >= serial


# --- files -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(samples: Samples) -> Sample:
    return samples.named("cheddar_lib-1.1-py3-none-any.whl")


def test_files_are_served_whole_immutable_and_never_compressed(
    published: LiveServer, samples: Samples
) -> None:
    for sample in [*samples.of(APP), *samples.of(NATIVE)]:
        url = file_url(published, sample)
        with published.http.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as response:
            raw = b"".join(response.iter_raw())

        assert response.status_code == 200
        assert "content-encoding" not in response.headers
        assert raw == sample.path.read_bytes()
        assert response.headers["accept-ranges"] == "bytes"
        assert "immutable" in response.headers["cache-control"]
        assert "max-age=31536000" in response.headers["cache-control"]


def test_head_on_a_file_gives_its_size_and_no_body(published: LiveServer, wheel: Sample) -> None:
    response = published.http.head(file_url(published, wheel))

    assert response.status_code == 200
    assert int(response.headers["content-length"]) == wheel.path.stat().st_size
    assert response.headers["accept-ranges"] == "bytes"
    assert response.content == b""


@pytest.mark.parametrize(
    ("header", "start", "stop"),
    [("bytes=0-9", 0, 10), ("bytes=5-", 5, None), ("bytes=-4", -4, None)],
)
def test_range_requests_answer_206_with_the_slice(
    published: LiveServer, wheel: Sample, header: str, start: int, stop: int | None
) -> None:
    data = wheel.path.read_bytes()
    expected = data[start:stop]

    response = published.http.get(file_url(published, wheel), headers={"Range": header})

    first = start % len(data)
    assert response.status_code == 206
    assert response.content == expected
    assert response.headers["content-range"] == (
        f"bytes {first}-{first + len(expected) - 1}/{len(data)}"
    )
    assert "content-encoding" not in response.headers


def test_an_unsatisfiable_range_is_416(published: LiveServer, wheel: Sample) -> None:
    size = wheel.path.stat().st_size

    response = published.http.get(
        file_url(published, wheel), headers={"Range": f"bytes={size + 10}-"}
    )

    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{size}"


def test_metadata_files_hold_the_exact_metadata_bytes_where_advertised(
    published: LiveServer, samples: Samples
) -> None:
    """PEP 658/714: wheels, and sdists with static metadata 2.2+, have `<file>.metadata`."""
    for sample in samples.all:
        (entry,) = [
            e
            for e in project_json(published, sample.normalized_project)["files"]
            if e["filename"] == sample.filename
        ]

        response = published.http.get(file_url(published, sample) + ".metadata")

        if sample.has_metadata_file:
            digest = hashlib.sha256(sample.metadata()).hexdigest()
            assert response.status_code == 200, sample.filename
            assert response.content == sample.metadata()
            assert entry["core-metadata"] == entry["dist-info-metadata"] == {"sha256": digest}
            assert "content-encoding" not in response.headers
        else:
            assert response.status_code == 404, sample.filename
            assert "core-metadata" not in entry
            assert "dist-info-metadata" not in entry
    assert {s.filename for s in samples.all if not s.has_metadata_file} == {
        "cheddar_app-1.0.tar.gz",
        "cheddar_core-2.0.tar.gz",
    }


@pytest.mark.parametrize(
    "path",
    [
        "/packages/../../etc/passwd",
        "/packages/%2e%2e/%2e%2e/etc/passwd",
        "/packages/..%2f..%2f..%2fetc%2fpasswd",
        "/packages/%2fetc%2fpasswd",
        "/packages//etc/passwd",
        "/packages/..%2fstilton.db",
        "/packages/%2e%2e%2f%2e%2e%2fstilton.db",
        "/packages/aa/bb/" + "c" * 60 + "/..%2f..%2f..%2f..%2fstilton.db",
        "/packages/%00",
        "/simple/..%2f..%2f/",
        "/simple/%2e%2e/",
        "/simple/%2e%2e%2f%2e%2e%2fetc%2fpasswd/",
        "/simple/../packages/",
        "/pypi/..%2f..%2f/json",
        "/pypi/%2e%2e/json",
    ],
)
def test_path_traversal_is_never_served(published: LiveServer, path: str) -> None:
    status, headers, body = raw_get(published, path)
    hops = 0
    while status in (301, 302, 307, 308) and hops < 5:  # a harmless redirect may come first
        target = urlsplit(headers.get("location", headers.get("Location", "")))
        assert target.netloc == urlsplit(published.url).netloc
        status, headers, body = raw_get(published, target.path)
        hops += 1

    assert status in (400, 404), (status, body[:200])
    assert b"root:" not in body


def test_a_well_formed_key_for_no_file_is_404(published: LiveServer, wheel: Sample) -> None:
    real = urlsplit(file_url(published, wheel)).path
    wrong_hash = real.replace("/packages/", "/packages/0", 1)[:-1]

    assert raw_get(published, "/packages/aa/bb/" + "c" * 60 + "/x-1.0.tar.gz")[0] == 404
    assert raw_get(published, real.rsplit("/", 1)[0] + "/other-1.0.tar.gz")[0] == 404
    assert raw_get(published, wrong_hash)[0] == 404


# --- the JSON API ------------------------------------------------------------------------------


def check_api_file(server: LiveServer, entry: dict[str, Any], sample: Sample) -> None:
    assert entry["filename"] == sample.filename
    assert entry["url"].startswith(f"{server.url}/packages/")
    assert entry["digests"]["sha256"] == sample.sha256
    assert (
        entry["digests"]["md5"]
        == hashlib.md5(sample.path.read_bytes(), usedforsecurity=False).hexdigest()
    )
    assert entry["size"] == sample.path.stat().st_size
    assert entry["upload_time_iso_8601"].endswith("Z")
    datetime.fromisoformat(entry["upload_time_iso_8601"].replace("Z", "+00:00"))
    assert entry["packagetype"] == ("bdist_wheel" if sample.is_wheel else "sdist")
    assert entry["requires_python"] == sample.requires_python
    assert entry["yanked"] is False
    assert entry["yanked_reason"] is None


def test_the_project_json_api_has_info_releases_urls_and_serial(
    published: LiveServer, samples: Samples
) -> None:
    response = get(published, f"/pypi/{APP}/json")
    document = response.json()

    assert media_type(response) == "application/json"
    assert int(response.headers["x-pypi-last-serial"]) >= document["last_serial"]
    assert isinstance(document["vulnerabilities"], list)
    info = document["info"]
    assert info["name"] == APP
    assert info["version"] == "2.0"
    assert info["requires_dist"] == [f"{LIB}[fast]>=1.1"]
    assert info["requires_python"] == ">=3.10"
    assert info["summary"] == "A distribution built at test time"
    assert info["author_email"] == "Ada <ada@example.invalid>"
    assert info["keywords"] == "cheese,blue"
    assert info["classifiers"] == [
        "Programming Language :: Python :: 3",
        "Topic :: Software Development",
    ]
    assert info["project_urls"] == {
        "Homepage": "https://example.invalid/app",
        "Issues": "https://example.invalid/app/issues",
    }
    by_name = {s.filename: s for s in samples.of(APP)}
    assert sorted(document["releases"]) == ["1.0", "2.0"]
    for version, entries in document["releases"].items():
        assert {e["filename"] for e in entries} == {
            name for name, s in by_name.items() if s.version == version
        }
        for entry in entries:
            check_api_file(published, entry, by_name[entry["filename"]])
    assert [e["filename"] for e in document["urls"]] == [
        e["filename"] for e in document["releases"]["2.0"]
    ]
    for entry in document["urls"]:
        downloaded = published.http.get(entry["url"])
        assert hashlib.sha256(downloaded.content).hexdigest() == entry["digests"]["sha256"]


def test_the_json_api_lists_extras(published: LiveServer) -> None:
    info = get(published, f"/pypi/{LIB}/json").json()["info"]

    assert info["provides_extra"] == ["fast"]
    assert f"{CORE}>=1" in info["requires_dist"]


def test_the_release_json_api_describes_one_version(
    published: LiveServer, samples: Samples
) -> None:
    response = get(published, f"/pypi/{APP}/1.0/json")
    document = response.json()

    assert response.status_code == 200
    assert int(response.headers["x-pypi-last-serial"]) >= document["last_serial"]
    assert document["info"]["version"] == "1.0"
    assert document["info"]["requires_dist"] == [f"{LIB}>=1,<1.1"]
    by_name = {s.filename: s for s in samples.of(APP) if s.version == "1.0"}
    assert {e["filename"] for e in document["urls"]} == set(by_name)
    for entry in document["urls"]:
        check_api_file(published, entry, by_name[entry["filename"]])


@pytest.mark.parametrize(
    "path",
    ["/pypi/no-such-cheese/json", f"/pypi/{APP}/9.9/json", f"/pypi/{APP}/not a version/json"],
)
def test_the_json_api_answers_404_for_what_does_not_exist(published: LiveServer, path: str) -> None:
    assert get(published, path).status_code == 404


def test_the_json_api_redirects_unnormalized_names(published: LiveServer) -> None:
    response = get(published, "/pypi/Cheddar_App/json")

    assert response.status_code == 301
    assert response.headers["location"] == f"{published.url}/pypi/{APP}/json"


# --- what upload tools probe -------------------------------------------------------------------


def test_trusted_publishing_discovery_is_404(published: LiveServer) -> None:
    response = get(published, "/_/oidc/audience")

    assert response.status_code == 404


def test_hatch_probe_under_the_upload_url_is_404(published: LiveServer) -> None:
    for path in (f"/legacy/+simple/{APP}/", "/legacy/+simple/no-such-cheese/"):
        assert get(published, path).status_code == 404
