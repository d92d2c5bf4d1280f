from __future__ import annotations

import re
from datetime import datetime

from packaging.utils import canonicalize_name
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stilton.accounts.credentials import Credentials
from stilton.accounts.errors import (
    AuthenticationFailed,
    InvalidTokenRequest,
    InvalidUsername,
    NotPermitted,
    TokenAlreadyRevoked,
    TooManyLogins,
    UnknownToken,
    UnknownUser,
    UserExists,
)
from stilton.accounts.passwords import dummy_password_hash, hash_password, verify_password
from stilton.accounts.permissions import Actor, Identity
from stilton.accounts.throttle import LoginThrottle
from stilton.accounts.tokens import (
    TOKEN_USERNAME,
    NewToken,
    TokenInfo,
    is_identifier,
    mint_token,
    secret_matches,
    split_token,
)
from stilton.db import Database, models, utcnow

_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,49}")
_PROJECT_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,198}[a-z0-9])?")
_MAX_SCOPE = 100
_MAX_DESCRIPTION = 200


class AccountService:
    def __init__(self, database: Database, throttle: LoginThrottle | None = None) -> None:
        self.database = database
        self.throttle = throttle

    def create_user(
        self, username: str, email: str, password: str | None, *, is_admin: bool = False
    ) -> int:
        if not _USERNAME.fullmatch(username):
            raise InvalidUsername(
                f"'{username}' is not a valid user name: use 1 to 50 letters, digits, '.', '_' "
                "or '-', starting with a letter or digit"
            )
        with self.database.session() as session:
            if find_user(session, username) is not None:
                raise UserExists(f"User '{username}' exists already")
            user = models.User(
                username=username,
                email=email,
                password_hash=hash_password(password) if password else None,
                is_admin=is_admin,
                is_active=True,
                created=utcnow(),
            )
            session.add(user)
            session.flush()
            return user.id

    def user_exists(self, username: str) -> bool:
        with self.database.session() as session:
            return find_user(session, username) is not None

    def create_token(
        self,
        username: str,
        *,
        projects: list[str] | None = None,
        expires: datetime | None = None,
        description: str = "",
        actor: Actor | None = None,
    ) -> NewToken:
        """Mint a token for `username`; the value is in the result and nowhere else.

        `actor` is who asks (checked, and named in the journal); None is Stilton itself.
        """
        if actor is not None:
            actor.check_account(username)
        scope = _scope(projects)
        if len(description) > _MAX_DESCRIPTION:
            raise InvalidTokenRequest(f"The description is longer than {_MAX_DESCRIPTION}")
        token = mint_token()
        with self.database.session() as session:
            user = _existing_user(session, username)
            session.add(
                models.ApiToken(
                    user_id=user.id,
                    identifier=token.identifier,
                    secret_hash=token.secret_hash,
                    description=description,
                    projects=scope,
                    created=utcnow(),
                    expires=expires,
                    revoked=False,
                )
            )
            serial = _journal(session, f"create token {token.identifier}", actor, username)
        return NewToken(token.identifier, token.value, token.secret_hash, serial)

    def list_tokens(self, username: str, actor: Actor | None = None) -> list[TokenInfo]:
        """Every token of `username`, newest first, revoked and expired ones included."""
        if actor is not None:
            actor.check_account(username)
        with self.database.session() as session:
            user = _existing_user(session, username)
            rows = session.scalars(
                select(models.ApiToken)
                .where(models.ApiToken.user_id == user.id)
                .order_by(models.ApiToken.created.desc(), models.ApiToken.id.desc())
            )
            return [_token_info(row, username) for row in rows]

    def revoke_token(self, identifier: str, actor: Actor | None = None) -> int:
        """Revoke a token for good; returns the serial of the journal entry.

        Users revoke their own tokens; someone else's is "unknown" to them unless they are
        an admin, so identifiers of other people's tokens cannot be probed.
        """
        if actor is not None and actor.identity is not None:
            actor.check_account(actor.identity.username)
        with self.database.session() as session:
            token = None
            if is_identifier(identifier):
                token = session.scalar(
                    select(models.ApiToken).where(models.ApiToken.identifier == identifier)
                )
            owner = token.user.username if token is not None else ""
            if token is None or (actor is not None and not _may_see(actor, owner)):
                raise UnknownToken(f"No API token '{identifier}'")
            if token.revoked:
                raise TokenAlreadyRevoked(f"The API token '{identifier}' is revoked already")
            token.revoked = True
            return _journal(session, f"revoke token {identifier}", actor, owner)

    def authenticate(
        self,
        credentials: Credentials | None,
        *,
        allow_password: bool = False,
        address: str | None = None,
    ) -> Identity:
        """Who the credentials belong to: an API token, or (if allowed) a password.

        Uploads take tokens only; the management API and private-mode reads also take a
        user's password. Wrong passwords count against the user name and the client
        `address` (`throttle`), as on the log-in page.
        """
        if credentials is None:
            raise AuthenticationFailed("Credentials are required: use __token__ and an API token")
        if credentials.username != TOKEN_USERNAME:
            return self._authenticate_password(credentials, allow_password, address or "")
        parts = split_token(credentials.password)
        if parts is None:
            raise AuthenticationFailed("Invalid API token: not a Stilton token")
        identifier, secret = parts
        with self.database.session() as session:
            token = session.scalar(
                select(models.ApiToken).where(models.ApiToken.identifier == identifier)
            )
            if token is None or token.revoked or not secret_matches(secret, token.secret_hash):
                raise AuthenticationFailed("Invalid or revoked API token")
            now = utcnow()
            if token.expires is not None and token.expires <= now:
                raise AuthenticationFailed("The API token has expired")
            if not token.user.is_active:
                raise AuthenticationFailed("The token's user is disabled")
            token.last_used = now
            scope = frozenset(token.projects) if token.projects else None
            return Identity(token.user.id, token.user.username, token.user.is_admin, scope)

    def _authenticate_password(
        self, credentials: Credentials, allow_password: bool, address: str
    ) -> Identity:
        username = credentials.username
        if self.throttle is not None and self.throttle.blocked(username, address):
            minutes = int(self.throttle.limits.window.total_seconds() // 60)
            raise TooManyLogins(
                f"Too many failed log-ins for '{username}' or from this address: "
                f"wait {minutes} minutes, or use an API token"
            )
        with self.database.session() as session:
            user = find_user(session, username)
            stored = user.password_hash if user is not None and user.is_active else None
        # An unknown name costs a verification too, so timing does not tell which names exist.
        valid = verify_password(stored or dummy_password_hash(), credentials.password)
        if not valid or stored is None or user is None:
            if self.throttle is not None:
                self.throttle.failed(username, address)
            raise AuthenticationFailed("Invalid username or password")
        if self.throttle is not None:
            self.throttle.succeeded(username)
        if not allow_password:
            raise NotPermitted(
                "Uploads take an API token, not a password: create one with "
                f"'stilton token create --user {user.username}' or POST /api/v1/tokens "
                "(with your password), then upload as __token__ with the token as password"
            )
        return Identity(user.id, user.username, user.is_admin, None)

    def add_role(self, session: Session, user_id: int, project_id: int, role: str) -> None:
        session.add(models.Role(user_id=user_id, project_id=project_id, role=role))


def find_user(session: Session, username: str) -> models.User | None:
    """The user of that name, compared without case; None for names no user can have
    (checked before querying)."""
    if not _USERNAME.fullmatch(username):
        return None
    exact = session.scalar(select(models.User).where(models.User.username == username))
    if exact is not None:
        return exact
    # User names are unique regardless of case (as PyPI's are): "Alice" signs in as "alice".
    return session.scalar(
        select(models.User).where(func.lower(models.User.username) == username.lower()).limit(1)
    )


def _existing_user(session: Session, username: str) -> models.User:
    user = find_user(session, username)
    if user is None:
        raise UnknownUser(f"No user named '{username}'")
    return user


def _scope(projects: list[str] | None) -> list[str] | None:
    if not projects:
        return None
    names: list[str] = sorted({canonicalize_name(p) for p in projects})
    bad = [p for p in projects if not _PROJECT_NAME.fullmatch(canonicalize_name(p))]
    if bad:
        raise InvalidTokenRequest(f"'{bad[0]}' is not a valid project name")
    if len(names) > _MAX_SCOPE:
        raise InvalidTokenRequest(f"A token may name at most {_MAX_SCOPE} projects")
    return names


def _may_see(actor: Actor, owner: str) -> bool:
    return actor.is_admin or (actor.identity is not None and actor.identity.username == owner)


def _token_info(row: models.ApiToken, username: str) -> TokenInfo:
    return TokenInfo(
        identifier=row.identifier,
        username=username,
        description=row.description,
        projects=tuple(row.projects) if row.projects else None,
        created=row.created,
        expires=row.expires,
        last_used=row.last_used,
        revoked=row.revoked,
    )


def _journal(session: Session, action: str, actor: Actor | None, subject: str) -> int:
    """An account-level journal entry (no project); returns its serial."""
    entry = models.JournalEntry(
        name=None,
        normalized_name=None,
        action=action,
        submitted=utcnow(),
        actor=actor.name if actor is not None else None,
        client_ip=actor.client_ip if actor is not None else None,
        subject=subject,
    )
    session.add(entry)
    session.flush()
    return entry.serial
