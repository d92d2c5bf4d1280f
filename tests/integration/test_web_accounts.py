"""Accounts in the browser: registering, sessions, CSRF, rate limits, passwords, API tokens.

Over the whole app on SQLite and PostgreSQL, as a browser without JavaScript would send it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from stilton.db import models
from stilton.web.sessions import COOKIE_NAME, digest
from tests.builders import build_wheel
from tests.integration.browsing import BACKENDS, Browser, create_user, set_cookies, web_index
from tests.integration.conftest import Index

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module", params=BACKENDS)
def index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Index]:
    yield from web_index(request, tmp_path_factory.mktemp(f"web-{request.param}"))


@pytest.fixture
def user(request: pytest.FixtureRequest, index: Index) -> str:
    """A user of this test's own, with the password PASSWORD."""
    name = "u" + hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:10]
    create_user(index, name, PASSWORD)
    return name


@pytest.fixture
def browser(index: Index, request: pytest.FixtureRequest) -> Iterator[Browser]:
    # Each test comes from an address of its own, so the per-address limit is its own too.
    number = int(hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:4], 16)
    browser = Browser(index, f"10.{number % 250}.{number // 250 % 250}.7")
    yield browser
    browser.close()


def count(index: Index, model: type[models.Base]) -> int:
    with index.database.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def session_exists(index: Index, raw_id: str) -> bool:
    with index.database.session() as session:
        return session.get(models.WebSession, digest(raw_id)) is not None


# Registering.


def test_registering_creates_the_account_and_logs_in(index: Index, browser: Browser) -> None:
    page = browser.get("/account/register/")
    assert page.status_code == 200
    for name in ("username", "email", "password", "password2"):
        assert f'<label for="{name}">' in page.text
        assert f'id="{name}" name="{name}"' in page.text
    response = browser.submit(
        "/account/register/",
        "/account/register/",
        username="newcomer1",
        email="new@example.invalid",
        password=PASSWORD,
        password2=PASSWORD,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/account/"
    account = browser.get("/account/")
    assert account.status_code == 200
    assert "Welcome, newcomer1" in account.text
    assert 'id="nav-logout"' in account.text
    assert "Welcome" not in browser.get("/account/").text  # a flash shows once


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"password2": "something else!"}, "password2", "The two passwords differ"),
        ({"password": "short", "password2": "short"}, "password", "at least 10"),
        ({"email": "not-an-address"}, "email", "email address"),
        ({"username": "bad name!"}, "username", "not a valid user name"),
        ({"username": "alice"}, "username", "exists already"),
    ],
)
def test_registering_explains_every_bad_field(
    index: Index, browser: Browser, fields: dict[str, str], field: str, message: str
) -> None:
    users = count(index, models.User)
    form = {
        "username": "wouldbe",
        "email": "w@example.invalid",
        "password": PASSWORD,
        "password2": PASSWORD,
        **fields,
    }
    response = browser.submit("/account/register/", "/account/register/", **form)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text
    assert message in response.text
    assert count(index, models.User) == users
    assert browser.get("/account/").status_code == 303


def test_registration_can_be_closed(index: Index, browser: Browser) -> None:
    open_office = index.app.state.backoffice
    index.app.state.backoffice = dataclasses.replace(open_office, open_registration=False)
    try:
        assert browser.get("/account/register/").status_code == 403
        assert 'id="nav-register"' not in browser.get("/account/login/").text
    finally:
        index.app.state.backoffice = open_office


# Logging in and out.


def test_login_sets_a_strict_cookie_and_rotates_the_session(
    index: Index, browser: Browser, user: str
) -> None:
    browser.get("/account/login/")
    before = browser.session_cookie
    assert before is not None
    assert session_exists(index, before)
    response = browser.login(user, PASSWORD)
    assert response.status_code == 303
    (cookie,) = set_cookies(response)
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie
    after = browser.session_cookie
    assert after is not None
    assert after != before
    assert not session_exists(index, before)
    assert session_exists(index, after)
    with index.database.session() as session:
        stored = session.scalars(select(models.WebSession.id_hash)).all()
    assert after not in stored  # only digests are stored
    page = browser.get("/account/")
    assert page.status_code == 200
    assert f'id="nav-account">{user}</a>' in page.text
    assert page.headers["cache-control"] == "private, no-store"


def test_the_cookie_is_secure_behind_a_trusted_https_proxy(
    index: Index, browser: Browser, user: str
) -> None:
    https = {"X-Forwarded-Proto": "https"}
    response = browser.get("/account/login/", headers=https)
    assert "; Secure" in set_cookies(response)[0]
    office = index.app.state.backoffice
    index.app.state.backoffice = dataclasses.replace(office, trust_proxy_headers=False)
    try:
        other = Browser(index)
        response = other.get("/account/login/", headers=https)
        assert "Secure" not in set_cookies(response)[0]
        other.close()
    finally:
        index.app.state.backoffice = office


