"""Users, password hashes, API tokens, and who may do what to which project."""

from stilton.accounts.cache import LoginCache
from stilton.accounts.credentials import Credentials, parse_authorization
from stilton.accounts.errors import (
    AccountError,
    AuthenticationFailed,
    InvalidTokenRequest,
    InvalidUsername,
    NotPermitted,
    TokenAlreadyRevoked,
    UnknownToken,
    UnknownUser,
    UserExists,
)
from stilton.accounts.expiry import parse_expiry
from stilton.accounts.passwords import hash_password, verify_password
from stilton.accounts.permissions import (
    ADMIN_ACTIONS,
    MAINTAINER,
    OWNER,
    ROLE_ACTIONS,
    ROLES,
    Action,
    Actor,
    Identity,
)
from stilton.accounts.service import AccountService, find_user
from stilton.accounts.tokens import TOKEN_USERNAME, NewToken, TokenInfo

__all__ = [
    "ADMIN_ACTIONS",
    "MAINTAINER",
    "OWNER",
    "ROLES",
    "ROLE_ACTIONS",
    "TOKEN_USERNAME",
    "AccountError",
    "AccountService",
    "Action",
    "Actor",
    "AuthenticationFailed",
    "Credentials",
    "Identity",
    "InvalidTokenRequest",
    "InvalidUsername",
    "LoginCache",
    "NewToken",
    "NotPermitted",
    "TokenAlreadyRevoked",
    "TokenInfo",
    "UnknownToken",
    "UnknownUser",
    "UserExists",
    "find_user",
    "hash_password",
    "parse_authorization",
    "parse_expiry",
    "verify_password",
]
