"""AccountService against a throwaway SQLite file (both engines run in tests/integration)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from stilton.accounts import (
    AccountService,
    AuthenticationFailed,
    Credentials,
    InvalidUsername,
    NotPermitted,
    UnknownUser,
    UserExists,
)
from stilton.db import Database, models, utcnow

pytestmark = pytest.mark.usefixtures("cheap_hashing")


@pytest.fixture
def accounts(database: Database) -> AccountService:
    service = AccountService(database)
    service.create_user("alice", "alice@example.invalid", "s3cret")
    return service


def token_login(value: str) -> Credentials:
    return Credentials("__token__", value)


def test_create_user_returns_its_id(database: Database) -> None:
    accounts = AccountService(database)
    first = accounts.create_user("alice", "a@example.invalid", None)
    second = accounts.create_user("bob", "b@example.invalid", "bobs-password", is_admin=True)
    assert first != second
    with database.session() as session:
        bob = session.get(models.User, second)
        assert bob is not None
        assert bob.is_admin
        assert bob.is_active
        assert bob.password_hash is not None
        assert "bobs-password" not in bob.password_hash  # long enough not to occur by chance


@pytest.mark.parametrize("name", ["alice", "Alice", "ALICE"])
def test_a_user_name_is_taken_once_whatever_its_case(accounts: AccountService, name: str) -> None:
    with pytest.raises(UserExists, match="exists already"):
        accounts.create_user(name, "other@example.invalid", None)


def test_a_user_is_found_whatever_the_case_of_the_name(accounts: AccountService) -> None:
    assert accounts.user_exists("ALICE")


@pytest.mark.parametrize("name", ["", "-alice", "a b", "x" * 51, "al/ice", "__token__"])
def test_invalid_user_names_are_refused(accounts: AccountService, name: str) -> None:
    with pytest.raises(InvalidUsername, match="not a valid user name"):
        accounts.create_user(name, "x@example.invalid", None)


def test_a_token_authenticates_its_user(accounts: AccountService) -> None:
    token = accounts.create_token("alice")
    identity = accounts.authenticate(token_login(token.value))
    assert identity.username == "alice"
    assert identity.token_projects is None
    assert not identity.is_admin


def test_a_scoped_token_carries_its_projects(accounts: AccountService) -> None:
    token = accounts.create_token("alice", projects=["demo", "other", "demo"])
    identity = accounts.authenticate(token_login(token.value))
    assert identity.token_projects == frozenset({"demo", "other"})


def test_authenticating_records_last_use(accounts: AccountService, database: Database) -> None:
    token = accounts.create_token("alice")
    accounts.authenticate(token_login(token.value))
    with database.session() as session:
        row = session.scalar(
            select(models.ApiToken).where(models.ApiToken.identifier == token.identifier)
        )
        assert row is not None
        assert row.last_used is not None


def test_the_token_value_is_not_stored(accounts: AccountService, database: Database) -> None:
    token = accounts.create_token("alice")
    secret = token.value.split(".", 1)[1]
    with database.session() as session:
        row = session.scalar(select(models.ApiToken))
        assert row is not None
        assert secret not in (row.secret_hash, row.identifier, row.description)


def test_a_token_for_an_unknown_user_is_refused(accounts: AccountService) -> None:
    with pytest.raises(UnknownUser):
        accounts.create_token("mallory")


def test_no_credentials_fail_authentication(accounts: AccountService) -> None:
    with pytest.raises(AuthenticationFailed, match="Credentials are required"):
        accounts.authenticate(None)


@pytest.mark.parametrize(
    "value", ["", "nonsense", "stilton-0123456789abcdef", "pypi-AgEIcHlwaS5vcmc"]
)
def test_a_malformed_token_fails_authentication(accounts: AccountService, value: str) -> None:
    with pytest.raises(AuthenticationFailed, match="not a Stilton token"):
        accounts.authenticate(token_login(value))


def test_an_unknown_token_fails_authentication(accounts: AccountService) -> None:
    with pytest.raises(AuthenticationFailed, match="Invalid or revoked"):
        accounts.authenticate(token_login("stilton-0123456789abcdef.secret"))


def test_a_wrong_secret_fails_authentication(accounts: AccountService) -> None:
    token = accounts.create_token("alice")
    with pytest.raises(AuthenticationFailed, match="Invalid or revoked"):
        accounts.authenticate(token_login(token.value + "x"))


def test_a_revoked_token_fails_authentication(accounts: AccountService, database: Database) -> None:
    token = accounts.create_token("alice")
    with database.session() as session:
        row = session.scalar(select(models.ApiToken))
        assert row is not None
        row.revoked = True
    with pytest.raises(AuthenticationFailed, match="Invalid or revoked"):
        accounts.authenticate(token_login(token.value))


def test_an_expired_token_fails_authentication(accounts: AccountService) -> None:
    token = accounts.create_token("alice", expires=utcnow() - timedelta(seconds=1))
    with pytest.raises(AuthenticationFailed, match="expired"):
        accounts.authenticate(token_login(token.value))


def test_a_token_that_expires_later_works(accounts: AccountService) -> None:
    token = accounts.create_token("alice", expires=utcnow() + timedelta(hours=1))
    assert accounts.authenticate(token_login(token.value)).username == "alice"


def test_a_disabled_users_token_fails_authentication(
    accounts: AccountService, database: Database
) -> None:
    token = accounts.create_token("alice")
    with database.session() as session:
        user = session.scalar(select(models.User).where(models.User.username == "alice"))
        assert user is not None
        user.is_active = False
    with pytest.raises(AuthenticationFailed, match="disabled"):
        accounts.authenticate(token_login(token.value))


def test_a_right_password_is_told_to_use_a_token(accounts: AccountService) -> None:
    with pytest.raises(NotPermitted, match="token") as caught:
        accounts.authenticate(Credentials("alice", "s3cret"))
    assert "stilton token create" in str(caught.value)


@pytest.mark.parametrize(
    ("username", "password"), [("alice", "wrong"), ("mallory", "s3cret"), ("alice", "")]
)
def test_a_wrong_password_fails_authentication(
    accounts: AccountService, username: str, password: str
) -> None:
    with pytest.raises(AuthenticationFailed, match="Invalid username or password"):
        accounts.authenticate(Credentials(username, password))


def test_a_user_without_a_password_cannot_log_in_with_one(accounts: AccountService) -> None:
    accounts.create_user("robot", "r@example.invalid", None)
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(Credentials("robot", ""))
