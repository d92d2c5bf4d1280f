"""Yank, un-yank and remove over `/api/v1/`, and what every page shows right after.

Runs on SQLite and PostgreSQL (the session's `index`). Each test works on a project of its
own, uploaded for real so blobs, pages and the JSON API are all in play.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from stilton.db import models
from tests.builders import build_sdist, build_wheel
from tests.integration.conftest import Index, twine_parts

ADMIN = "lc-admin"


@pytest.fixture(scope="module")
def admin_token(index: Index) -> str:
    return index.admin_token(ADMIN)


def api(
    index: Index, method: str, path: str, token: str | None, body: Any = None
) -> httpx.Response:
    return index.api(method, f"{path}", token, body)


def alice(index: Index) -> str:
    return index.tokens["alice"]


def upload(index: Index, path: Path, account: str = "alice") -> Path:
    response = index.upload(path, account=account)
    assert response.status_code == 200, response.text
    return path


@pytest.fixture
def released(index: Index, project_name: str, tmp_path: Path) -> dict[str, Path]:
    """Versions 1.0 (wheel and sdist) and 2.0 (wheel) of the test's project, owned by alice."""
    return {
        "wheel-1": upload(index, build_wheel(tmp_path, project_name, "1.0")),
        "sdist-1": upload(index, build_sdist(tmp_path, project_name, "1.0")),
        "wheel-2": upload(index, build_wheel(tmp_path, project_name, "2.0")),
    }


