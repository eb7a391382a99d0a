"""A SessionRepository in a dict: for tests and for the course's first steps."""

from __future__ import annotations

from auth_sessions.domain.errors import SessionAlreadyExists
from auth_sessions.domain.model import Session


class InMemorySessionRepository:
    """Keep sessions in process memory; they vanish with the process."""

    def __init__(self) -> None:
        self._sessions: dict[str, Session] = {}

    def add(self, session: Session) -> None:
        """Store a new session; raise SessionAlreadyExists if its id is taken."""
        if session.session_id in self._sessions:
            raise SessionAlreadyExists("a session with this id already exists")
        self._sessions[session.session_id] = session

    def get(self, session_id: str) -> Session | None:
        """Return the stored session with this id, or None."""
        return self._sessions.get(session_id)

    def remove(self, session_id: str) -> None:
        """Forget the session with this id, if any."""
        self._sessions.pop(session_id, None)

    def __len__(self) -> int:
        """Return how many sessions are stored."""
        return len(self._sessions)
