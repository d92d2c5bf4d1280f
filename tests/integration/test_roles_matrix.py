"""Every (role, credentials, action) is allowed or refused exactly as docs/permissions.md says.

The expectations are read from the tables in docs/permissions.md, so the document is the
specification and cannot drift from the code. Runs once per backend (SQLite, PostgreSQL) on
the session's app; the data for all cases is written at once, straight into the database, and
each case acts on a project of its own, so destructive actions cannot disturb each other.
"""

from __future__ import annotations

import base64
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher

from stilton.accounts import passwords
from tests.builders import build_wheel
from tests.integration.conftest import Index, twine_parts
from tests.support.records import add_project, filenames

DOC = Path(__file__).parents[2] / "docs" / "permissions.md"
PASSWORD = "matrix-password"

ROLES = {"no role": None, "Maintainer": "Maintainer", "Owner": "Owner", "admin": None}
ACTING_USER = {
    "no role": "mx-none",
    "Maintainer": "mx-maint",
    "Owner": "mx-owner",
    "admin": "mx-admin",
}
CREDENTIALS = {
    "__token__ and a user-wide token": "wide",
    "__token__ and a token scoped to this project": "this",
    "__token__ and a token scoped to other projects": "other",
    "user name and password": "password",
}


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    body: Any = None
    ok: int = 200
    changes: bool = True


def project_call(row: str, project: str) -> Call:
    base = f"/api/v1/projects/{project}"
    wheel = filenames(project, "1.0")[0]
    return {
        "yank a release": Call("POST", f"{base}/releases/1.0/yank", {"reason": "matrix"}),
        "un-yank a release": Call("POST", f"{base}/releases/2.0/unyank"),
        "remove a file": Call("DELETE", f"{base}/releases/1.0/files/{wheel}"),
        "remove a release": Call("DELETE", f"{base}/releases/1.0"),
        "remove the project": Call("DELETE", base),
        "list roles": Call("GET", f"{base}/roles", changes=False),
        "add or change a role": Call(
            "POST", f"{base}/roles", {"user": "mx-newcomer", "role": "Maintainer"}, ok=201
        ),
        "remove a role": Call("DELETE", f"{base}/roles/mx-target"),
        "read the audit log": Call("GET", f"{base}/audit", changes=False),
    }[row]


UPLOAD = "upload a file"


# Reading the document


def read_table(heading: str) -> dict[str, dict[str, str]]:
    """The first table under `## heading`: first-column label -> {column: cell}."""
    lines = DOC.read_text().splitlines()
    start = lines.index(f"## {heading}")
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.startswith("|"):
            rows.append([cell.strip().replace("`", "") for cell in line.strip("|").split("|")])
        elif rows:
            break
    header, _rule, *body = rows
    return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in body}


def yes(cell: str) -> bool:
    assert cell in {"yes", "no"}, cell
    return cell == "yes"


PROJECT_TABLE = read_table("Project actions, by role")
CREDENTIAL_TABLE = read_table("Which credentials count")
ACCOUNT_TABLE = read_table("Account actions")


def test_the_document_covers_every_action_role_and_credential() -> None:
    assert set(PROJECT_TABLE) == {UPLOAD, *(
        "yank a release", "un-yank a release", "remove a file", "remove a release",
        "remove the project", "list roles", "add or change a role", "remove a role",
        "read the audit log",
    )}  # fmt: skip
    assert all(set(ROLES) <= set(cells) for cells in PROJECT_TABLE.values())
    assert set(CREDENTIAL_TABLE) == set(CREDENTIALS)
    assert set(ACCOUNT_TABLE) == set(ACCOUNT_CALLS)


# The data, written once per backend


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def case_project(role: str, credential: str, action: str) -> str:
    return f"mx-{slug(role)}-{CREDENTIALS[credential]}-{slug(action)}"


@dataclass
class Matrix:
    index: Index
    tokens: dict[tuple[str, str], str]  # (user, "wide" | "other" | project) -> token

    def authorization(self, user: str, credential: str, project: str) -> dict[str, str]:
        kind = CREDENTIALS[credential]
        if kind == "password":
            raw = base64.b64encode(f"{user}:{PASSWORD}".encode()).decode()
            return {"Authorization": f"Basic {raw}"}
        token = self.tokens[(user, project if kind == "this" else kind)]
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def matrix(index: Index) -> Matrix:
    accounts = index.accounts
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        )
        for user in [*ACTING_USER.values(), "mx-keeper", "mx-target", "mx-newcomer"]:
            accounts.create_user(
                user, f"{user}@example.invalid", PASSWORD, is_admin=user == "mx-admin"
            )
    tokens: dict[tuple[str, str], str] = {}
    for user in ACTING_USER.values():
        tokens[(user, "wide")] = accounts.create_token(user).value
        tokens[(user, "other")] = accounts.create_token(user, projects=["mx-elsewhere"]).value
    with index.database.session() as session:
        for role, credential, action in itertools.product(ROLES, CREDENTIALS, PROJECT_TABLE):
            name = case_project(role, credential, action)
            roles = [("mx-keeper", "Owner"), ("mx-target", "Maintainer")]
            if ROLES[role]:
                roles.append((ACTING_USER[role], ROLES[role]))
            add_project(session, name, roles=roles, yanked=["2.0"])
    for role, action in itertools.product(ROLES, PROJECT_TABLE):
        name = case_project(role, "__token__ and a token scoped to this project", action)
        user = ACTING_USER[role]
        tokens[(user, name)] = accounts.create_token(user, projects=[name]).value
    return Matrix(index, tokens)


