"""CSRF tokens and where a log-in may send the browser back to."""

from __future__ import annotations

import pytest

from stilton.accounts import password_problem
from stilton.web import csrf
from stilton.web.account_pages import local_path


def test_a_csrf_token_belongs_to_one_session() -> None:
    token = csrf.token_for("session-one-0123456789")
    assert csrf.token_matches("session-one-0123456789", token)
    assert not csrf.token_matches("session-two-0123456789", token)
    assert token != csrf.token_for("session-two-0123456789")


@pytest.mark.parametrize("sent", [None, "", 123, "0" * 64])
def test_a_missing_or_wrong_csrf_token_fails(sent: object) -> None:
    assert not csrf.token_matches("session-one-0123456789", sent)


def test_without_a_session_no_token_matches() -> None:
    assert not csrf.token_matches(None, csrf.token_for(""))


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/project/cheese/", "/project/cheese/"),
        ("/search/?q=a&page=2", "/search/?q=a&page=2"),
        (None, "/account/"),
        ("", "/account/"),
        ("//evil.example/", "/account/"),
        ("/\\evil.example", "/account/"),
        ("https://evil.example/", "/account/"),
        ("javascript:alert(1)", "/account/"),
        ("/\r\nSet-Cookie: x=1", "/account/"),
        ("/" + "a" * 3000, "/account/"),
    ],
)
def test_next_is_a_local_path_or_the_account_page(target: str | None, expected: str) -> None:
    assert local_path(target) == expected


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "at least 10"),
        ("x" * 1025, "at most 1024"),
        ("Somebody01", "must not be the user name"),
        ("a fine long passphrase", None),
    ],
)
def test_password_rules(password: str, problem: str | None) -> None:
    found = password_problem(password, "somebody01")
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found
