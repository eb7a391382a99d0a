"""The behaviour every SessionRepository must have, whatever keeps the sessions.

The clauses live in modules/checks/repository_contract.py, where `course verify 3` holds the
reader's own adapter to them too. A test class inherits SessionRepositoryContract and provides a
`repository` fixture; the in-memory fake runs it in tests/unit, DynamoDB (on the moto server)
in tests/integration.
"""

from __future__ import annotations

import pytest

from auth_sessions.ports import SessionRepository
from modules.checks.repository_contract import CLAUSES, Clause, breach
from tests.unit.builders import SPECIMENS


class SessionRepositoryContract:
    @pytest.mark.parametrize("clause", CLAUSES, ids=[clause.name for clause in CLAUSES])
    def test_the_repository_keeps_the_clause(
        self, repository: SessionRepository, clause: Clause
    ) -> None:
        broken = breach(clause, repository, SPECIMENS)
        assert broken is None, broken.en
