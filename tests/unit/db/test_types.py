from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from stilton.db.types import UTCDateTime

TYPE = UTCDateTime()
DIALECTS = [sqlite.dialect(), postgresql.dialect()]  # type: ignore[no-untyped-call]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_aware_datetimes_are_stored_as_naive_utc(dialect: object) -> None:
    plus_two = timezone(timedelta(hours=2))
    value = datetime(2025, 1, 1, 14, 0, tzinfo=plus_two)
    assert TYPE.process_bind_param(value, dialect) == datetime(2025, 1, 1, 12, 0)  # type: ignore[arg-type]  # noqa: DTZ001


@pytest.mark.parametrize("dialect", DIALECTS)
def test_naive_datetimes_are_refused(dialect: object) -> None:
    with pytest.raises(ValueError, match="naive"):
        TYPE.process_bind_param(datetime(2025, 1, 1), dialect)  # type: ignore[arg-type]  # noqa: DTZ001


@pytest.mark.parametrize("dialect", DIALECTS)
def test_results_come_back_aware_in_utc(dialect: object) -> None:
    stored = datetime(2025, 1, 1, 12, 0)  # noqa: DTZ001
    value = TYPE.process_result_value(stored, dialect)  # type: ignore[arg-type]
    assert value == datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert value is not None
    assert value.tzinfo is UTC


@pytest.mark.parametrize("dialect", DIALECTS)
def test_none_passes_through(dialect: object) -> None:
    assert TYPE.process_bind_param(None, dialect) is None  # type: ignore[arg-type]
    assert TYPE.process_result_value(None, dialect) is None  # type: ignore[arg-type]
