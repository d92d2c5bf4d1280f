from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from stilton.accounts import InvalidTokenRequest, parse_expiry

NOW = datetime(2030, 1, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30d", NOW + timedelta(days=30)),
        ("12h", NOW + timedelta(hours=12)),
        ("2w", NOW + timedelta(weeks=2)),
        (" 7D ", NOW + timedelta(days=7)),
        ("2030-02-01", datetime(2030, 2, 1, tzinfo=UTC)),
        ("2030-02-01T08:30:00", datetime(2030, 2, 1, 8, 30, tzinfo=UTC)),
        ("2030-02-01T08:30:00Z", datetime(2030, 2, 1, 8, 30, tzinfo=UTC)),
        ("2030-02-01T10:30:00+02:00", datetime(2030, 2, 1, 8, 30, tzinfo=UTC)),
    ],
)
def test_readable_expiries(text: str, expected: datetime) -> None:
    assert parse_expiry(text, NOW) == expected


@pytest.mark.parametrize("text", ["", "soon", "30", "30x", "-1d", "2030-13-01", "1e3d"])
def test_unreadable_expiries_say_what_works(text: str) -> None:
    with pytest.raises(InvalidTokenRequest, match="30d"):
        parse_expiry(text, NOW)


@pytest.mark.parametrize("text", ["0d", "2030-01-15", "2029-12-31T23:59:59Z"])
def test_expiries_in_the_past_are_refused(text: str) -> None:
    with pytest.raises(InvalidTokenRequest, match="in the past"):
        parse_expiry(text, NOW)
