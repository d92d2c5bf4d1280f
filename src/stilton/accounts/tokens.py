from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

TOKEN_USERNAME = "__token__"  # noqa: S105 - a user name, not a secret
TOKEN_PREFIX = "stilton-"  # noqa: S105 - a public marker
_IDENTIFIER_LENGTH = 16


@dataclass(frozen=True)
class NewToken:
    """A freshly minted token: `value` is shown once and never stored."""

    identifier: str
    value: str
    secret_hash: str
    serial: int = 0
    """The journal entry that records the token's creation (0 until it is stored)."""


def mint_token() -> NewToken:
    identifier = secrets.token_hex(_IDENTIFIER_LENGTH // 2)
    secret = secrets.token_urlsafe(32)
    return NewToken(identifier, f"{TOKEN_PREFIX}{identifier}.{secret}", _digest(secret))


def is_identifier(value: str) -> bool:
    return len(value) == _IDENTIFIER_LENGTH and all(c in "0123456789abcdef" for c in value)


def split_token(value: str) -> tuple[str, str] | None:
    """The (identifier, secret) of a well-formed token, else None."""
    if not value.startswith(TOKEN_PREFIX):
        return None
    identifier, dot, secret = value[len(TOKEN_PREFIX) :].partition(".")
    if not dot or not is_identifier(identifier) or not secret:
        return None
    return identifier, secret


def secret_matches(secret: str, secret_hash: str) -> bool:
    # Tokens carry 256 random bits, so a fast digest is enough; compare in constant time.
    return hmac.compare_digest(_digest(secret), secret_hash)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class TokenInfo:
    """What a token's owner may see of it later: everything but the secret."""

    identifier: str
    username: str
    description: str
    projects: tuple[str, ...] | None
    created: datetime
    expires: datetime | None
    last_used: datetime | None
    revoked: bool

    def status(self, now: datetime) -> str:
        if self.revoked:
            return "revoked"
        if self.expires is not None and self.expires <= now:
            return "expired"
        return "active"
