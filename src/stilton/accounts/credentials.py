from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from stilton.accounts.errors import AuthenticationFailed


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str


def parse_authorization(header: str | None) -> Credentials | None:
    """Read `Basic` or `Bearer` credentials; None when the header is absent."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer" and value:
        return Credentials("__token__", value)
    if scheme.lower() != "basic" or not value:
        raise AuthenticationFailed("Unsupported authorization scheme; use Basic or Bearer")
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise AuthenticationFailed("Malformed Basic credentials") from error
    username, separator, password = decoded.partition(":")
    if not separator:
        raise AuthenticationFailed("Malformed Basic credentials")
    return Credentials(username, password)
