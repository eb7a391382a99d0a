from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from auth_sessions.adapters.fixed_clock import FixedClock
from auth_sessions.adapters.system_clock import SystemClock
from tests.unit.builders import NOW


def test_the_system_clock_tells_the_current_time_in_utc() -> None:
    before = datetime.now(UTC)
    now = SystemClock().now()
    assert now.tzinfo == UTC
    assert before <= now <= datetime.now(UTC)


def test_a_fixed_clock_stands_still_until_advanced() -> None:
    clock = FixedClock(NOW)
    assert clock.now() == clock.now() == NOW
    clock.advance(hours=1, seconds=30)
    assert clock.now() == NOW + timedelta(hours=1, seconds=30)


def test_a_fixed_clock_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        FixedClock(datetime(2025, 1, 15, 10, 0, 0))