def test_logout_ends_the_session_for_good(index: Index, browser: Browser, user: str) -> None:
    browser.login(user, PASSWORD)
    old = browser.session_cookie
    assert old is not None
    response = browser.submit("/account/", "/account/logout/")
    assert response.status_code == 303
    assert f"{COOKIE_NAME}=; Max-Age=0" in set_cookies(response)[0]
    assert not session_exists(index, old)
    thief = Browser(index)
    thief.client.cookies.set(COOKIE_NAME, old)
    assert thief.get("/account/").status_code == 303
    thief.close()


def test_a_wrong_password_is_refused_without_telling_which_part(
    browser: Browser, user: str
) -> None:
    for name, password in ((user, "wrong password"), ("nobody-here", PASSWORD)):
        response = browser.login(name, password)
        assert response.status_code == 400
        assert "Wrong user name or password." in response.text
    assert browser.get("/account/").status_code == 303


def test_failed_logins_are_rate_limited(index: Index, browser: Browser, user: str) -> None:
    for _ in range(5):
        assert browser.login(user, "guess guess guess").status_code == 400
    response = browser.login(user, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.text
    assert "Wait 15 minutes" in response.text
    # The limit is the account's: from elsewhere the right password is refused as well.
    elsewhere = Browser(index, "198.51.100.9")
    assert elsewhere.login(user, PASSWORD).status_code == 429
    elsewhere.close()


def test_one_address_guessing_many_names_is_limited(index: Index, browser: Browser) -> None:
    for number in range(20):
        assert browser.login(f"guess{number}", "guess guess guess").status_code == 400
    create_user(index, "fresh-one", PASSWORD)
    assert browser.login("fresh-one", PASSWORD).status_code == 429
    other = Browser(index, "198.51.100.10")
    assert other.login("fresh-one", PASSWORD).status_code == 303
    other.close()


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/\x00x",
    ],
)
def test_next_never_leads_elsewhere(browser: Browser, user: str, target: str) -> None:
    response = browser.login(user, PASSWORD, next_path=target)
    assert response.status_code == 303
    assert response.headers["location"] == "/account/"


def test_next_leads_back_to_the_page_that_asked(browser: Browser, user: str) -> None:
    redirect = browser.get("/account/tokens/")
    assert redirect.status_code == 303
    assert redirect.headers["location"] == "/account/login/?next=%2Faccount%2Ftokens%2F"
    login_page = browser.get(redirect.headers["location"])
    assert 'name="next" value="/account/tokens/"' in login_page.text
    response = browser.login(user, PASSWORD, next_path="/account/tokens/")
    assert response.headers["location"] == "/account/tokens/"


# CSRF.


def test_a_post_without_the_right_token_changes_nothing(
    index: Index, browser: Browser, user: str
) -> None:
    browser.login(user, PASSWORD)
    tokens = count(index, models.ApiToken)
    other = Browser(index)
    foreign = other.csrf("/account/login/")
    other.close()
    for sent in ({}, {"csrf_token": "0" * 64}, {"csrf_token": foreign}):
        response = browser.post("/account/tokens/", {"description": "x", **sent})
        assert response.status_code == 403
        assert "Form expired or forged" in response.text
        response = browser.post("/account/logout/", sent)
        assert response.status_code == 403
    assert count(index, models.ApiToken) == tokens
    assert browser.get("/account/").status_code == 200  # still logged in


def test_logging_in_needs_the_token_of_the_login_page(browser: Browser, user: str) -> None:
    response = browser.post("/account/login/", {"username": user, "password": PASSWORD})
    assert response.status_code == 403
    assert browser.get("/account/").status_code == 303


def test_the_old_sessions_token_dies_with_it(browser: Browser, user: str) -> None:
    anonymous_token = browser.csrf("/account/login/")
    browser.login(user, PASSWORD)
    response = browser.post("/account/tokens/", {"csrf_token": anonymous_token})
    assert response.status_code == 403


# Password.


def test_changing_the_password_ends_every_other_session(
    index: Index, browser: Browser, user: str
) -> None:
    elsewhere = Browser(index)
    elsewhere.login(user, PASSWORD)
    browser.login(user, PASSWORD)
    before = browser.session_cookie
    new = "a much better passphrase"
    wrong = browser.submit(
        "/account/",
        "/account/password/",
        old_password="not it at all",
        new_password=new,
        new_password2=new,
    )
    assert wrong.status_code == 400
    assert "The current password is wrong" in wrong.text
    differ = browser.submit(
        "/account/",
        "/account/password/",
        old_password=PASSWORD,
        new_password=new,
        new_password2=new + "!",
    )
    assert differ.status_code == 400
    assert "The two new passwords differ" in differ.text
    response = browser.submit(
        "/account/",
        "/account/password/",
        old_password=PASSWORD,
        new_password=new,
        new_password2=new,
    )
    assert response.status_code == 303
    assert browser.session_cookie != before
    assert "Password changed" in browser.get("/account/").text
    assert elsewhere.get("/account/").status_code == 303
    elsewhere.close()
    fresh = Browser(index)
    assert fresh.login(user, PASSWORD).status_code == 400
    assert fresh.login(user, new).status_code == 303
    fresh.close()


