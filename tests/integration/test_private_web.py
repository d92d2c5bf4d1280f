"""Private mode in a browser: the log-in form is open, a signed-in session opens every page as
credentials do, and a page asked for without either redirects to the form."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.browsing import Browser, create_user
from tests.integration.conftest import BACKENDS, Index, running_index

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
PASSWORD = "a-long-enough-password"


@pytest.fixture(scope="module", params=BACKENDS)
def private(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Index]:
    data_dir = tmp_path_factory.mktemp("private-web")
    with running_index(request.param, data_dir, private=True, trust_proxy_headers=True) as index:
        create_user(index, "carol", PASSWORD)
        yield index


@pytest.fixture
def browser(private: Index) -> Iterator[Browser]:
    browser = Browser(private)
    yield browser
    browser.close()


def test_a_page_without_credentials_redirects_to_the_log_in_form(browser: Browser) -> None:
    response = browser.get("/project/some-thing/?tab=files", headers=HTML)
    assert response.status_code == 303
    assert response.headers["location"] == (
        "/account/login/?next=%2Fproject%2Fsome-thing%2F%3Ftab%3Dfiles"
    )


@pytest.mark.parametrize("path", ["/simple/", "/packages/ab/cd/x.whl", "/pypi/x/json"])
def test_tools_still_get_the_basic_challenge(browser: Browser, path: str) -> None:
    response = browser.get(path, headers=HTML)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Basic")


def test_the_log_in_form_and_its_styles_are_open(browser: Browser) -> None:
    page = browser.get("/account/login/", headers=HTML)
    assert page.status_code == 200
    stylesheet = page.text.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert browser.get(stylesheet).status_code == 200


def test_registration_stays_closed_to_strangers(browser: Browser) -> None:
    assert browser.get("/account/register/", headers=HTML).status_code == 303


def test_a_signed_in_session_opens_pages_and_the_simple_index(browser: Browser) -> None:
    assert browser.get("/", headers=HTML).status_code == 303
    logged_in = browser.login("carol", PASSWORD, "/search/?q=x")
    assert logged_in.status_code == 303
    assert logged_in.headers["location"] == "/search/?q=x"
    for path in ("/", "/search/?q=x", "/account/", "/simple/"):
        assert browser.get(path, headers=HTML).status_code == 200, path
    browser.submit("/account/", "/account/logout/")
    assert browser.get("/", headers=HTML).status_code == 303


def test_a_wrong_password_on_the_form_opens_nothing(browser: Browser) -> None:
    refused = browser.login("carol", "not-the-password")
    assert refused.status_code == 400
    assert browser.get("/", headers=HTML).status_code == 303
