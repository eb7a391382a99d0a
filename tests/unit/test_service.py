from __future__ import annotations

import pytest

from auth_sessions.adapters.fixed_clock import FixedClock
from auth_sessions.adapters.in_memory_session_repository import InMemorySessionRepository
from auth_sessions.domain.errors import (
    InvalidSessionRequest,
    InvalidSessionToken,
    SessionAlreadyExists,
    SessionNotFound,
)
from auth_sessions.domain.model import SessionToken
from auth_sessions.service import CreateSession, create_session, get_session, revoke_session
from tests.unit.builders import NOW, OTHER_TOKEN, SESSION_ID, SESSION_TOKEN, make_session

TOKEN = SessionToken(SESSION_TOKEN)


def test_create_stores_a_session_for_24_hours_by_default(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    new = create_session(CreateSession("alice"), repository=repository, clock=clock)
    assert repository.get(new.session.session_id) == new.session
    assert new.session.expires_at == int(NOW.timestamp()) + 24 * 3600


def test_create_stores_the_hash_of_the_token_never_the_token(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    new = create_session(CreateSession("alice"), repository=repository, clock=clock)
    assert new.session.session_id == new.token.session_id
    assert repository.get(new.token.text) is None
    assert new.token.text not in repr(new.session)


def test_create_uses_the_given_ttl_and_token_source(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    new = create_session(
        CreateSession("alice", 3), repository=repository, clock=clock, new_token=lambda: TOKEN
    )
    assert new.token == TOKEN
    assert new.session.session_id == SESSION_ID
    assert new.session.expires_at == int(NOW.timestamp()) + 3 * 3600


def test_create_rejects_zero_ttl_and_stores_nothing(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    with pytest.raises(InvalidSessionRequest):
        create_session(CreateSession("alice", 0), repository=repository, clock=clock)
    assert len(repository) == 0


def test_create_never_overwrites_a_session_with_the_same_id(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    first = create_session(
        CreateSession("alice"), repository=repository, clock=clock, new_token=lambda: TOKEN
    )
    with pytest.raises(SessionAlreadyExists):
        create_session(
            CreateSession("mallory"), repository=repository, clock=clock, new_token=lambda: TOKEN
        )
    assert repository.get(SESSION_ID) == first.session


def test_get_returns_the_valid_session_the_token_proves(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    repository.add(make_session())
    assert get_session(TOKEN, repository=repository, clock=clock) == make_session()


def test_get_with_an_unknown_token_is_not_found(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    repository.add(make_session())
    with pytest.raises(SessionNotFound):
        get_session(SessionToken(OTHER_TOKEN), repository=repository, clock=clock)


def test_the_session_id_itself_is_not_a_token(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    """Whoever reads the table or the logs learns ids; an id must not open its session."""
    repository.add(make_session())
    with pytest.raises(InvalidSessionToken):
        get_session(SessionToken(SESSION_ID), repository=repository, clock=clock)


def test_get_of_an_expired_session_is_not_found_although_it_is_still_stored(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    repository.add(make_session())
    clock.advance(hours=24)
    with pytest.raises(SessionNotFound, match="expired"):
        get_session(TOKEN, repository=repository, clock=clock)
    assert repository.get(SESSION_ID) is not None


def test_revoke_removes_the_session(repository: InMemorySessionRepository) -> None:
    repository.add(make_session())
    revoke_session(TOKEN, repository=repository)
    assert repository.get(SESSION_ID) is None


def test_revoke_twice_is_fine(repository: InMemorySessionRepository) -> None:
    repository.add(make_session())
    revoke_session(TOKEN, repository=repository)
    revoke_session(TOKEN, repository=repository)
    assert len(repository) == 0
