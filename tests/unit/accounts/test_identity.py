from __future__ import annotations

import itertools

import pytest

from stilton.accounts import Identity, NotPermitted

SCOPES = {
    "any-project": None,
    "this-project": frozenset({"demo"}),
    "this-and-other": frozenset({"demo", "other"}),
    "other-project": frozenset({"other"}),
}
ROLES = [None, "Owner", "Maintainer", "Reader", "owner"]


def identity(scope: frozenset[str] | None) -> Identity:
    return Identity(user_id=1, username="alice", is_admin=False, token_projects=scope)


def allowed(scope: frozenset[str] | None, role: str | None, project_exists: bool) -> bool:
    in_scope = scope is None or "demo" in scope
    has_role = role in {"Owner", "Maintainer"}
    return in_scope and (has_role or not project_exists)


MATRIX = [
    pytest.param(
        scope_name, role, exists, id=f"{scope_name}-{role}-{'exists' if exists else 'new'}"
    )
    for scope_name, role, exists in itertools.product(SCOPES, ROLES, [True, False])
]


@pytest.mark.parametrize(("scope_name", "role", "project_exists"), MATRIX)
def test_check_upload_matrix(scope_name: str, role: str | None, project_exists: bool) -> None:
    scope = SCOPES[scope_name]
    if allowed(scope, role, project_exists):
        identity(scope).check_upload("demo", role, project_exists)
    else:
        with pytest.raises(NotPermitted):
            identity(scope).check_upload("demo", role, project_exists)


def test_a_token_for_another_project_says_so() -> None:
    with pytest.raises(NotPermitted, match="not valid for project 'demo'"):
        identity(frozenset({"other"})).check_upload("demo", "Owner", True)


def test_a_user_without_a_role_is_named_in_the_refusal() -> None:
    with pytest.raises(
        NotPermitted, match="User 'alice' isn't allowed to upload to project 'demo'"
    ):
        identity(None).check_upload("demo", None, True)


def test_being_admin_does_not_bypass_roles() -> None:
    admin = Identity(user_id=1, username="root", is_admin=True, token_projects=None)
    with pytest.raises(NotPermitted):
        admin.check_upload("demo", None, True)
