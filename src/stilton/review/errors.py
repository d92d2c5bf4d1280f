class ReviewError(Exception):
    """A review decision that cannot be made; the message says why."""

    status = 400
    code = "review"


class UnknownFile(ReviewError):
    status = 404
    code = "unknown-file"


class NotAwaitingReview(ReviewError):
    """Only held or quarantined files can be approved or rejected."""

    status = 409
    code = "not-awaiting-review"


class ReasonTooLong(ReviewError):
    code = "reason-too-long"
