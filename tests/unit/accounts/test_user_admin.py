"""Admins finding users, making and unmaking admins, disabling and enabling accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from stilton.accounts import (
    AccountService,
    Actor,
    AuthenticationFailed,
    Credentials,
    Identity,
    NotPermitted,
    SelfChangeRefused,
    UnknownUser,
    UserAdmin,
)
from stilton.db import Database, models

pytestmark = pytest.mark.usefixtures("cheap_hashing")


@pytest.fixture
def accounts(database: Database) -> AccountService:
    service = AccountService(database)
    service.create_user("alice", "alice@example.invalid", "s3cret")
    service.create_user("bob", "bob%50@cheese.invalid", None)
    service.create_user("root", "root@example.invalid", None, is_admin=True)
    return service


@pytest.fixture
def admin(database: Database) -> UserAdmin:
    return UserAdmin(database)


def person(username: str, *, is_admin: bool = False) -> Actor:
    ids = {"alice": 1, "bob": 2, "root": 3}
    return Actor.user(Identity(ids[username], username, is_admin, None), "192.0.2.9")


ROOT = person("root", is_admin=True)


def journal(database: Database) -> list[tuple[str, str | None, str | None]]:
    with database.session() as session:
        rows = session.execute(
            select(
                models.JournalEntry.action, models.JournalEntry.actor, models.JournalEntry.subject
            ).order_by(models.JournalEntry.serial)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_find_lists_matches_by_name_or_email_with_the_total(
    accounts: AccountService, admin: UserAdmin
) -> None:
    everyone = admin.find(ROOT)
    assert [user.username for user in everyone.users] == ["alice", "bob", "root"]
    assert everyone.total == 3
    assert [u.username for u in admin.find(ROOT, "CHEESE").users] == ["bob"]
    # LIKE's wildcards are plain characters here.
    assert [u.username for u in admin.find(ROOT, "%50").users] == ["bob"]
    assert admin.find(ROOT, "%").total == 1
    assert admin.find(ROOT, "b_b").total == 0
    assert admin.find(ROOT, "\x00root\n").total == 1
    root = admin.find(ROOT, "root").users[0]
    assert (root.is_admin, root.is_active, root.roles) == (True, True, 0)


def test_only_admins_may_use_it(accounts: AccountService, admin: UserAdmin) -> None:
    alice = person("alice")
    with pytest.raises(NotPermitted):
        admin.find(alice)
    with pytest.raises(NotPermitted):
        admin.set_admin(alice, "alice", True)
    with pytest.raises(NotPermitted):
        admin.set_active(alice, "root", False)


def test_make_and_unmake_an_admin_is_journaled_once_per_change(
    accounts: AccountService, admin: UserAdmin, database: Database
) -> None:
    made = admin.set_admin(ROOT, "alice", True)
    assert made.serial is not None
    assert admin.set_admin(ROOT, "alice", True).serial is None
    assert admin.find(ROOT, "alice").users[0].is_admin
    admin.set_admin(ROOT, "alice", False)
    assert not admin.find(ROOT, "alice").users[0].is_admin
    assert journal(database)[-2:] == [
        ("make admin", "root", "alice"),
        ("remove admin", "root", "alice"),
    ]


def test_a_disabled_account_cannot_authenticate(accounts: AccountService, admin: UserAdmin) -> None:
    token = accounts.create_token("alice").value
    change = admin.set_active(ROOT, "alice", False)
    assert change.user_id == 1
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(Credentials("__token__", token))
    admin.set_active(ROOT, "alice", True)
    assert accounts.authenticate(Credentials("__token__", token)).username == "alice"


def test_an_admin_cannot_unmake_or_disable_themselves(
    accounts: AccountService, admin: UserAdmin
) -> None:
    with pytest.raises(SelfChangeRefused, match="ask another admin"):
        admin.set_admin(ROOT, "root", False)
    with pytest.raises(SelfChangeRefused):
        admin.set_active(ROOT, "root", False)
    # The operator at the command line is nobody's account.
    assert admin.set_active(Actor.operator("ops"), "root", True).serial is None


def test_an_unknown_user_is_refused(accounts: AccountService, admin: UserAdmin) -> None:
    with pytest.raises(UnknownUser):
        admin.set_admin(ROOT, "nobody", True)
    with pytest.raises(UnknownUser):
        admin.set_active(ROOT, "<script>", False)
