"""The rights policy on its own: roles, admins, token scopes, account matters."""

from __future__ import annotations

import itertools

import pytest

from stilton.accounts import ADMIN_ACTIONS, ROLE_ACTIONS, Action, Actor, Identity, NotPermitted

ROLES = [None, "Owner", "Maintainer", "owner", "Reader"]
SCOPES = {
    "user-wide": None,
    "this": frozenset({"demo"}),
    "this-and-other": frozenset({"demo", "other"}),
    "other": frozenset({"other"}),
}


def identity(scope: frozenset[str] | None = None, *, admin: bool = False) -> Identity:
    return Identity(user_id=7, username="alice", is_admin=admin, token_projects=scope)


def allowed(action: Action, role: str | None, admin: bool, scope: frozenset[str] | None) -> bool:
    if scope is not None and "demo" not in scope:
        return False
    by_role = role == "Owner" or (role == "Maintainer" and action is Action.UPLOAD)
    return by_role or (admin and action is not Action.UPLOAD)


MATRIX = [
    pytest.param(action, role, admin, scope, id=f"{action.name}-{role}-admin={admin}-{scope}")
    for action, role, admin, scope in itertools.product(Action, ROLES, [False, True], SCOPES)
]


@pytest.mark.parametrize(("action", "role", "admin", "scope_name"), MATRIX)
def test_authorize_matrix(action: Action, role: str | None, admin: bool, scope_name: str) -> None:
    scope = SCOPES[scope_name]
    who = identity(scope, admin=admin)
    if allowed(action, role, admin, scope):
        who.authorize(action, "demo", role)
    else:
        with pytest.raises(NotPermitted):
            who.authorize(action, "demo", role)


def test_owners_may_do_everything_and_maintainers_only_upload() -> None:
    assert ROLE_ACTIONS["Owner"] == frozenset(Action)
    assert ROLE_ACTIONS["Maintainer"] == {Action.UPLOAD}
    assert Action.UPLOAD not in ADMIN_ACTIONS


def test_a_refusal_names_the_user_and_their_standing() -> None:
    with pytest.raises(
        NotPermitted, match=r"Only owners of 'demo'.*may yank.*'alice' is a Maintainer"
    ):
        identity().authorize(Action.YANK, "demo", "Maintainer")
    with pytest.raises(NotPermitted, match="'alice' is not a member"):
        identity().authorize(Action.REMOVE, "demo", None)


def test_a_token_for_other_projects_is_refused_before_the_role_counts() -> None:
    with pytest.raises(NotPermitted, match="not valid for project 'demo'"):
        identity(frozenset({"other"}), admin=True).authorize(Action.YANK, "demo", "Owner")


def test_upload_through_authorize_keeps_the_upload_message() -> None:
    with pytest.raises(NotPermitted, match="isn't allowed to upload to project 'demo'"):
        identity().authorize(Action.UPLOAD, "demo", None)


@pytest.mark.parametrize(
    ("scope", "admin", "username", "ok"),
    [
        (None, False, "alice", True),
        (None, False, "bob", False),
        (None, True, "bob", True),
        (frozenset({"demo"}), False, "alice", False),
        (frozenset({"demo"}), True, "bob", False),
    ],
)
def test_check_account(scope: frozenset[str] | None, admin: bool, username: str, ok: bool) -> None:
    who = identity(scope, admin=admin)
    if ok:
        who.check_account(username)
    else:
        with pytest.raises(NotPermitted):
            who.check_account(username)


def test_a_scoped_token_is_told_to_use_a_user_wide_one() -> None:
    with pytest.raises(NotPermitted, match="user-wide token or your password"):
        identity(frozenset({"demo"})).check_account("alice")


def test_the_operator_may_do_anything() -> None:
    operator = Actor.operator("root")
    assert operator.name == "cli:root"
    assert operator.is_admin
    for action in Action:
        operator.authorize(action, "demo", None)
    operator.check_account("anyone")


def test_a_user_actor_carries_the_identity_and_address() -> None:
    actor = Actor.user(identity(), "192.0.2.1")
    assert (actor.name, actor.client_ip, actor.is_admin) == ("alice", "192.0.2.1", False)
    with pytest.raises(NotPermitted):
        actor.authorize(Action.YANK, "demo", None)
