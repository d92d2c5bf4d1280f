"""URLs that try to leave their tree, or name nothing: 404 (or a redirect to a 404), never 500."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import build_wheel
from tests.integration.conftest import Index

BLAKE = "ab/cd/" + "e" * 60
TRAVERSALS = [
    # /packages/
    "/packages/../stilton.db",
    "/packages/..%2fstilton.db",
    "/packages/%2e%2e/stilton.db",
    "/packages/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/packages/..%5c..%5cstilton.db",
    "/packages//etc/passwd",
    "/packages/%2fetc%2fpasswd",
    "/packages/aa/bb/../../../stilton.db",
    "/packages/files/../stilton.db",
    "/packages/a%00b",
    f"/packages/{BLAKE}/demo-1.0.tar.gz%00.whl",
    f"/packages/{BLAKE}/..%2f..%2f..%2fstilton.db",
    f"/packages/{BLAKE}/.partial-x",
    f"/packages/{BLAKE}/demo-1.0.tar.gz",
    f"/packages/{BLAKE}/demo-1.0.tar.gz.metadata",
    "/packages/",
    "/packages/.",
    "/packages/%0a",
    # /simple/
    "/simple/../stilton.db",
    "/simple/%2e%2e/",
    "/simple/..%2f..%2fetc%2fpasswd/",
    "/simple/%2e%2e%2f%2e%2e%2f/",
    "/simple/a%00b/",
    "/simple/a%00b",
    "/simple/%0a/",
    "/simple/-/",
    "/simple/nonexistent-project/",
    "/simple/" + "x" * 300 + "/",
    "/simple/%ff%fe/",
    # /pypi/
    "/pypi/../stilton.db/json",
    "/pypi/%2e%2e/json",
    "/pypi/..%2f..%2fetc%2fpasswd/json",
    "/pypi/a%00b/json",
    "/pypi/nonexistent-project/json",
    "/pypi/nonexistent-project/1.0/json",
    "/pypi/" + "x" * 300 + "/json",
    "/pypi/%ff/json",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_a_path_outside_the_tree_is_not_found(index: Index, path: str) -> None:
    for method in ("GET", "HEAD"):
        response = index.request(method, path, follow_redirects=True)
        assert response.status_code == 404, (method, path, response.status_code)
        for secret in (b"SQLite format", b"root:", b"Traceback"):
            assert secret not in response.content


def test_a_version_path_that_escapes_is_not_found(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    assert index.upload(build_wheel(tmp_path, project_name, "1.0")).status_code == 200
    for path in (
        f"/pypi/{project_name}/..%2f..%2fstilton.db/json",
        f"/pypi/{project_name}/1.0%00/json",
        f"/pypi/{project_name}/%2e%2e/json",
        f"/simple/{project_name}/..%2f/",
    ):
        response = index.get(path, follow_redirects=True)
        assert response.status_code == 404, path


def test_a_published_files_name_under_another_hash_is_not_found(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 200
    assert index.get(f"/packages/{BLAKE}/{wheel.name}").status_code == 404
    assert index.get(f"/packages/{BLAKE}/{wheel.name}.metadata").status_code == 404


def test_non_normalized_names_redirect_to_the_normalized_url(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    assert index.upload(build_wheel(tmp_path, project_name, "1.0")).status_code == 200
    spelled = project_name.upper()
    for path, target in (
        (f"/simple/{spelled}/", f"/simple/{project_name}/"),
        (f"/simple/{project_name}", f"/simple/{project_name}/"),
        (f"/pypi/{spelled}/json", f"/pypi/{project_name}/json"),
    ):
        response = index.get(path)
        assert response.status_code == 301, path
        assert response.headers["location"] == f"http://testserver{target}"
        assert index.get(path, follow_redirects=True).status_code == 200
