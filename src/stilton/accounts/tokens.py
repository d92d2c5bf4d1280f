from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

TOKEN_USERNAME = "__token__"  # noqa: S105 - a user name, not a secret
TOKEN_PREFIX = "stilton-"  # noqa: S105 - a public marker


@dataclass(frozen=True)
class NewToken:
    """A freshly minted token: `value` is shown once and never stored."""

    identifier: str
    value: str
    secret_hash: str


def mint_token() -> NewToken:
    identifier = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    return NewToken(identifier, f"{TOKEN_PREFIX}{identifier}.{secret}", _digest(secret))


def split_token(value: str) -> tuple[str, str] | None:
    """The (identifier, secret) of a well-formed token, else None."""
    if not value.startswith(TOKEN_PREFIX):
        return None
    identifier, dot, secret = value[len(TOKEN_PREFIX) :].partition(".")
    if not dot or len(identifier) != 16 or not secret:
        return None
    return identifier, secret


def secret_matches(secret: str, secret_hash: str) -> bool:
    # Tokens carry 256 random bits, so a fast digest is enough; compare in constant time.
    return hmac.compare_digest(_digest(secret), secret_hash)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
