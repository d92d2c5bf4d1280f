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
    TooManyLogins,
    UnknownToken,
    UnknownUser,
    UserExists,
)
from stilton.accounts.expiry import parse_expiry
from stilton.accounts.logins import PasswordLogins, WeakPassword, password_problem
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
from stilton.accounts.throttle import LoginLimits, LoginThrottle
from stilton.accounts.tokens import TOKEN_USERNAME, NewToken, TokenInfo
from stilton.accounts.user_admin import (
    AccountChange,
    SelfChangeRefused,
    UserAdmin,
    UserListing,
    UserSummary,
)

__all__ = [
    "ADMIN_ACTIONS",
    "MAINTAINER",
    "OWNER",
    "ROLES",
    "ROLE_ACTIONS",
    "TOKEN_USERNAME",
    "AccountChange",
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
    "LoginLimits",
    "LoginThrottle",
    "NewToken",
    "NotPermitted",
    "PasswordLogins",
    "SelfChangeRefused",
    "TokenAlreadyRevoked",
    "TokenInfo",
    "TooManyLogins",
    "UnknownToken",
    "UnknownUser",
    "UserAdmin",
    "UserExists",
    "UserListing",
    "UserSummary",
    "WeakPassword",
    "find_user",
    "hash_password",
    "parse_authorization",
    "parse_expiry",
    "password_problem",
    "verify_password",
]
