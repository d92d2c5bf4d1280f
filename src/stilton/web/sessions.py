"""Browser sessions, kept in the database so that every app process shares them.

The cookie carries 256 random bits; the table keeps only their SHA-256, so a copy of the
database lets nobody act as a user. A session without a user is made when a page shows a
form to someone who has not logged in: every form's CSRF token hangs off a session.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete

from stilton.db import Database, models, utcnow

COOKIE_NAME = "stilton_session"
ANONYMOUS_LIFETIME = timedelta(hours=2)
# last_seen is written at most this often, so reading pages costs no write per request.
TOUCH_EVERY = timedelta(minutes=5)
MAX_FLASHES = 5
PURGE_EVERY = 60.0


@dataclass(frozen=True)
class SignedIn:
    """The user a session belongs to, as the pages need them."""

    id: int
    username: str
    is_admin: bool


@dataclass(frozen=True)
class SessionRecord:
    raw_id: str
    user: SignedIn | None
    expires: datetime
    flashes: tuple[tuple[str, str], ...]


def digest(raw_id: str) -> str:
    return hashlib.sha256(raw_id.encode()).hexdigest()


class SessionStore:
    def __init__(self, database: Database, lifetime: timedelta) -> None:
        self.database = database
        self.lifetime = lifetime
        self._last_purge = float("-inf")

    def create(self, user_id: int | None) -> tuple[str, datetime]:
        """A new session; returns its raw id (for the cookie only) and when it expires.

        Expired sessions are deleted here too, at most once per `PURGE_EVERY` in a process,
        so visitors who never log in do not make the table grow without end."""
        if time.monotonic() - self._last_purge >= PURGE_EVERY:
            self._last_purge = time.monotonic()
            self.purge_expired()
        raw_id = secrets.token_urlsafe(32)
        now = utcnow()
        expires = now + (self.lifetime if user_id is not None else ANONYMOUS_LIFETIME)
        with self.database.session() as session:
            session.add(
                models.WebSession(
                    id_hash=digest(raw_id),
                    user_id=user_id,
                    created=now,
                    last_seen=now,
                    expires=expires,
                    flash=[],
                )
            )
        return raw_id, expires

    def load(self, raw_id: str) -> SessionRecord | None:
        """The live session with this id, or None (unknown, expired, or its user disabled)."""
        if not 20 <= len(raw_id) <= 100:
            return None
        now = utcnow()
        with self.database.session() as session:
            row = session.get(models.WebSession, digest(raw_id))
            if row is None or row.expires <= now:
                return None
            user = None
            if row.user_id is not None:
                account = session.get(models.User, row.user_id)
                if account is None or not account.is_active:
                    return None
                user = SignedIn(account.id, account.username, account.is_admin)
            if now - row.last_seen >= TOUCH_EVERY:
                row.last_seen = now
            flashes = tuple((kind, text) for kind, text in row.flash or [])
            return SessionRecord(raw_id, user, row.expires, flashes)

    def delete(self, raw_id: str) -> None:
        with self.database.session() as session:
            session.execute(
                delete(models.WebSession).where(models.WebSession.id_hash == digest(raw_id))
            )

    def delete_for_user(self, user_id: int) -> None:
        """End every session of a user (their password changed, or an admin disabled them)."""
        with self.database.session() as session:
            session.execute(delete(models.WebSession).where(models.WebSession.user_id == user_id))

    def purge_expired(self) -> None:
        with self.database.session() as session:
            session.execute(delete(models.WebSession).where(models.WebSession.expires <= utcnow()))

    def add_flash(self, raw_id: str, kind: str, text: str) -> None:
        with self.database.session() as session:
            row = session.get(models.WebSession, digest(raw_id))
            if row is not None:
                row.flash = [*(row.flash or []), [kind, text]][-MAX_FLASHES:]

    def take_flashes(self, raw_id: str) -> None:
        """Forget the messages once a page has shown them."""
        with self.database.session() as session:
            row = session.get(models.WebSession, digest(raw_id))
            if row is not None and row.flash:
                row.flash = []