@pytest.fixture(scope="module")
def shared(index: Index, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A project owned by alice for the tests that only get refusals: it never changes."""
    name = "lc-shared"
    if index.get(f"/simple/{name}/").status_code == 404:
        directory = tmp_path_factory.mktemp("shared")
        upload(index, build_wheel(directory, name, "1.0"))
        upload(index, build_wheel(directory, name, "2.0"))
    return name


def simple_json(index: Index, name: str) -> dict[str, Any]:
    response = index.get(f"/simple/{name}/", params={"format": "json"})
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def served_files(index: Index, name: str) -> dict[str, Any]:
    """filename -> the `yanked` value of the project's JSON page."""
    response = index.get(f"/simple/{name}/", params={"format": "json"})
    if response.status_code == 404:
        return {}
    return {f["filename"]: f["yanked"] for f in response.json()["files"]}


def file_url(index: Index, name: str, filename: str) -> str:
    files = index.get(f"/simple/{name}/", params={"format": "json"}).json()["files"]
    (url,) = [f["url"] for f in files if f["filename"] == filename]
    return str(url).replace("../../", "/")


# Yanking


def test_a_yank_shows_on_every_page_at_once(
    index: Index, project_name: str, released: dict[str, Path]
) -> None:
    html_before = index.get(f"/simple/{project_name}/").text  # cached now
    response = api(
        index, "POST", f"/projects/{project_name}/releases/2.0/yank", alice(index),
        {"reason": "broken  build"},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    assert response.json()["yanked_reason"] == "broken build"
    assert response.headers["content-type"] == "application/json"

    wheel_2 = released["wheel-2"].name
    html = index.get(f"/simple/{project_name}/").text
    assert html != html_before
    assert f'data-yanked="broken build">{wheel_2}</a>' in html
    assert served_files(index, project_name)[wheel_2] == "broken build"
    assert served_files(index, project_name)[released["wheel-1"].name] is False
    document = index.get(f"/pypi/{project_name}/json").json()
    assert document["info"]["version"] == "1.0"  # the newest release that is not yanked
    assert document["releases"]["2.0"][0]["yanked_reason"] == "broken build"
    assert document["releases"]["2.0"][0]["yanked"] is True
    release = index.get(f"/pypi/{project_name}/2.0/json").json()
    assert release["info"]["yanked"] is True

    entry = index.journal(project_name)[-1]
    assert (entry.action, entry.version, entry.actor) == ("yank release", "2.0", "alice")
    assert entry.serial == response.json()["serial"]
    assert entry.client_ip is not None


def test_an_unyank_shows_at_once(
    index: Index, project_name: str, released: dict[str, Path]
) -> None:
    path = f"/projects/{project_name}/releases/2.0"
    assert api(index, "POST", f"{path}/yank", alice(index)).status_code == 200
    assert served_files(index, project_name)[released["wheel-2"].name] is True  # no reason
    assert 'data-yanked=""' in index.get(f"/simple/{project_name}/").text
    response = api(index, "POST", f"{path}/unyank", alice(index))
    assert response.status_code == 200, response.text
    assert served_files(index, project_name)[released["wheel-2"].name] is False
    assert "data-yanked" not in index.get(f"/simple/{project_name}/").text
    assert index.get(f"/pypi/{project_name}/json").json()["info"]["version"] == "2.0"
    assert index.journal(project_name)[-1].action == "unyank release"


@pytest.mark.usefixtures("released")
def test_yanking_twice_and_unyanking_a_live_release_conflict(
    index: Index, project_name: str
) -> None:
    path = f"/projects/{project_name}/releases/1.0"
    assert api(index, "POST", f"{path}/unyank", alice(index)).json()["code"] == "not-yanked"
    assert api(index, "POST", f"{path}/yank", alice(index)).status_code == 200
    again = api(index, "POST", f"{path}/yank", alice(index), {"reason": "other"})
    assert again.status_code == 409
    assert again.json()["code"] == "already-yanked"


@pytest.mark.usefixtures("released")
def test_versions_are_matched_canonically(index: Index, project_name: str) -> None:
    response = api(index, "POST", f"/projects/{project_name}/releases/1.0.0/yank", alice(index))
    assert response.status_code == 200, response.text
    assert index.journal(project_name)[-1].version == "1.0"


# Removing


def test_removing_a_file(index: Index, project_name: str, released: dict[str, Path]) -> None:
    wheel = released["wheel-1"]
    url = file_url(index, project_name, wheel.name)
    blobs_before = index.blobs()
    size_before = project_size(index, project_name)
    assert index.get(url).status_code == 200

    response = api(
        index, "DELETE", f"/projects/{project_name}/releases/1.0/files/{wheel.name}", alice(index)
    )
    assert response.status_code == 200, response.text
    assert wheel.name not in served_files(index, project_name)
    assert released["sdist-1"].name in served_files(index, project_name)
    assert index.get(url).status_code == 404
    gone = blobs_before - index.blobs()
    assert {Path(key).name for key in gone} == {wheel.name, f"{wheel.name}.metadata"}
    assert project_size(index, project_name) == size_before - wheel.stat().st_size
    assert is_reserved(index, wheel.name)
    entry = index.journal(project_name)[-1]
    assert (entry.action, entry.filename) == (f"remove file {wheel.name}", wheel.name)

    again = index.upload(wheel)
    assert again.status_code == 400
    assert "File already exists" in again.text


def test_removing_a_release(index: Index, project_name: str, released: dict[str, Path]) -> None:
    response = api(index, "DELETE", f"/projects/{project_name}/releases/1.0", alice(index))
    assert response.status_code == 200, response.text
    assert set(served_files(index, project_name)) == {released["wheel-2"].name}
    assert index.get(f"/pypi/{project_name}/1.0/json").status_code == 404
    assert index.get(f"/pypi/{project_name}/json").json()["releases"].keys() == {"2.0"}
    assert simple_json(index, project_name)["versions"] == ["2.0"]
    assert is_reserved(index, released["wheel-1"].name)
    assert is_reserved(index, released["sdist-1"].name)
    assert index.journal(project_name)[-1].action == "remove release"
    missing = api(index, "DELETE", f"/projects/{project_name}/releases/1.0", alice(index))
    assert missing.status_code == 404


def test_removing_a_project_keeps_its_filenames_but_frees_its_name(
    index: Index, project_name: str, released: dict[str, Path], tmp_path: Path, admin_token: str
) -> None:
    with index.database.session() as session:
        project = find_project(session, project_name)
    assert project is not None
    add_role(index, project_name, "bob", "Maintainer")
    assert project_name in index.get("/simple/").text

    response = api(index, "DELETE", f"/projects/{project_name}", alice(index))
    assert response.status_code == 200, response.text
    assert index.get(f"/simple/{project_name}/").status_code == 404
    assert index.get(f"/pypi/{project_name}/json").status_code == 404
    assert f'"{project_name}/"' not in index.get("/simple/").text
    with index.database.session() as session:
        assert find_project(session, project_name) is None
        roles = session.scalars(select(models.Role).where(models.Role.project_id == project.id))
        assert list(roles) == []
    assert all(is_reserved(index, path.name) for path in released.values())
    assert index.upload(released["wheel-2"], account="bob").status_code == 400

    # Anyone may register the name again (as on PyPI); the old files stay refused.
    upload(index, build_wheel(tmp_path, project_name, "3.0"), account="bob")
    roles_now = api(index, "GET", f"/projects/{project_name}/roles", index.tokens["bob"])
    assert roles_now.json()["roles"] == [{"user": "bob", "role": "Owner"}]
    # The new owner reads the history since the name was taken again; admins read all of it.
    bobs = api(index, "GET", f"/projects/{project_name}/audit", index.tokens["bob"]).json()
    assert "remove project" not in [e["action"] for e in bobs["entries"]]
    everything = api(index, "GET", f"/projects/{project_name}/audit", admin_token).json()
    assert "remove project" in [e["action"] for e in everything["entries"]]


def test_a_removed_projects_history_stays_with_admins(
    index: Index, project_name: str, admin_token: str, tmp_path: Path
) -> None:
    upload(index, build_wheel(tmp_path, project_name, "1.0"))
    assert api(index, "DELETE", f"/projects/{project_name}", alice(index)).status_code == 200
    assert api(index, "GET", f"/projects/{project_name}/audit", alice(index)).status_code == 404
    entries = api(index, "GET", f"/projects/{project_name}/audit", admin_token).json()["entries"]
    assert entries[0]["action"] == "remove project"
    assert entries[0]["actor"] == "alice"


# Roles


@pytest.mark.usefixtures("released")
def test_roles_can_be_added_changed_listed_and_removed(index: Index, project_name: str) -> None:
    roles = f"/projects/{project_name}/roles"
    added = api(index, "POST", roles, alice(index), {"user": "bob", "role": "maintainer"})
    assert added.status_code == 201, added.text
    assert added.json()["role"] == "Maintainer"
    assert api(index, "GET", roles, alice(index)).json()["roles"] == [
        {"user": "alice", "role": "Owner"},
        {"user": "bob", "role": "Maintainer"},
    ]
    changed = api(index, "POST", roles, alice(index), {"user": "bob", "role": "Owner"})
    assert changed.status_code == 201
    removed = api(index, "DELETE", f"{roles}/alice", alice(index))
    assert removed.status_code == 200, removed.text
    assert api(index, "GET", roles, index.tokens["bob"]).json()["roles"] == [
        {"user": "bob", "role": "Owner"}
    ]
    actions = [(e.action, e.subject) for e in index.journal(project_name)[-3:]]
    assert actions == [
        ("add Maintainer bob", "bob"),
        ("change Maintainer bob to Owner", "bob"),
        ("remove Owner alice", "alice"),
    ]


@pytest.mark.parametrize(
    ("method", "suffix", "body", "status", "code"),
    [
        ("DELETE", "/alice", None, 409, "last-owner"),
        ("POST", "", {"user": "alice", "role": "Maintainer"}, 409, "last-owner"),
        ("POST", "", {"user": "alice", "role": "Owner"}, 409, "role-exists"),
        ("POST", "", {"user": "mallory", "role": "Owner"}, 404, "unknown-user"),
        ("POST", "", {"user": "bob", "role": "Reader"}, 400, "invalid-role"),
        ("POST", "", {"user": "bob"}, 400, "bad-request"),
        ("POST", "", {"user": 7, "role": "Owner"}, 400, "bad-request"),
        ("DELETE", "/bob", None, 404, "no-role"),
        ("DELETE", "/mallory", None, 404, "unknown-user"),
    ],
)
def test_role_changes_that_are_refused(
    index: Index, shared: str, method: str, suffix: str, body: Any, status: int, code: str
) -> None:
    before = len(index.journal(shared))
    response = api(index, method, f"/projects/{shared}/roles{suffix}", alice(index), body)
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert len(index.journal(shared)) == before


def test_a_new_maintainer_may_upload(index: Index, project_name: str, tmp_path: Path) -> None:
    upload(index, build_wheel(tmp_path, project_name, "1.0"))
    assert (
        index.upload(build_wheel(tmp_path, project_name, "1.1"), account="bob").status_code == 403
    )
    add_role(index, project_name, "bob", "Maintainer")
    upload(index, build_wheel(tmp_path, project_name, "1.1"), account="bob")
    api(index, "DELETE", f"/projects/{project_name}/roles/bob", alice(index))
    assert (
        index.upload(build_wheel(tmp_path, project_name, "1.2"), account="bob").status_code == 403
    )


# Audit logs


@pytest.mark.usefixtures("released")
def test_the_project_audit_log(index: Index, project_name: str) -> None:
    api(index, "POST", f"/projects/{project_name}/releases/1.0/yank", alice(index))
    response = api(index, "GET", f"/projects/{project_name}/audit?limit=2", alice(index))
    assert response.status_code == 200, response.text
    entries = response.json()["entries"]
    assert [e["action"] for e in entries] == [
        "yank release",
        f"add py3 file {project_name}-2.0-py3-none-any.whl",
    ]
    assert entries[0]["serial"] > entries[1]["serial"]
    assert entries[0]["submitted"].endswith("Z")
    assert "client_ip" not in entries[0]
    everything = api(index, "GET", f"/projects/{project_name}/audit", alice(index)).json()
    assert everything["entries"][-1]["action"] == "create"


@pytest.mark.parametrize("limit", ["0", "1001", "x", "-1"])
def test_a_bad_limit(index: Index, limit: str) -> None:
    response = api(index, "GET", f"/users/alice/audit?limit={limit}", alice(index))
    assert response.status_code == 400
    assert "limit" in response.json()["error"]


@pytest.mark.usefixtures("released")
def test_the_user_audit_log(index: Index, project_name: str, admin_token: str) -> None:
    add_role(index, project_name, "bob", "Maintainer")
    bobs = api(index, "GET", "/users/bob/audit", index.tokens["bob"])
    assert bobs.status_code == 200, bobs.text
    first = bobs.json()["entries"][0]
    assert (first["action"], first["actor"], first["subject"]) == (
        "add Maintainer bob", "alice", "bob",
    )  # fmt: skip
    assert api(index, "GET", "/users/bob/audit", alice(index)).status_code == 403
    assert api(index, "GET", "/users/bob/audit", admin_token).status_code == 200
    assert api(index, "GET", "/users/nobody/audit", admin_token).status_code == 404


# Tokens


def test_a_password_makes_a_first_token_that_uploads(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    body = {"description": "ci", "projects": [project_name.upper()], "expires": "30d"}
    response = index.request("POST", "/api/v1/tokens", json=body, auth=("alice", "alice-password"))
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["token"].startswith("stilton-")
    assert created["projects"] == [project_name]
    assert created["expires"] is not None
    assert created["status"] == "active"
    assert created["last_used"] is None

    wheel = build_wheel(tmp_path, project_name, "1.0")
    auth = {"Authorization": f"Bearer {created['token']}"}
    assert index.post_form(twine_parts(wheel), account=None, headers=auth).status_code == 200
    listed = api(index, "GET", "/tokens", alice(index)).json()
    mine = {t["identifier"]: t for t in listed["tokens"]}[created["identifier"]]
    assert mine["last_used"] is not None
    assert "token" not in mine


def test_a_revoked_token_is_refused_at_once(index: Index) -> None:
    created = api(index, "POST", "/tokens", alice(index), {"description": "short-lived"}).json()
    assert api(index, "GET", "/tokens", created["token"]).status_code == 200
    revoked = api(index, "DELETE", f"/tokens/{created['identifier']}", alice(index))
    assert revoked.status_code == 200, revoked.text
    refused = api(index, "GET", "/tokens", created["token"])
    assert refused.status_code == 401
    again = api(index, "DELETE", f"/tokens/{created['identifier']}", alice(index))
    assert again.json()["code"] == "token-revoked"
    status = {
        t["identifier"]: t["status"]
        for t in api(index, "GET", "/tokens", alice(index)).json()["tokens"]
    }
    assert status[created["identifier"]] == "revoked"
    entries = api(index, "GET", "/users/alice/audit?limit=5", alice(index)).json()["entries"]
    assert entries[0]["action"] == f"revoke token {created['identifier']}"


def test_someone_elses_token_cannot_be_revoked(index: Index, admin_token: str) -> None:
    bobs = api(index, "POST", "/tokens", index.tokens["bob"]).json()
    refused = api(index, "DELETE", f"/tokens/{bobs['identifier']}", alice(index))
    assert refused.status_code == 404
    assert api(index, "DELETE", f"/tokens/{bobs['identifier']}", admin_token).status_code == 200


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"expires": "yesterday"}, "invalid-token-request"),
        ({"expires": "2001-01-01"}, "invalid-token-request"),
        ({"projects": "demo"}, "bad-request"),
        ({"projects": ["not a name"]}, "invalid-token-request"),
        ({"description": 5}, "bad-request"),
        ([1, 2], "bad-request"),
    ],
)
def test_token_requests_that_are_refused(index: Index, body: Any, code: str) -> None:
    response = api(index, "POST", "/tokens", alice(index), body)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == code


