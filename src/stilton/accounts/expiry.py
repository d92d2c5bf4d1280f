from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from stilton.accounts.errors import InvalidTokenRequest

_RELATIVE = re.compile(r"(\d{1,5})\s*([hdw])")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def parse_expiry(text: str, now: datetime) -> datetime:
    """When a token should stop working, from `30d`, `12h`, `2w`, a date or an ISO time.

    A date means midnight UTC at its start; a time without a zone is taken as UTC.
    """
    value = text.strip().lower()
    relative = _RELATIVE.fullmatch(value)
    if relative:
        count, unit = relative.groups()
        expires = now + int(count) * _UNITS[unit]
    else:
        expires = _absolute(text.strip())
    if expires <= now:
        raise InvalidTokenRequest(f"The expiry '{text}' is in the past")
    return expires


def _absolute(text: str) -> datetime:
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise InvalidTokenRequest(
            f"Cannot read the expiry '{text}': use e.g. 30d, 12h, 2w, 2030-01-31 "
            "or 2030-01-31T12:00:00Z"
        ) from error
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
