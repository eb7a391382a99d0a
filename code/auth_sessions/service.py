"""Use cases: create a session, read a valid one, revoke one."""

from __future__ import annotations

from collections.abc import Callable

from auth_sessions.domain.errors import SessionNotFound
from auth_sessions.domain.model import DEFAULT_TTL_HOURS, Session, is_session_id, new_session_id
from auth_sessions.ports import Clock, SessionRepository


# --8<-- [start:create_session]
def create_session(
    user_id: object,
    ttl_hours: object = DEFAULT_TTL_HOURS,
    *,
    repository: SessionRepository,
    clock: Clock,
    new_id: Callable[[], str] = new_session_id,
) -> Session:
    """Open and store a session for user_id lasting ttl_hours.

    Raises InvalidSessionRequest (nothing is stored), SessionAlreadyExists, RepositoryUnavailable.
    """
    session = Session.start(
        session_id=new_id(), user_id=user_id, ttl_hours=ttl_hours, now=clock.now()
    )
    repository.add(session)
    return session


# --8<-- [end:create_session]


# --8<-- [start:get_session]
def get_session(session_id: object, *, repository: SessionRepository, clock: Clock) -> Session:
    """Return the valid session with this id.

    Raises SessionNotFound if the id is malformed, unknown or expired; RepositoryUnavailable.
    """
    if not is_session_id(session_id):
        raise SessionNotFound("no session has this id")
    session = repository.get(session_id)
    # DynamoDB deletes expired items lazily (often days late), so expiry is checked on read.
    if session is None or session.is_expired(clock.now()):
        raise SessionNotFound("no valid session has this id; it may have expired")
    return session


# --8<-- [end:get_session]


# --8<-- [start:revoke_session]
def revoke_session(session_id: object, *, repository: SessionRepository) -> None:
    """Revoke the session with this id; revoking twice is fine (logout is idempotent).

    Raises SessionNotFound if the id is malformed (it names no session); RepositoryUnavailable.
    """
    if not is_session_id(session_id):
        raise SessionNotFound("no session has this id")
    repository.remove(session_id)


# --8<-- [end:revoke_session]