def test_bodies_that_are_not_json(index: Index) -> None:
    headers = {"Authorization": f"Bearer {alice(index)}"}
    broken = index.request("POST", "/api/v1/tokens", headers=headers, content=b"{nope")
    assert broken.status_code == 400
    huge = index.request("POST", "/api/v1/tokens", headers=headers, content=b" " * 70_000)
    assert huge.status_code == 413


# Errors


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer stilton-0123456789abcdef.forged"},
        {"Authorization": "Basic " + "YWxpY2U6d3Jvbmc="},  # alice:wrong
        {"Authorization": "Digest x"},
    ],
)
def test_missing_or_bad_credentials_get_a_json_401(index: Index, headers: dict[str, str]) -> None:
    response = index.request("DELETE", "/api/v1/projects/anything", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Basic realm="Stilton"'
    assert response.json()["code"] == "unauthenticated"
    assert response.json()["error"]


@pytest.mark.parametrize(
    ("method", "path", "code"),
    [
        ("DELETE", "/projects/no-such-project", "unknown-project"),
        ("DELETE", "/projects/%00", "unknown-project"),
        ("POST", "/projects/{p}/releases/9.9/yank", "unknown-release"),
        ("POST", "/projects/{p}/releases/not%20a%20version/yank", "unknown-release"),
        ("DELETE", "/projects/{p}/releases/1.0/files/nope.whl", "unknown-file"),
        (
            "DELETE",
            "/projects/{p}/releases/2.0/files/lc_shared-1.0-py3-none-any.whl",
            "unknown-file",
        ),
        ("DELETE", "/projects/{p}/roles/%00", "unknown-user"),
        ("DELETE", "/tokens/%00", "unknown-token"),
    ],
)
def test_unknown_things_are_404(
    index: Index, shared: str, method: str, path: str, code: str
) -> None:
    response = api(index, method, path.replace("{p}", shared), alice(index))
    assert response.status_code == 404, response.text
    assert response.json()["code"] == code


@pytest.mark.usefixtures("released")
def test_project_names_are_normalized(index: Index, project_name: str) -> None:
    shouting = project_name.upper()
    response = api(index, "POST", f"/projects/{shouting}/releases/1.0/yank", alice(index))
    assert response.status_code == 200, response.text
    assert response.json()["project"] == project_name


# Helpers


def project_size(index: Index, name: str) -> int:
    with index.database.session() as session:
        project = find_project(session, name)
        assert project is not None
        return project.total_size


def find_project(session: Any, name: str) -> models.Project | None:
    project: models.Project | None = session.scalar(
        select(models.Project).where(models.Project.normalized_name == name)
    )
    return project


def is_reserved(index: Index, filename: str) -> bool:
    with index.database.session() as session:
        return session.get(models.DeletedFilename, filename) is not None


def add_role(index: Index, project: str, user: str, role: str) -> None:
    response = api(
        index, "POST", f"/projects/{project}/roles", alice(index), {"user": user, "role": role}
    )
    assert response.status_code == 201, response.text
