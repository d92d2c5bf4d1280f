"""Logging in with a password, and changing it.

A user name that matches no account still costs one password verification, against a hash
made once per process, so the answer's timing does not tell which names exist.
"""

from __future__ import annotations

from stilton.accounts.errors import AccountError, AuthenticationFailed
from stilton.accounts.passwords import dummy_password_hash, hash_password, verify_password
from stilton.accounts.permissions import Identity
from stilton.accounts.service import find_user
from stilton.db import Database

MIN_PASSWORD = 10
MAX_PASSWORD = 1024


class WeakPassword(AccountError):
    """A new password that breaks the rules of `password_problem`."""

    code = "weak-password"


def password_problem(password: str, username: str) -> str | None:
    """Why `password` may not be used by `username`, or None when it may."""
    if len(password) < MIN_PASSWORD:
        return f"The password must have at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"The password must have at most {MAX_PASSWORD} characters"
    if password.strip().lower() == username.lower():
        return "The password must not be the user name"
    return None


class PasswordLogins:
    def __init__(self, database: Database) -> None:
        self.database = database

    def check(self, username: str, password: str) -> Identity | None:
        """The identity whose password this is, or None (unknown, disabled or wrong)."""
        with self.database.session() as session:
            user = find_user(session, username)
            stored = user.password_hash if user is not None else None
            identity = None
            if user is not None and user.is_active:
                identity = Identity(user.id, user.username, user.is_admin, None)
        if stored is None:
            verify_password(dummy_password_hash(), password)
            return None
        return identity if verify_password(stored, password) else None

    def change_password(self, username: str, old: str, new: str) -> None:
        problem = password_problem(new, username)
        if problem is not None:
            raise WeakPassword(problem)
        if self.check(username, old) is None:
            raise AuthenticationFailed("The current password is wrong")
        with self.database.session() as session:
            user = find_user(session, username)
            if user is None:  # pragma: no cover - removed between the two transactions
                raise AuthenticationFailed("The account is gone")
            user.password_hash = hash_password(new)
