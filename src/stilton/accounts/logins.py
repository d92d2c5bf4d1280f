"""The rules a new password must follow, and changing a password (logging in with one is
`AccountService.authenticate`)."""

from __future__ import annotations

from stilton.accounts.errors import AccountError, AuthenticationFailed
from stilton.accounts.passwords import hash_password, verify_password
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

    def change_password(self, username: str, old: str, new: str) -> None:
        problem = password_problem(new, username)
        if problem is not None:
            raise WeakPassword(problem)
        with self.database.session() as session:
            user = find_user(session, username)
            stored = user.password_hash if user is not None and user.is_active else None
            if user is None or not verify_password(stored, old):
                raise AuthenticationFailed("The current password is wrong")
            user.password_hash = hash_password(new)
