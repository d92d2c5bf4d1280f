"""Who may do what: roles per project, token scopes, admins (docs/permissions.md)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from stilton.accounts.errors import NotPermitted

OWNER = "Owner"
MAINTAINER = "Maintainer"
ROLES = (OWNER, MAINTAINER)


class Action(StrEnum):
    """What can be done to a project; the value completes "may …" in refusals."""

    UPLOAD = "upload files"
    YANK = "yank or un-yank releases"
    REMOVE = "remove files, releases or the project"
    VIEW_ROLES = "see its roles"
    MANAGE_ROLES = "change its roles"
    VIEW_AUDIT = "read its audit log"


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    OWNER: frozenset(Action),
    MAINTAINER: frozenset({Action.UPLOAD}),
}
# Admins manage every project but upload only where they hold a role, as on PyPI: granting
# themselves one (`stilton role add`) leaves a journal entry.
ADMIN_ACTIONS = frozenset(Action) - {Action.UPLOAD}


@dataclass(frozen=True)
class Identity:
    """Who is asking, and what their token lets them touch (None: every project they may)."""

    user_id: int
    username: str
    is_admin: bool
    token_projects: frozenset[str] | None

    def check_scope(self, normalized_name: str) -> None:
        """A token scoped to other projects is refused whatever its user may do."""
        if self.token_projects is not None and normalized_name not in self.token_projects:
            raise NotPermitted(
                f"The API token is not valid for project '{normalized_name}'; "
                "create a token scoped to it"
            )

    def check_upload(self, normalized_name: str, role: str | None, project_exists: bool) -> None:
        """Raise NotPermitted unless this identity may upload a file to the project."""
        self.check_scope(normalized_name)
        if project_exists and Action.UPLOAD not in ROLE_ACTIONS.get(role or "", ()):
            raise NotPermitted(
                f"User '{self.username}' isn't allowed to upload to project '{normalized_name}'"
            )

    def authorize(self, action: Action, normalized_name: str, role: str | None) -> None:
        """Raise NotPermitted unless this identity may do `action` to an existing project."""
        if action is Action.UPLOAD:
            self.check_upload(normalized_name, role, project_exists=True)
            return
        self.check_scope(normalized_name)
        if action in ROLE_ACTIONS.get(role or "", ()) or (
            self.is_admin and action in ADMIN_ACTIONS
        ):
            return
        standing = f"a {role}" if role else "not a member"
        raise NotPermitted(
            f"Only owners of '{normalized_name}' (and admins) may {action}; "
            f"user '{self.username}' is {standing}"
        )

    def check_account(self, username: str) -> None:
        """Raise NotPermitted unless this identity may act on the account `username`.

        Account matters (tokens, a user's audit log) span projects, so a token scoped to some
        projects is never enough for them.
        """
        if self.token_projects is not None:
            raise NotPermitted(
                "A token scoped to projects cannot manage tokens or read a user's audit log; "
                "use a user-wide token or your password"
            )
        if username != self.username and not self.is_admin:
            raise NotPermitted(f"User '{self.username}' may not act for user '{username}'")


@dataclass(frozen=True)
class Actor:
    """Who makes a change, as the journal records it.

    `identity` is None for the operator at the command line, who may do anything: whoever
    can run `stilton` against the database owns the index anyway.
    """

    name: str
    identity: Identity | None
    client_ip: str | None = None

    @classmethod
    def operator(cls, login: str) -> Actor:
        """The command line; the name cannot clash with a user's (user names have no colon)."""
        return cls(f"cli:{login}", None)

    @classmethod
    def user(cls, identity: Identity, client_ip: str | None = None) -> Actor:
        return cls(identity.username, identity, client_ip)

    def authorize(self, action: Action, normalized_name: str, role: str | None) -> None:
        if self.identity is not None:
            self.identity.authorize(action, normalized_name, role)

    def check_account(self, username: str) -> None:
        if self.identity is not None:
            self.identity.check_account(username)

    @property
    def is_admin(self) -> bool:
        return self.identity is None or self.identity.is_admin
