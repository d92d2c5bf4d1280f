"""What admins do to accounts: find users, make or unmake admins, disable or enable them.

Every change is journaled as an account-level entry naming the user as its subject, so it
shows in that user's audit log. An admin cannot unmake or disable themselves: the index
always keeps the admin who is acting, and nobody locks themselves out by a slip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from sqlalchemy import func, or_, select

from stilton.accounts.errors import AccountError, NotPermitted
from stilton.accounts.permissions import Actor
from stilton.accounts.service import _existing_user, _journal
from stilton.db import Database, models

MAX_LISTED = 100
MAX_QUERY = 100


class SelfChangeRefused(AccountError):
    """An admin unmaking or disabling their own account."""

    status: ClassVar[int] = 409
    code: ClassVar[str] = "self-change-refused"


@dataclass(frozen=True)
class UserSummary:
    id: int
    username: str
    email: str
    is_admin: bool
    is_active: bool
    created: datetime
    roles: int
    """How many projects the user holds a role in."""


@dataclass(frozen=True)
class UserListing:
    users: tuple[UserSummary, ...]
    total: int
    """How many users match, of which at most `MAX_LISTED` are listed."""


@dataclass(frozen=True)
class AccountChange:
    user_id: int
    serial: int | None
    """The journal entry's serial; None when the account was so already."""


class UserAdmin:
    """Admins only: every method refuses other actors with `NotPermitted`."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def find(self, actor: Actor, text: str = "") -> UserListing:
        """Users whose name or email contains `text` (any case), by name."""
        _require_admin(actor)
        user = models.User
        # Control characters match nothing, and a NUL would not even reach PostgreSQL.
        wanted = "".join(c for c in text if c.isprintable()).strip().lower()[:MAX_QUERY]
        matches = select(user.id)
        if wanted:
            matches = matches.where(
                or_(
                    func.lower(user.username).contains(wanted, autoescape=True),
                    func.lower(user.email).contains(wanted, autoescape=True),
                )
            )
        roles = (
            select(func.count())
            .where(models.Role.user_id == user.id)
            .correlate(user)
            .scalar_subquery()
        )
        with self.database.session() as session:
            total = session.scalar(select(func.count()).select_from(matches.subquery())) or 0
            rows = session.execute(
                select(user, roles.label("roles"))
                .where(user.id.in_(matches))
                .order_by(user.username)
                .limit(MAX_LISTED)
            ).all()
            listed = tuple(
                UserSummary(
                    row.id,
                    row.username,
                    row.email,
                    row.is_admin,
                    row.is_active,
                    row.created,
                    count,
                )
                for row, count in rows
            )
        return UserListing(listed, total)

    def set_admin(self, actor: Actor, username: str, is_admin: bool) -> AccountChange:
        """Make `username` an admin, or an ordinary user again."""
        _require_admin(actor)
        if not is_admin:
            _refuse_self(actor, username, "remove your own admin rights")
        action = "make admin" if is_admin else "remove admin"
        return self._change(actor, username, "is_admin", is_admin, action)

    def set_active(self, actor: Actor, username: str, is_active: bool) -> AccountChange:
        """Disable an account (no log-in, no token works) or enable it again."""
        _require_admin(actor)
        if not is_active:
            _refuse_self(actor, username, "disable your own account")
        action = "enable account" if is_active else "disable account"
        return self._change(actor, username, "is_active", is_active, action)

    def _change(
        self, actor: Actor, username: str, column: str, value: bool, action: str
    ) -> AccountChange:
        with self.database.session() as session:
            user = _existing_user(session, username)
            if getattr(user, column) == value:
                return AccountChange(user.id, None)
            setattr(user, column, value)
            return AccountChange(user.id, _journal(session, action, actor, user.username))


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise NotPermitted(f"Only admins manage accounts; '{actor.name}' is not an admin")


def _refuse_self(actor: Actor, username: str, what: str) -> None:
    if actor.identity is not None and actor.identity.username == username:
        raise SelfChangeRefused(f"You cannot {what}: ask another admin")
