"""Ports: what the service needs from the outside world, as typing.Protocol."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from auth_sessions.domain.model import Session


# --8<-- [start:ports]
class SessionRepository(Protocol):
    """Where sessions are kept."""

    def add(self, session: Session) -> None:
        """Store a new session; raise SessionAlreadyExists if its id is taken.

        Raises RepositoryUnavailable when the store is throttling, slow or failing.
        """
        ...

    def get(self, session_id: str) -> Session | None:
        """Return the stored session with this id, expired or not, or None.

        Raises RepositoryUnavailable when the store is throttling, slow or failing.
        """
        ...

    def remove(self, session_id: str) -> None:
        """Forget the session with this id; forgetting an unknown id is not an error.

        Raises RepositoryUnavailable when the store is throttling, slow or failing.
        """
        ...


class Clock(Protocol):
    """What time it is."""

    def now(self) -> datetime:
        """Return the current moment, timezone-aware."""
        ...


# --8<-- [end:ports]
