class AccountError(Exception):
    """Base of every accounts failure; the message is shown to the user."""


class AuthenticationFailed(AccountError):
    """No credentials, or credentials that match nothing: answered with 401."""


class NotPermitted(AccountError):
    """Known credentials without the right to do this: answered with 403."""


class UnknownUser(AccountError):
    """No account has that name."""


class UserExists(AccountError):
    """An account with that name exists already."""