# API tokens.


def test_a_token_is_shown_once_and_uploads(
    index: Index, browser: Browser, user: str, tmp_path: Path
) -> None:
    browser.login(user, PASSWORD)
    page = browser.get("/account/tokens/")
    for name in ("description", "scope-all", "scope-projects", "expires"):
        assert f'<label for="{name}">' in page.text
    created = browser.submit(
        "/account/tokens/", "/account/tokens/", description="CI", scope="all", expires="30d"
    )
    assert created.status_code == 201
    assert "only time it is shown" in created.text
    value = created.text.split('aria-labelledby="token-label">')[1].split("</code>")[0]
    assert value.startswith("stilton-")
    listing = browser.get("/account/tokens/")
    assert value not in listing.text
    assert value.split(".")[1] not in listing.text
    identifier = value.removeprefix("stilton-").split(".")[0]
    assert identifier in listing.text
    assert ">never</td>" in listing.text  # not used yet

    index.tokens[user] = value
    name = f"{user}-pkg"
    wheel = build_wheel(tmp_path, name, "1.0")
    assert index.upload(wheel, account=user).status_code == 200
    listing = browser.get("/account/tokens/").text
    row = listing.split(f'id="token-{identifier}"')[1].split("</tr>")[0]
    assert "active" in row
    assert row.count("<time") == 3  # created, last used, expires

    revoked = browser.submit("/account/tokens/", f"/account/tokens/{identifier}/revoke/")
    assert revoked.status_code == 303
    listing = browser.get("/account/tokens/").text
    assert f"The token {identifier} is revoked" in listing
    assert index.upload(build_wheel(tmp_path, name, "2.0"), account=user).status_code == 401


def test_a_token_can_be_limited_to_projects_of_yours(
    index: Index, browser: Browser, user: str, tmp_path: Path
) -> None:
    index.tokens[user] = index.accounts.create_token(user).value
    mine = f"{user}-mine"
    index.upload(build_wheel(tmp_path, mine, "1.0"), account=user)
    browser.login(user, PASSWORD)
    page = browser.get("/account/tokens/").text
    assert f'value="{mine}"' in page
    nothing = browser.submit("/account/tokens/", "/account/tokens/", scope="projects")
    assert nothing.status_code == 400
    assert "Choose at least one project" in nothing.text
    foreign = browser.submit(
        "/account/tokens/", "/account/tokens/", scope="projects", projects="not-mine"
    )
    assert foreign.status_code == 400
    bad_expiry = browser.submit("/account/tokens/", "/account/tokens/", expires="someday")
    assert bad_expiry.status_code == 400
    assert "Cannot read the expiry" in bad_expiry.text
    created = browser.submit(
        "/account/tokens/", "/account/tokens/", scope="projects", projects=mine
    )
    assert created.status_code == 201
    assert f"Valid for {mine};" in created.text
    (token,) = [t for t in index.accounts.list_tokens(user) if t.projects]
    assert token.projects == (mine,)


def test_someone_elses_token_cannot_be_revoked(index: Index, browser: Browser, user: str) -> None:
    victim = index.accounts.create_token("bob")
    browser.login(user, PASSWORD)
    response = browser.submit("/account/tokens/", f"/account/tokens/{victim.identifier}/revoke/")
    assert response.status_code == 404
    assert not next(
        t for t in index.accounts.list_tokens("bob") if t.identifier == victim.identifier
    ).revoked


# Escaping.


def test_what_users_type_is_escaped_on_the_account_pages(browser: Browser, user: str) -> None:
    script = "<script>alert(1)</script>"
    page = browser.submit(
        "/account/register/",
        "/account/register/",
        username=script,
        email=script,
        password=PASSWORD,
        password2=PASSWORD,
    )
    assert page.status_code == 400
    assert script not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    login = browser.login(script, PASSWORD)
    assert script not in login.text
    browser.login(user, PASSWORD)
    created = browser.submit("/account/tokens/", "/account/tokens/", description=script)
    assert created.status_code == 201
    assert script not in created.text
    listing = browser.get("/account/tokens/").text
    assert script not in listing
    assert "&lt;script&gt;" in listing
    bad = browser.submit("/account/tokens/", "/account/tokens/", expires=script)
    assert script not in bad.text
