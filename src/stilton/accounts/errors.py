from typing import ClassVar


class AccountError(Exception):
    """Base of every accounts failure; the message is shown to the user.

    `status` is the HTTP status the management API answers with, `code` a stable slug.
    """

    status: ClassVar[int] = 400
    code: ClassVar[str] = "account-error"


class AuthenticationFailed(AccountError):
    """No credentials, or credentials that match nothing: answered with 401."""

    status = 401
    code = "unauthenticated"


class TooManyLogins(AccountError):
    """Too many wrong passwords for a user name or from an address lately: answered with 429."""

    status = 429
    code = "too-many-logins"


class NotPermitted(AccountError):
    """Known credentials without the right to do this: answered with 403."""

    status = 403
    code = "forbidden"


class UnknownUser(AccountError):
    """No account has that name."""

    status = 404
    code = "unknown-user"


class UserExists(AccountError):
    """An account with that name exists already."""

    status = 409
    code = "user-exists"


class InvalidUsername(AccountError):
    """A user name outside the allowed characters or length."""

    code = "invalid-username"


class UnknownToken(AccountError):
    """No API token has that identifier (or it belongs to someone else)."""

    status = 404
    code = "unknown-token"


class TokenAlreadyRevoked(AccountError):
    """Revoking a token twice."""

    status = 409
    code = "token-revoked"


class InvalidTokenRequest(AccountError):
    """A token's scope, expiry or description that cannot be used."""

    code = "invalid-token-request"
