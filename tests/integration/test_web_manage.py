"""Managing a project in the browser: roles, yanking, removing, the audit log.

Over the whole app on SQLite and PostgreSQL; every change is checked in the database, and
every refusal is checked to change nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from stilton.accounts import MAINTAINER, Actor
from tests.builders import build_wheel
from tests.integration.browsing import BACKENDS, Browser, create_user, web_index
from tests.integration.conftest import Index

PASSWORD = "correct horse battery"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module", params=BACKENDS)
def index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Index]:
    yield from web_index(request, tmp_path_factory.mktemp(f"manage-{request.param}"))


@dataclass(frozen=True)
class Project:
    name: str
    owner: str
    helper: str
    """A maintainer of the project."""
    stranger: str
    wheels: tuple[str, ...]

    @property
    def manage(self) -> str:
        return f"/manage/project/{self.name}/"


@pytest.fixture
def project(index: Index, request: pytest.FixtureRequest, tmp_path: Path) -> Project:
    """Two releases (1.0 with a summary that tries to run a script, 2.0), an owner, a
    maintainer and a user with no role, each with the password PASSWORD."""
    key = hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:10]
    owner, helper, stranger = f"o{key}", f"m{key}", f"s{key}"
    for username in (owner, helper, stranger):
        create_user(index, username, PASSWORD)
    index.tokens[owner] = index.accounts.create_token(owner).value
    name = f"p{key}"
    wheels = []
    for version, summary in (("1.0", SCRIPT), ("2.0", "Second")):
        wheel = build_wheel(tmp_path, name, version, summary=summary)
        assert index.upload(wheel, account=owner).status_code == 200
        wheels.append(wheel.name)
    index.app.state.manage.projects.add_role(Actor.operator("tests"), name, helper, MAINTAINER)
    return Project(name, owner, helper, stranger, tuple(wheels))


@pytest.fixture
def owner(index: Index, project: Project) -> Iterator[Browser]:
    browser = Browser(index, "203.0.113.1")
    assert browser.login(project.owner, PASSWORD).status_code == 303
    yield browser
    browser.close()


def files(index: Index, name: str) -> set[str]:
    response = index.get(
        f"/simple/{name}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    if response.status_code == 404:
        return set()
    return {f["filename"] for f in response.json()["files"]}


def test_the_owner_sees_roles_releases_files_and_the_audit_log(
    owner: Browser, project: Project
) -> None:
    page = owner.get(project.manage)
    assert page.status_code == 200
    assert f"Manage {project.name}" in page.text
    assert f'<a href="/user/{project.helper}/">{project.helper}</a>' in page.text
    for wheel in project.wheels:
        assert f"<code>{wheel}</code>" in page.text
    audit = page.text.split('id="audit"')[1]
    assert "add Maintainer" in audit
    assert 'for="role-username"' in page.text
    assert 'for="confirm-project"' in page.text
    assert owner.get(f"/manage/project/{project.name.upper()}").headers["location"] == (
        project.manage
    )


def test_the_project_page_links_to_manage_for_members_only(
    index: Index, owner: Browser, project: Project
) -> None:
    public = f"/project/{project.name}/"
    assert 'id="manage-link"' in owner.get(public).text
    assert 'id="manage-link"' not in index.get(public).text
    stranger = Browser(index, "203.0.113.2")
    stranger.login(project.stranger, PASSWORD)
    assert 'id="manage-link"' not in stranger.get(public).text
    stranger.close()


def test_a_maintainer_looks_but_cannot_change(index: Index, project: Project) -> None:
    helper = Browser(index, "203.0.113.3")
    helper.login(project.helper, PASSWORD)
    page = helper.get(project.manage)
    assert page.status_code == 200
    assert "only owners change things" in page.text
    assert "/yank/" not in page.text
    assert 'id="audit"' not in page.text
    token = helper.csrf(project.manage)
    response = helper.post(
        project.manage + "yank/", {"csrf_token": token, "version": "2.0", "reason": "no"}
    )
    assert response.status_code == 403
    assert "tag-yanked" not in helper.get(project.manage).text
    helper.close()


def test_others_are_refused(index: Index, project: Project) -> None:
    anonymous = index.get(project.manage)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/account/login/?next=")
    stranger = Browser(index, "203.0.113.4")
    stranger.login(project.stranger, PASSWORD)
    assert stranger.get(project.manage).status_code == 403
    assert stranger.get("/manage/project/no-such-project-here/").status_code == 404
    token = stranger.csrf("/account/")
    before = files(index, project.name)
    for action, form in (
        ("remove/", {"confirm": project.name}),
        ("roles/", {"username": project.stranger, "role": "Owner"}),
    ):
        response = stranger.post(project.manage + action, {"csrf_token": token, **form})
        assert response.status_code == 403
    assert files(index, project.name) == before
    assert stranger.get(project.manage).status_code == 403
    stranger.close()


def test_roles_are_added_changed_and_removed_but_an_owner_stays(
    owner: Browser, project: Project
) -> None:
    added = owner.submit(
        project.manage, project.manage + "roles/", username=project.stranger, role="Maintainer"
    )
    assert added.status_code == 303
    page = owner.get(project.manage).text
    assert f"{project.stranger} is now Maintainer" in page
    assert f'<a href="/user/{project.stranger}/">{project.stranger}</a>' in page
    unknown = owner.submit(
        project.manage, project.manage + "roles/", username="nobody-at-all", role="Owner"
    )
    assert unknown.status_code == 404
    last = owner.submit(project.manage, project.manage + "roles/remove/", username=project.owner)
    assert last.status_code == 409
    assert "would have no owner left" in last.text
    assert (
        f'{project.owner}</a></th>\n      <td class="role">Owner' in owner.get(project.manage).text
    )
    removed = owner.submit(
        project.manage, project.manage + "roles/remove/", username=project.stranger
    )
    assert removed.status_code == 303
    assert f'href="/user/{project.stranger}/"' not in owner.get(project.manage).text


def test_yank_with_a_reason_then_unyank(index: Index, owner: Browser, project: Project) -> None:
    reason = f"Broken {SCRIPT}"
    response = owner.submit(project.manage, project.manage + "yank/", version="2.0", reason=reason)
    assert response.status_code == 303
    page = owner.get(project.manage).text
    assert "tag-yanked" in page
    assert SCRIPT not in page
    assert "&lt;script&gt;" in page
    public = index.get(f"/project/{project.name}/2.0/").text
    assert "This release is yanked" in public
    assert SCRIPT not in public
    again = owner.submit(project.manage, project.manage + "yank/", version="2.0")
    assert again.status_code == 409
    assert "yanked already" in again.text
    undone = owner.submit(project.manage, project.manage + "unyank/", version="2.0")
    assert undone.status_code == 303
    assert "This release is yanked" not in index.get(f"/project/{project.name}/2.0/").text


def test_removing_needs_the_name_typed(index: Index, owner: Browser, project: Project) -> None:
    first, second = project.wheels
    for confirm in ("", "wrong", project.name + "x"):
        for action, form in (
            ("remove-file/", {"version": "1.0", "filename": first}),
            ("remove-release/", {"version": "2.0"}),
            ("remove/", {}),
        ):
            response = owner.submit(
                project.manage, project.manage + action, confirm=confirm, **form
            )
            assert response.status_code == 400
            assert "Nothing was removed" in response.text
    assert files(index, project.name) == {first, second}

    gone = owner.submit(
        project.manage,
        project.manage + "remove-file/",
        version="1.0",
        filename=first,
        confirm=project.name,
    )
    assert gone.status_code == 303
    assert files(index, project.name) == {second}
    release = owner.submit(
        project.manage, project.manage + "remove-release/", version="2.0", confirm=project.name
    )
    assert release.status_code == 303
    assert files(index, project.name) == set()
    audit = owner.get(project.manage).text.split('id="audit"')[1]
    assert f"remove file {first}" in audit
    assert "remove release" in audit
    whole = owner.submit(project.manage, project.manage + "remove/", confirm=project.name)
    assert whole.status_code == 303
    assert whole.headers["location"] == "/account/"
    assert "is removed" in owner.get("/account/").text
    assert index.get(f"/project/{project.name}/").status_code == 404
    assert owner.get(project.manage).status_code == 404


def test_manage_forms_need_the_csrf_token(index: Index, owner: Browser, project: Project) -> None:
    for action, form in (
        ("yank/", {"version": "2.0"}),
        ("remove/", {"confirm": project.name}),
        ("roles/remove/", {"username": project.helper}),
    ):
        response = owner.post(project.manage + action, form)
        assert response.status_code == 403
        wrong = owner.post(project.manage + action, {"csrf_token": "f" * 64, **form})
        assert wrong.status_code == 403
    page = owner.get(project.manage).text
    assert "tag-yanked" not in page
    assert f'href="/user/{project.helper}/"' in page
    assert len(files(index, project.name)) == 2


def test_the_account_page_lists_your_projects_escaped(owner: Browser, project: Project) -> None:
    page = owner.get("/account/").text
    assert f'href="/manage/project/{project.name}/">Manage</a>' in page
    assert '<td class="role">Owner</td>' in page
    assert SCRIPT not in page
    assert SCRIPT not in owner.get(f"/project/{project.name}/1.0/").text
