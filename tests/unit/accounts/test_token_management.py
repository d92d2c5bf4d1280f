"""Listing and revoking tokens, their journal entries, and password logins where allowed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from stilton.accounts import (
    AccountService,
    Actor,
    AuthenticationFailed,
    Credentials,
    Identity,
    InvalidTokenRequest,
    NotPermitted,
    TokenAlreadyRevoked,
    UnknownToken,
    UnknownUser,
)
from stilton.db import Database, models, utcnow

pytestmark = pytest.mark.usefixtures("cheap_hashing")


@pytest.fixture
def accounts(database: Database) -> AccountService:
    service = AccountService(database)
    service.create_user("alice", "alice@example.invalid", "s3cret")
    service.create_user("bob", "bob@example.invalid", "hunter2")
    service.create_user("root", "root@example.invalid", None, is_admin=True)
    return service


def as_user(accounts: AccountService, username: str, scope: list[str] | None = None) -> Actor:
    token = accounts.create_token(username, projects=scope)
    return Actor.user(accounts.authenticate(Credentials("__token__", token.value)), "192.0.2.7")


def journal(database: Database) -> list[models.JournalEntry]:
    with database.session() as session:
        return list(
            session.scalars(select(models.JournalEntry).order_by(models.JournalEntry.serial))
        )


def test_tokens_are_listed_newest_first_without_secrets(accounts: AccountService) -> None:
    first = accounts.create_token("alice", description="laptop")
    second = accounts.create_token(
        "alice", projects=["Demo_Pkg", "other"], expires=utcnow() + timedelta(days=3)
    )
    accounts.create_token("bob")
    listed = accounts.list_tokens("alice")
    assert [t.identifier for t in listed] == [second.identifier, first.identifier]
    assert listed[0].projects == ("demo-pkg", "other")
    assert listed[0].expires is not None
    assert listed[1].description == "laptop"
    assert listed[1].projects is None
    assert {t.status(utcnow()) for t in listed} == {"active"}
    assert all(second.value not in repr(t) for t in listed)


def test_last_use_shows_in_the_listing(accounts: AccountService) -> None:
    token = accounts.create_token("alice")
    assert accounts.list_tokens("alice")[0].last_used is None
    accounts.authenticate(Credentials("__token__", token.value))
    assert accounts.list_tokens("alice")[0].last_used is not None


def test_expired_and_revoked_tokens_say_so(accounts: AccountService) -> None:
    expired = accounts.create_token("alice", expires=utcnow() - timedelta(seconds=1))
    revoked = accounts.create_token("alice")
    accounts.revoke_token(revoked.identifier)
    status = {t.identifier: t.status(utcnow()) for t in accounts.list_tokens("alice")}
    assert status == {expired.identifier: "expired", revoked.identifier: "revoked"}


def test_a_revoked_token_stops_working(accounts: AccountService) -> None:
    token = accounts.create_token("alice")
    accounts.revoke_token(token.identifier, Actor.operator("root"))
    with pytest.raises(AuthenticationFailed, match="revoked"):
        accounts.authenticate(Credentials("__token__", token.value))
    with pytest.raises(TokenAlreadyRevoked):
        accounts.revoke_token(token.identifier)


@pytest.mark.parametrize("identifier", ["0123456789abcdef", "nonsense", "ABCDEF0123456789", "\x00"])
def test_revoking_an_unknown_token(accounts: AccountService, identifier: str) -> None:
    with pytest.raises(UnknownToken):
        accounts.revoke_token(identifier)


def test_someone_elses_token_is_unknown_to_a_user_but_not_to_an_admin(
    accounts: AccountService,
) -> None:
    bobs = accounts.create_token("bob")
    with pytest.raises(UnknownToken):
        accounts.revoke_token(bobs.identifier, as_user(accounts, "alice"))
    accounts.revoke_token(bobs.identifier, as_user(accounts, "root"))


def test_a_scoped_token_cannot_manage_tokens(accounts: AccountService) -> None:
    scoped = as_user(accounts, "alice", ["demo"])
    with pytest.raises(NotPermitted, match="scoped"):
        accounts.create_token("alice", actor=scoped)
    with pytest.raises(NotPermitted, match="scoped"):
        accounts.list_tokens("alice", scoped)
    own = accounts.create_token("alice")
    with pytest.raises(NotPermitted, match="scoped"):
        accounts.revoke_token(own.identifier, scoped)


def test_a_user_cannot_make_tokens_for_someone_else(accounts: AccountService) -> None:
    with pytest.raises(NotPermitted, match="may not act for user 'bob'"):
        accounts.create_token("bob", actor=as_user(accounts, "alice"))


def test_token_changes_are_account_level_journal_entries(
    accounts: AccountService, database: Database
) -> None:
    actor = as_user(accounts, "alice")
    token = accounts.create_token("alice", actor=actor)
    serial = accounts.revoke_token(token.identifier, actor)
    created, revoked = journal(database)[-2:]
    assert token.serial == created.serial
    assert serial == revoked.serial
    assert created.action == f"create token {token.identifier}"
    assert revoked.action == f"revoke token {token.identifier}"
    for entry in (created, revoked):
        assert (entry.name, entry.normalized_name) == (None, None)
        assert (entry.actor, entry.subject, entry.client_ip) == ("alice", "alice", "192.0.2.7")


def test_the_operator_is_named_in_the_journal(accounts: AccountService, database: Database) -> None:
    accounts.create_token("bob", actor=Actor.operator("root"))
    entry = journal(database)[-1]
    assert (entry.actor, entry.subject) == ("cli:root", "bob")


@pytest.mark.parametrize(
    ("projects", "message"),
    [(["not a name!"], "not a valid project name"), ([f"p{n}" for n in range(101)], "at most")],
)
def test_a_bad_scope_is_refused(
    accounts: AccountService, projects: list[str], message: str
) -> None:
    with pytest.raises(InvalidTokenRequest, match=message):
        accounts.create_token("alice", projects=projects)


def test_a_long_description_is_refused(accounts: AccountService) -> None:
    with pytest.raises(InvalidTokenRequest, match="description"):
        accounts.create_token("alice", description="x" * 201)


def test_listing_tokens_of_an_unknown_user(accounts: AccountService) -> None:
    with pytest.raises(UnknownUser):
        accounts.list_tokens("mallory")


def test_a_password_signs_in_where_passwords_are_allowed(accounts: AccountService) -> None:
    identity = accounts.authenticate(Credentials("alice", "s3cret"), allow_password=True)
    assert identity == Identity(identity.user_id, "alice", False, None)


def test_a_password_upload_says_how_to_make_a_token(accounts: AccountService) -> None:
    with pytest.raises(NotPermitted) as caught:
        accounts.authenticate(Credentials("alice", "s3cret"))
    message = str(caught.value)
    assert "stilton token create --user alice" in message
    assert "POST /api/v1/tokens" in message
    assert "__token__" in message


def test_a_disabled_user_cannot_sign_in_with_a_password(
    accounts: AccountService, database: Database
) -> None:
    with database.session() as session:
        user = session.scalar(select(models.User).where(models.User.username == "alice"))
        assert user is not None
        user.is_active = False
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(Credentials("alice", "s3cret"), allow_password=True)


@pytest.mark.parametrize("username", ["\x00", "a" * 200, "al ice"])
def test_impossible_user_names_fail_cleanly(accounts: AccountService, username: str) -> None:
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(Credentials(username, "pw"), allow_password=True)
    assert not accounts.user_exists(username)
