"""The Clock of production: the system's time, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    """Tell the time from the operating system."""

    def now(self) -> datetime:
        """Return the current moment in UTC."""
        return datetime.now(UTC)
