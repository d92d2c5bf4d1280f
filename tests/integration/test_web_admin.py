"""The admin pages in the browser: counts, the review queue, users, prohibited names, limits.

Over the whole app on SQLite and PostgreSQL. Every change is checked in the database and the
journal; every refusal (not an admin, no or a wrong CSRF token, bad input) is checked to
change nothing; hostile text from users and uploads is checked to come out escaped.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from stilton.db import models
from tests.builders import build_wheel
from tests.builders.flagged import SUSPICIOUS_RULE, build_suspicious_wheel
from tests.integration.browsing import BACKENDS, Browser, create_user, web_index
from tests.integration.conftest import Index

PASSWORD = "correct horse battery"
SCRIPT = "<script>alert(1)</script>"
ESCAPED = html.escape(SCRIPT, quote=False)
ADMIN_PAGES = ("/admin/", "/admin/review/", "/admin/users/", "/admin/prohibited/", "/admin/limits/")


@pytest.fixture(scope="module", params=BACKENDS)
def index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Index]:
    yield from web_index(request, tmp_path_factory.mktemp(f"admin-{request.param}"))


@dataclass(frozen=True)
class People:
    admin: str
    user: str
    """An ordinary user with a token and a project."""
    project: str
    held: str
    """A file of `project` the scanner held for review."""


@pytest.fixture
def people(index: Index, request: pytest.FixtureRequest, tmp_path: Path) -> People:
    key = hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:10]
    admin, user, project = f"a{key}", f"u{key}", f"p{key}"
    create_user(index, admin, PASSWORD, is_admin=True)
    create_user(index, user, PASSWORD)
    index.tokens[user] = index.accounts.create_token(user).value
    assert index.upload(build_wheel(tmp_path, project, "1.0"), account=user).status_code == 200
    held = build_suspicious_wheel(tmp_path, project, "2.0")
    assert index.upload(held, account=user).status_code == 422
    assert file_state(index, held.name) == "held"
    return People(admin, user, project, held.name)


@pytest.fixture
def admin(index: Index, people: People) -> Iterator[Browser]:
    browser = Browser(index, "198.51.100.7")
    assert browser.login(people.admin, PASSWORD).status_code == 303
    yield browser
    browser.close()


@pytest.fixture
def member(index: Index, people: People) -> Iterator[Browser]:
    """The ordinary user, logged in."""
    browser = Browser(index, "198.51.100.8")
    assert browser.login(people.user, PASSWORD).status_code == 303
    yield browser
    browser.close()


def file_state(index: Index, filename: str) -> str:
    with index.database.session() as session:
        state = session.scalar(select(models.File.state).where(models.File.filename == filename))
    assert state is not None
    return state


def user_flags(index: Index, username: str) -> tuple[bool, bool]:
    """(is_admin, is_active)"""
    with index.database.session() as session:
        row = session.execute(
            select(models.User.is_admin, models.User.is_active).where(
                models.User.username == username
            )
        ).one()
    return row.is_admin, row.is_active


def prohibited_names(index: Index) -> dict[str, str]:
    with index.database.session() as session:
        rows = session.execute(
            select(models.ProhibitedName.normalized_name, models.ProhibitedName.reason)
        )
        return dict(rows.all())


def project_limits(index: Index, name: str) -> tuple[int | None, int | None]:
    with index.database.session() as session:
        row = session.execute(
            select(models.Project.max_file_size, models.Project.max_total_size).where(
                models.Project.normalized_name == name
            )
        ).one()
    return row.max_file_size, row.max_total_size


def journal_actions(index: Index, **where: Any) -> list[str]:
    with index.database.session() as session:
        statement = select(models.JournalEntry.action).order_by(models.JournalEntry.serial)
        for column, value in where.items():
            statement = statement.where(getattr(models.JournalEntry, column) == value)
        return list(session.scalars(statement))


def state_of_everything(index: Index, people: People) -> tuple[Any, ...]:
    """What any admin action could change."""
    with index.database.session() as session:
        journal = session.scalar(select(func.max(models.JournalEntry.serial)))
    return (
        file_state(index, people.held),
        user_flags(index, people.user),
        user_flags(index, people.admin),
        prohibited_names(index),
        project_limits(index, people.project),
        journal,
    )


def actions(people: People) -> list[tuple[str, dict[str, str]]]:
    """Every admin form, filled in to change something."""
    return [
        (f"/admin/review/{people.held}/approve/", {"reason": "fine"}),
        (f"/admin/review/{people.held}/reject/", {"reason": "bad"}),
        (f"/admin/users/{people.user}/admin/", {"admin": "yes"}),
        (f"/admin/users/{people.user}/active/", {"active": "no"}),
        ("/admin/prohibited/", {"name": f"x{people.project}", "reason": "no"}),
        ("/admin/prohibited/remove/", {"name": "anything"}),
        ("/admin/limits/", {"project": people.project, "max_file_size": "1K"}),
    ]


# Who may see the pages.


def test_anonymous_visitors_are_sent_to_log_in(index: Index, people: People) -> None:
    browser = Browser(index, "198.51.100.9")
    try:
        for page in (*ADMIN_PAGES, f"/admin/review/{people.held}/"):
            response = browser.get(page)
            assert response.status_code == 303, page
            assert response.headers["location"].startswith("/account/login/?next=%2Fadmin%2F")
        before = state_of_everything(index, people)
        token = browser.csrf("/account/login/")
        for action, form in actions(people):
            response = browser.post(action, {"csrf_token": token, **form})
            assert response.status_code == 403, action
        assert state_of_everything(index, people) == before
    finally:
        browser.close()


def test_other_users_are_refused_and_change_nothing(
    index: Index, people: People, member: Browser
) -> None:
    for page in (*ADMIN_PAGES, f"/admin/review/{people.held}/"):
        response = member.get(page)
        assert response.status_code == 403, page
        assert "Admins only" in response.text
    assert 'id="nav-admin"' not in member.get("/account/").text
    before = state_of_everything(index, people)
    token = member.csrf("/account/")
    for action, form in actions(people):
        response = member.post(action, {"csrf_token": token, **form})
        assert response.status_code == 403, action
    assert state_of_everything(index, people) == before


def test_forms_without_the_csrf_token_change_nothing(
    index: Index, people: People, admin: Browser
) -> None:
    before = state_of_everything(index, people)
    for action, form in actions(people):
        missing = admin.post(action, form)
        assert missing.status_code == 403, action
        assert "Form expired or forged" in missing.text
        wrong = admin.post(action, {"csrf_token": "f" * 64, **form})
        assert wrong.status_code == 403, action
    assert state_of_everything(index, people) == before


def test_admins_see_every_page_and_the_nav_link(admin: Browser, people: People) -> None:
    for page in ADMIN_PAGES:
        response = admin.get(page)
        assert response.status_code == 200, page
        assert 'id="nav-admin"' in response.text
        assert response.headers["cache-control"] == "private, no-store"
        assert "default-src 'none'" in response.headers["content-security-policy"]


# The index page.


def test_the_index_counts_what_is_stored(index: Index, admin: Browser, people: People) -> None:
    page = admin.get("/admin/").text
    with index.database.session() as session:
        users = session.scalar(select(func.count()).select_from(models.User))
        held = session.scalar(
            select(func.count()).select_from(models.File).where(models.File.state == "held")
        )
        projects = session.scalar(select(func.count()).select_from(models.Project))
    assert f'<dd id="count-users"><a href="/admin/users/">{users:,}</a></dd>' in page
    assert f'<dd id="count-held">{held:,}</dd>' in page
    assert f'<dd id="count-projects">{projects:,}</dd>' in page


# The review queue.


def test_the_queue_lists_a_held_file_with_its_findings(admin: Browser, people: People) -> None:
    queue = admin.get("/admin/review/").text
    assert people.held in queue
    assert SUSPICIOUS_RULE in queue
    page = admin.get(f"/admin/review/{people.held}/")
    assert page.status_code == 200
    assert 'id="file-state">held<' in page.text
    assert SUSPICIOUS_RULE in page.text
    assert 'id="approve-form"' in page.text
    assert 'id="reject-form"' in page.text


def test_approving_publishes_the_file(index: Index, admin: Browser, people: People) -> None:
    page = f"/admin/review/{people.held}/"
    response = admin.submit(page, page + "approve/", reason="reviewed by hand")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/review/"
    assert file_state(index, people.held) == "published"
    actions = journal_actions(index, normalized_name=people.project)
    assert actions[-1] == f"approve held file {people.held}: reviewed by hand"
    queue = admin.get("/admin/review/").text
    assert f"{people.held} is approved" in queue
    assert f'class="review-file">{people.held}<' not in queue
    simple = index.get(f"/simple/{people.project}/")
    assert people.held in simple.text
    # Deciding again is a conflict that changes nothing.
    again = admin.submit(page, page + "reject/", reason="")
    assert again.status_code == 409
    assert "not held or quarantined" in again.text
    assert file_state(index, people.held) == "published"


def test_rejecting_keeps_the_file_unserved(index: Index, admin: Browser, people: People) -> None:
    page = f"/admin/review/{people.held}/"
    response = admin.submit(page, page + "reject/", reason=SCRIPT)
    assert response.status_code == 303
    assert file_state(index, people.held) == "rejected"
    actions = journal_actions(index, normalized_name=people.project)
    assert actions[-1] == f"reject held file {people.held}: {SCRIPT}"
    assert people.held not in index.get(f"/simple/{people.project}/").text
    shown = admin.get(page).text
    assert 'id="file-state">rejected<' in shown
    assert 'id="approve-form"' not in shown


def test_an_unknown_file_is_a_404(admin: Browser, people: People) -> None:
    assert admin.get("/admin/review/nothing-1.0.tar.gz/").status_code == 404
    assert admin.get("/admin/review/bad%00name.whl/").status_code == 404
    token = admin.csrf("/admin/review/")
    response = admin.post(
        "/admin/review/nothing-1.0.tar.gz/approve/", {"csrf_token": token, "reason": ""}
    )
    assert response.status_code == 404


def test_findings_from_an_upload_come_out_escaped(
    index: Index, admin: Browser, people: People
) -> None:
    with index.database.session() as session:
        file_id = session.scalar(select(models.File.id).where(models.File.filename == people.held))
        report = session.scalar(
            select(models.ScanReport)
            .where(models.ScanReport.file_id == file_id)
            .order_by(models.ScanReport.id.desc())
        )
        assert report is not None
        report.findings = [
            {**finding, "evidence": SCRIPT, "path": f"{SCRIPT}.py", "explanation": SCRIPT}
            for finding in report.findings
        ]
    for page in ("/admin/review/", f"/admin/review/{people.held}/"):
        text = admin.get(page).text
        assert SCRIPT not in text
        assert ESCAPED in text


# Users.


def test_users_are_found_by_name_or_email(admin: Browser, people: People) -> None:
    page = admin.get("/admin/users/", params={"q": people.user.upper()}).text
    assert f'id="user-{people.user}"' in page
    assert f'id="user-{people.admin}"' not in page
    by_email = admin.get("/admin/users/", params={"q": f"{people.admin}@example"}).text
    assert f'id="user-{people.admin}"' in by_email
    assert "(you)" in by_email
    nothing = admin.get("/admin/users/", params={"q": "%_nobody\x00"})
    assert nothing.status_code == 200
    assert 'id="users-empty"' in nothing.text


def test_making_and_unmaking_an_admin(index: Index, admin: Browser, people: People) -> None:
    action = f"/admin/users/{people.user}/admin/"
    response = admin.submit("/admin/users/", action, admin="yes", q=people.user)
    assert response.status_code == 303
    assert response.headers["location"] == f"/admin/users/?q={people.user}"
    assert user_flags(index, people.user) == (True, True)
    assert f"{people.user} is now an admin." in admin.get(response.headers["location"]).text
    response = admin.submit("/admin/users/", action, admin="no")
    assert response.status_code == 303
    assert user_flags(index, people.user) == (False, True)
    assert journal_actions(index, subject=people.user)[-2:] == ["make admin", "remove admin"]
    assert journal_actions(index, actor=people.admin)[-2:] == ["make admin", "remove admin"]


def test_a_disabled_user_is_logged_out_and_their_token_stops(
    index: Index, admin: Browser, member: Browser, people: People, tmp_path: Path
) -> None:
    assert member.get("/account/").status_code == 200
    response = admin.submit("/admin/users/", f"/admin/users/{people.user}/active/", active="no")
    assert response.status_code == 303
    assert user_flags(index, people.user) == (False, False)
    assert member.get("/account/").status_code == 303
    refused = index.upload(build_wheel(tmp_path, people.project, "3.0"), account=people.user)
    assert refused.status_code in (401, 403)
    assert "disabled" in admin.get("/admin/users/", params={"q": people.user}).text
    response = admin.submit("/admin/users/", f"/admin/users/{people.user}/active/", active="yes")
    assert response.status_code == 303
    assert user_flags(index, people.user) == (False, True)
    assert journal_actions(index, subject=people.user)[-2:] == [
        "disable account",
        "enable account",
    ]


def test_an_admin_cannot_unmake_or_disable_themselves(
    index: Index, admin: Browser, people: People
) -> None:
    before = state_of_everything(index, people)
    for action, form in (("admin/", {"admin": "no"}), ("active/", {"active": "no"})):
        response = admin.submit("/admin/users/", f"/admin/users/{people.admin}/{action}", **form)
        assert response.status_code == 409
        assert "ask another admin" in response.text
    assert state_of_everything(index, people) == before


def test_an_unknown_user_is_a_404(admin: Browser) -> None:
    response = admin.submit("/admin/users/", "/admin/users/nobody-here/admin/", admin="yes")
    assert response.status_code == 404


def test_a_hostile_email_and_query_come_out_escaped(index: Index, admin: Browser) -> None:
    index.accounts.create_user("hostile-mail", f"{SCRIPT}@example.invalid", None)
    page = admin.get("/admin/users/", params={"q": SCRIPT}).text
    assert SCRIPT not in page
    assert html.escape(SCRIPT) in page  # the query, in the search field's value
    listed = admin.get("/admin/users/", params={"q": "hostile-mail"}).text
    assert SCRIPT not in listed
    assert ESCAPED in listed


# Prohibited names.


def test_prohibiting_and_allowing_a_name(
    index: Index, admin: Browser, people: People, tmp_path: Path
) -> None:
    name = f"Forbidden_{people.project}"
    normalized = f"forbidden-{people.project}"
    response = admin.submit("/admin/prohibited/", "/admin/prohibited/", name=name, reason=SCRIPT)
    assert response.status_code == 303
    assert prohibited_names(index)[normalized] == SCRIPT
    page = admin.get("/admin/prohibited/").text
    assert f'id="prohibited-{normalized}"' in page
    assert SCRIPT not in page
    assert ESCAPED in page
    refused = index.upload(build_wheel(tmp_path, normalized, "1.0"), account=people.user)
    assert refused.status_code in (400, 403)
    response = admin.submit("/admin/prohibited/", "/admin/prohibited/remove/", name=normalized)
    assert response.status_code == 303
    assert normalized not in prohibited_names(index)
    assert (
        index.upload(build_wheel(tmp_path, normalized, "1.0"), account=people.user).status_code
        == 200
    )


def test_a_bad_name_is_refused_with_nothing_changed(
    index: Index, admin: Browser, people: People
) -> None:
    before = state_of_everything(index, people)
    response = admin.submit("/admin/prohibited/", "/admin/prohibited/", name=SCRIPT, reason="")
    assert response.status_code == 400
    assert "is not a valid project name" in response.text
    assert SCRIPT not in response.text
    missing = admin.submit("/admin/prohibited/", "/admin/prohibited/remove/", name="not-banned")
    assert missing.status_code == 409
    assert state_of_everything(index, people) == before


# Size limits.


def test_setting_and_clearing_a_projects_limits(
    index: Index, admin: Browser, people: People
) -> None:
    page = f"/admin/limits/?project={people.project}"
    response = admin.submit(
        page, "/admin/limits/", project=people.project, max_file_size="1K", max_total_size="2M"
    )
    assert response.status_code == 303
    assert project_limits(index, people.project) == (1024, 2 * 1024**2)
    shown = admin.get(response.headers["location"]).text
    assert f"{people.project} has new size limits." in shown
    assert 'value="1024"' in shown
    assert people.project in admin.get("/admin/limits/").text
    response = admin.submit(
        page, "/admin/limits/", project=people.project, max_file_size="", max_total_size=""
    )
    assert response.status_code == 303
    assert project_limits(index, people.project) == (None, None)
    assert journal_actions(index, normalized_name=people.project)[-2:] == [
        "set limits file=1024 total=2097152",
        "set limits file=default total=default",
    ]


def test_bad_limits_are_refused_with_nothing_changed(
    index: Index, admin: Browser, people: People
) -> None:
    before = state_of_everything(index, people)
    page = f"/admin/limits/?project={people.project}"
    response = admin.submit(page, "/admin/limits/", project=people.project, max_file_size="lots")
    assert response.status_code == 400
    assert "is not a size" in response.text
    response = admin.submit(page, "/admin/limits/", project=people.project, max_file_size="0")
    assert response.status_code == 400
    response = admin.submit(page, "/admin/limits/", project="no-such-project", max_file_size="1")
    assert response.status_code == 400
    assert state_of_everything(index, people) == before
    assert admin.get("/admin/limits/?project=no-such-project").status_code == 404
    assert admin.get("/admin/limits/?project=%00").status_code == 200
