from typing import ClassVar


class RequestError(Exception):
    """A management request the API cannot read: a bad body, field or query parameter."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad-request"


class BodyTooLarge(RequestError):
    status = 413
    code = "body-too-large"
