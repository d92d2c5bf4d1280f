from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from stilton.accounts.credentials import Credentials
from stilton.accounts.errors import AuthenticationFailed, NotPermitted, UnknownUser, UserExists
from stilton.accounts.passwords import hash_password, verify_password
from stilton.accounts.tokens import (
    TOKEN_USERNAME,
    NewToken,
    mint_token,
    secret_matches,
    split_token,
)
from stilton.db import Database, models, utcnow

_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$")
OWNER = "Owner"
MAINTAINER = "Maintainer"


@dataclass(frozen=True)
class Identity:
    """Who is asking, and what their token lets them touch (None: every project they may)."""

    user_id: int
    username: str
    is_admin: bool
    token_projects: frozenset[str] | None

    def check_upload(self, normalized_name: str, role: str | None, project_exists: bool) -> None:
        """Raise NotPermitted unless this identity may upload a file to the project."""
        if self.token_projects is not None and normalized_name not in self.token_projects:
            raise NotPermitted(
                f"The API token is not valid for project '{normalized_name}'; "
                "create a token scoped to it"
            )
        if project_exists and role not in {OWNER, MAINTAINER}:
            raise NotPermitted(
                f"User '{self.username}' isn't allowed to upload to project '{normalized_name}'"
            )


class AccountService:
    def __init__(self, database: Database) -> None:
        self.database = database

    def create_user(
        self, username: str, email: str, password: str | None, *, is_admin: bool = False
    ) -> int:
        if not _USERNAME.match(username):
            raise UserExists(f"'{username}' is not a valid user name")
        with self.database.session() as session:
            if _find_user(session, username) is not None:
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

    def create_token(
        self,
        username: str,
        *,
        projects: list[str] | None = None,
        expires: datetime | None = None,
        description: str = "",
    ) -> NewToken:
        token = mint_token()
        with self.database.session() as session:
            user = _find_user(session, username)
            if user is None:
                raise UnknownUser(f"No user named '{username}'")
            session.add(
                models.ApiToken(
                    user_id=user.id,
                    identifier=token.identifier,
                    secret_hash=token.secret_hash,
                    description=description,
                    projects=sorted(set(projects)) if projects else None,
                    created=utcnow(),
                    expires=expires,
                    revoked=False,
                )
            )
        return token

    def authenticate(self, credentials: Credentials | None) -> Identity:
        if credentials is None:
            raise AuthenticationFailed("Credentials are required: use __token__ and an API token")
        if credentials.username != TOKEN_USERNAME:
            return self._authenticate_password(credentials)
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

    def _authenticate_password(self, credentials: Credentials) -> Identity:
        with self.database.session() as session:
            user = _find_user(session, credentials.username)
            valid = user is not None and verify_password(user.password_hash, credentials.password)
        if not valid:
            raise AuthenticationFailed("Invalid username or password")
        raise NotPermitted(
            "Uploads take an API token, not a password: run "
            "'stilton token create --user NAME' and upload as __token__"
        )

    def add_role(self, session: Session, user_id: int, project_id: int, role: str) -> None:
        session.add(models.Role(user_id=user_id, project_id=project_id, role=role))


def _find_user(session: Session, username: str) -> models.User | None:
    return session.scalar(select(models.User).where(models.User.username == username))
