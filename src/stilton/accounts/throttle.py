"""Rate limits on logging in: failures are counted per user name and per client address.

Failures are rows in the database, so the limits hold across every app process. A success
forgives the user name's failures (not the address's: one address guessing many names
stays limited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select

from stilton.db import Database, models, utcnow


@dataclass(frozen=True)
class LoginLimits:
    per_user: int
    per_address: int
    window: timedelta


class LoginThrottle:
    def __init__(self, database: Database, limits: LoginLimits) -> None:
        self.database = database
        self.limits = limits

    def blocked(self, username: str, address: str) -> bool:
        """Whether a log-in for `username` from `address` must be refused unheard."""
        since = utcnow() - self.limits.window
        failures = models.LoginFailure
        with self.database.session() as session:

            def count(*conditions: object) -> int:
                query = select(func.count()).select_from(failures).where(*conditions)  # type: ignore[arg-type]
                return session.scalar(query) or 0

            by_user = count(failures.username == _key(username), failures.attempted > since)
            if self.limits.per_user and by_user >= self.limits.per_user:
                return True
            by_address = count(failures.address == address, failures.attempted > since)
            return bool(self.limits.per_address and by_address >= self.limits.per_address)

    def failed(self, username: str, address: str) -> None:
        now = utcnow()
        with self.database.session() as session:
            session.add(
                models.LoginFailure(username=_key(username), address=address, attempted=now)
            )
            # Old failures count for nothing; clearing them here keeps the table small.
            session.execute(
                delete(models.LoginFailure).where(
                    models.LoginFailure.attempted <= now - self.limits.window
                )
            )

    def succeeded(self, username: str) -> None:
        with self.database.session() as session:
            session.execute(
                delete(models.LoginFailure).where(models.LoginFailure.username == _key(username))
            )


def _key(username: str) -> str:
    return username.strip().lower()[:100]
