"""CSRF tokens, where a log-in may send the browser back to, and old sessions going away."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from stilton.accounts import password_problem
from stilton.db import Database, models, utcnow
from stilton.web import csrf
from stilton.web.account_pages import local_path
from stilton.web.sessions import SessionStore


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


def test_creating_sessions_deletes_expired_ones_now_and_then(database_url: str) -> None:
    database = Database(database_url)
    try:
        database.migrate()
        store = SessionStore(database, timedelta(hours=1))
        stale, _ = store.create(None)
        with database.session() as session:
            session.execute(update(models.WebSession).values(expires=utcnow() - timedelta(1)))
        store.create(None)  # within a minute of the last purge: nothing deleted yet
        assert count_sessions(database) == 2
        store._last_purge = float("-inf")
        fresh, _ = store.create(None)
        assert count_sessions(database) == 2  # the fresh one and the one made just before
        assert store.load(stale) is None
        assert store.load(fresh) is not None
    finally:
        database.dispose()


def count_sessions(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(models.WebSession)) or 0
