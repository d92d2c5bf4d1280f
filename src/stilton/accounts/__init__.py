"""Users, password hashes, API tokens, roles, and who may upload what."""

from stilton.accounts.credentials import Credentials, parse_authorization
from stilton.accounts.errors import (
    AccountError,
    AuthenticationFailed,
    NotPermitted,
    UnknownUser,
    UserExists,
)
from stilton.accounts.passwords import hash_password, verify_password
from stilton.accounts.service import AccountService, Identity
from stilton.accounts.tokens import TOKEN_USERNAME, NewToken

__all__ = [
    "TOKEN_USERNAME",
    "AccountError",
    "AccountService",
    "AuthenticationFailed",
    "Credentials",
    "Identity",
    "NewToken",
    "NotPermitted",
    "UnknownUser",
    "UserExists",
    "hash_password",
    "parse_authorization",
    "verify_password",
]