# Project actions


PROJECT_CASES = [
    pytest.param(
        role, credential, action, id=f"{slug(action)}-{slug(role)}-{CREDENTIALS[credential]}"
    )
    for action, role, credential in itertools.product(PROJECT_TABLE, ROLES, CREDENTIALS)
]


def expected_for_project(role: str, credential: str, action: str) -> bool:
    kind = "upload" if action == UPLOAD else "project actions"
    return yes(PROJECT_TABLE[action][role]) and yes(CREDENTIAL_TABLE[credential][kind])


@pytest.mark.parametrize(("role", "credential", "action"), PROJECT_CASES)
def test_project_action(
    matrix: Matrix, role: str, credential: str, action: str, tmp_path: Path
) -> None:
    index = matrix.index
    project = case_project(role, credential, action)
    user = ACTING_USER[role]
    headers = matrix.authorization(user, credential, project)
    before = len(index.journal(project))

    if action == UPLOAD:
        wheel = build_wheel(tmp_path, project, "3.0")
        response = index.post_form(twine_parts(wheel), account=None, headers=headers)
        call = Call("POST", "/legacy/")
    else:
        call = project_call(action, project)
        response = index.request(call.method, call.path, headers=headers, json=call.body)

    if expected_for_project(role, credential, action):
        assert response.status_code == call.ok, response.text
        if call.changes:
            entries = index.journal(project)
            assert len(entries) > before
            assert entries[-1].actor == user
    else:
        assert response.status_code == 403, response.text
        assert len(index.journal(project)) == before


# Account actions


def fresh_token(matrix: Matrix, user: str) -> str:
    return matrix.index.accounts.create_token(user, description="to revoke").identifier


ACCOUNT_CALLS: dict[str, Callable[[Matrix, str], Call]] = {
    "list your tokens": lambda m, user: Call("GET", "/api/v1/tokens", changes=False),
    "create a token": lambda m, user: Call("POST", "/api/v1/tokens", {"expires": "1d"}, ok=201),
    "revoke your token": lambda m, user: Call("DELETE", f"/api/v1/tokens/{fresh_token(m, user)}"),
    "revoke another user's token": lambda m, user: Call(
        "DELETE", f"/api/v1/tokens/{fresh_token(m, 'mx-keeper')}"
    ),
    "read your audit log": lambda m, user: Call(
        "GET", f"/api/v1/users/{user}/audit", changes=False
    ),
    "read another user's audit log": lambda m, user: Call(
        "GET", "/api/v1/users/mx-keeper/audit", changes=False
    ),
}
WHO = {"the user": "mx-none", "admin": "mx-admin"}
OTHER = "__token__ and a token scoped to other projects"
# The right credentials but not the right: someone else's token is "unknown" (no probing).
NOT_YOURS = {"revoke another user's token": 404}

ACCOUNT_CASES = [
    pytest.param(
        action, who, credential, id=f"{slug(action)}-{slug(who)}-{CREDENTIALS[credential]}"
    )
    for action, who, credential in itertools.product(ACCOUNT_TABLE, WHO, CREDENTIALS)
]


@pytest.mark.parametrize(("action", "who", "credential"), ACCOUNT_CASES)
def test_account_action(matrix: Matrix, action: str, who: str, credential: str) -> None:
    user = WHO[who]
    # For account actions any scoped token is one "scoped to this project": use the other one.
    scoped = CREDENTIALS[credential] == "this"
    headers = matrix.authorization(user, OTHER if scoped else credential, "")
    call = ACCOUNT_CALLS[action](matrix, user)
    response: httpx.Response = matrix.index.request(
        call.method, call.path, headers=headers, json=call.body
    )
    credential_ok = yes(CREDENTIAL_TABLE[credential]["account actions"])
    right_ok = yes(ACCOUNT_TABLE[action][who])
    if credential_ok and right_ok:
        assert response.status_code == call.ok, response.text
    elif credential_ok:
        assert response.status_code == NOT_YOURS.get(action, 403), response.text
    else:
        assert response.status_code == 403, response.text
        assert "scoped" in response.json()["error"]
