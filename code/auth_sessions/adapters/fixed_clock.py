"""A Clock that stands still until told to move: for tests and worked examples."""

from __future__ import annotations

from datetime import datetime, timedelta


class FixedClock:
    """Tell a fixed time; advance() moves it forward."""

    def __init__(self, moment: datetime) -> None:
        # A naive datetime would be read as local time, which differs between machines.
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime, e.g. tzinfo=UTC")
        self._moment = moment

    def now(self) -> datetime:
        """Return the fixed moment."""
        return self._moment

    def advance(self, *, seconds: float = 0, hours: float = 0) -> None:
        """Move the clock forward by seconds plus hours."""
        self._moment += timedelta(seconds=seconds, hours=hours)
