"""Use cases: create a session, read a valid one, revoke one; each takes a typed command."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from auth_sessions.domain.errors import SessionNotFound
from auth_sessions.domain.model import DEFAULT_TTL_HOURS, Session, SessionToken
from auth_sessions.ports import Clock, SessionRepository


# --8<-- [start:commands]
@dataclass(frozen=True, slots=True)
class CreateSession:
    """Open a session for user_id that lasts ttl_hours."""

    user_id: str
    ttl_hours: int = DEFAULT_TTL_HOURS


@dataclass(frozen=True, slots=True)
class NewSession:
    """A session just opened, with the token that proves it: the only time the token is known."""

    token: SessionToken
    session: Session


# --8<-- [end:commands]


# --8<-- [start:create_session]
def create_session(
    command: CreateSession,
    *,
    repository: SessionRepository,
    clock: Clock,
    new_token: Callable[[], SessionToken] = SessionToken.new,
) -> NewSession:
    """Open and store a session; only the token's hash, the session id, is stored.

    Raises InvalidSessionRequest (nothing is stored), SessionAlreadyExists, RepositoryUnavailable.
    """
    token = new_token()
    session = Session.start(
        session_id=token.session_id,
        user_id=command.user_id,
        ttl_hours=command.ttl_hours,
        now=clock.now(),
    )
    repository.add(session)
    return NewSession(token, session)


# --8<-- [end:create_session]


# --8<-- [start:get_session]
def get_session(token: SessionToken, *, repository: SessionRepository, clock: Clock) -> Session:
    """Return the valid session this token proves.

    Raises SessionNotFound if no stored session has the token's id or it has expired;
    RepositoryUnavailable.
    """
    session = repository.get(token.session_id)
    # DynamoDB deletes expired items lazily (often days late), so expiry is checked on read.
    if session is None or session.is_expired(clock.now()):
        raise SessionNotFound("no valid session has this token; it may have expired")
    return session


# --8<-- [end:get_session]


# --8<-- [start:revoke_session]
def revoke_session(token: SessionToken, *, repository: SessionRepository) -> None:
    """Revoke the session this token proves; revoking twice is fine (logout is idempotent).

    Raises RepositoryUnavailable.
    """
    repository.remove(token.session_id)


# --8<-- [end:revoke_session]
