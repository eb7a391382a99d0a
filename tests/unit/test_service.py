from __future__ import annotations

import pytest

from auth_sessions.adapters.fixed_clock import FixedClock
from auth_sessions.adapters.in_memory_session_repository import InMemorySessionRepository
from auth_sessions.domain.errors import (
    InvalidSessionRequest,
    SessionAlreadyExists,
    SessionNotFound,
)
from auth_sessions.service import create_session, get_session, revoke_session
from tests.unit.builders import NOW, SESSION_ID, make_session


def test_create_stores_a_session_for_24_hours_by_default(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    session = create_session("alice", repository=repository, clock=clock)
    assert repository.get(session.session_id) == session
    assert session.expires_at == int(NOW.timestamp()) + 24 * 3600


def test_create_uses_the_given_ttl_and_id_source(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    session = create_session(
        "alice", 3, repository=repository, clock=clock, new_id=lambda: SESSION_ID
    )
    assert session.session_id == SESSION_ID
    assert session.expires_at == int(NOW.timestamp()) + 3 * 3600


def test_create_rejects_zero_ttl_and_stores_nothing(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    with pytest.raises(InvalidSessionRequest):
        create_session("alice", 0, repository=repository, clock=clock)
    assert len(repository) == 0


def test_create_never_overwrites_a_session_with_the_same_id(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    first = create_session("alice", repository=repository, clock=clock, new_id=lambda: SESSION_ID)
    with pytest.raises(SessionAlreadyExists):
        create_session("mallory", repository=repository, clock=clock, new_id=lambda: SESSION_ID)
    assert repository.get(SESSION_ID) == first


def test_get_returns_a_valid_session(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    repository.add(make_session())
    assert get_session(SESSION_ID, repository=repository, clock=clock) == make_session()


def test_get_of_an_unknown_id_is_not_found(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    with pytest.raises(SessionNotFound):
        get_session(SESSION_ID, repository=repository, clock=clock)


def test_get_of_an_expired_session_is_not_found_although_it_is_still_stored(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    repository.add(make_session())
    clock.advance(hours=24)
    with pytest.raises(SessionNotFound, match="expired"):
        get_session(SESSION_ID, repository=repository, clock=clock)
    assert repository.get(SESSION_ID) is not None


class ReadsForbidden(InMemorySessionRepository):
    """A repository that fails the test if the service touches it."""

    def get(self, session_id: str):  # type: ignore[override]
        raise AssertionError("the repository was read")

    def remove(self, session_id: str) -> None:
        raise AssertionError("the repository was written")


@pytest.mark.parametrize("session_id", ["not-an-id", "", None, SESSION_ID.upper()], ids=repr)
def test_get_of_a_malformed_id_is_not_found_without_reading_the_store(
    session_id: object, clock: FixedClock
) -> None:
    with pytest.raises(SessionNotFound):
        get_session(session_id, repository=ReadsForbidden(), clock=clock)


def test_revoke_removes_the_session(repository: InMemorySessionRepository) -> None:
    repository.add(make_session())
    revoke_session(SESSION_ID, repository=repository)
    assert repository.get(SESSION_ID) is None


def test_revoke_twice_is_fine(repository: InMemorySessionRepository) -> None:
    repository.add(make_session())
    revoke_session(SESSION_ID, repository=repository)
    revoke_session(SESSION_ID, repository=repository)
    assert len(repository) == 0


@pytest.mark.parametrize("session_id", ["not-an-id", None], ids=repr)
def test_revoke_of_a_malformed_id_is_not_found_without_touching_the_store(
    session_id: object,
) -> None:
    with pytest.raises(SessionNotFound):
        revoke_session(session_id, repository=ReadsForbidden())
