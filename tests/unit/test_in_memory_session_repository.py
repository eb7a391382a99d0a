from __future__ import annotations

import pytest

from auth_sessions.adapters.in_memory_session_repository import InMemorySessionRepository
from tests.unit.builders import make_session
from tests.unit.session_repository_contract import SessionRepositoryContract


class TestInMemorySessionRepository(SessionRepositoryContract):
    @pytest.fixture
    def repository(self) -> InMemorySessionRepository:
        return InMemorySessionRepository()


def test_the_in_memory_repository_counts_its_sessions() -> None:
    repository = InMemorySessionRepository()
    assert len(repository) == 0
    repository.add(make_session())
    assert len(repository) == 1
