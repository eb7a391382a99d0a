"""The behaviour every SessionRepository must have, whatever keeps the sessions.

A test class inherits SessionRepositoryContract and provides a `repository` fixture; the
in-memory fake runs it in tests/unit, DynamoDB (on the moto server) in tests/integration.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from auth_sessions.domain.errors import SessionAlreadyExists
from auth_sessions.ports import SessionRepository
from tests.unit.builders import NOW, SESSION_ID, make_session

OTHER_ID = "9c1d2e3f-4a5b-4c6d-8e7f-a0b1c2d3e4f5"


class SessionRepositoryContract:
    def test_a_stored_session_reads_back_equal(self, repository: SessionRepository) -> None:
        session = make_session()
        repository.add(session)
        assert repository.get(SESSION_ID) == session

    def test_an_unknown_id_reads_as_none(self, repository: SessionRepository) -> None:
        assert repository.get(SESSION_ID) is None

    def test_adding_a_taken_id_raises_and_keeps_the_original(
        self, repository: SessionRepository
    ) -> None:
        original = make_session()
        repository.add(original)
        with pytest.raises(SessionAlreadyExists):
            repository.add(make_session(user_id="mallory", data='{"role": "admin"}'))
        assert repository.get(SESSION_ID) == original

    def test_a_removed_session_reads_as_none(self, repository: SessionRepository) -> None:
        repository.add(make_session())
        repository.remove(SESSION_ID)
        assert repository.get(SESSION_ID) is None

    def test_removing_an_unknown_id_is_fine(self, repository: SessionRepository) -> None:
        repository.remove(SESSION_ID)
        assert repository.get(SESSION_ID) is None

    def test_removing_one_session_keeps_the_others(self, repository: SessionRepository) -> None:
        other = make_session(session_id=OTHER_ID)
        repository.add(make_session())
        repository.add(other)
        repository.remove(SESSION_ID)
        assert repository.get(OTHER_ID) == other

    def test_an_expired_session_is_still_returned_for_the_service_to_judge(
        self, repository: SessionRepository
    ) -> None:
        expired = make_session(
            created_at=NOW - timedelta(days=2), expires_at=int(NOW.timestamp()) - 3600
        )
        repository.add(expired)
        assert repository.get(SESSION_ID) == expired

    def test_unicode_user_ids_and_data_round_trip(self, repository: SessionRepository) -> None:
        session = make_session(user_id="josé 用户 🙂", data='{"theme": "oscuro"}')
        repository.add(session)
        assert repository.get(SESSION_ID) == session
