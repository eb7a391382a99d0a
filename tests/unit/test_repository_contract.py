"""The repository contract catches each way an adapter can break it, and names the culprit."""

from __future__ import annotations

import pytest

from auth_sessions.adapters.in_memory_session_repository import InMemorySessionRepository
from auth_sessions.domain.model import Session
from modules.checks.repository_contract import CLAUSES, Specimens, breach
from tests.unit.builders import NOW, SPECIMENS


class Overwrites(InMemorySessionRepository):
    """add() without the condition that refuses a taken id."""

    def add(self, session: Session) -> None:
        self.remove(session.session_id)
        super().add(session)


class RemovesNothing(InMemorySessionRepository):
    def remove(self, session_id: str) -> None:
        pass


class RemovesEverything(InMemorySessionRepository):
    def remove(self, session_id: str) -> None:
        for known in [s.session_id for s in self._sessions.values()]:
            super().remove(known)


class RefusesUnknownIds(InMemorySessionRepository):
    def remove(self, session_id: str) -> None:
        if self.get(session_id) is None:
            raise KeyError(session_id)
        super().remove(session_id)


class HidesExpired(InMemorySessionRepository):
    def get(self, session_id: str) -> Session | None:
        found = super().get(session_id)
        return None if found is None or found.is_expired(NOW) else found


class AsciiOnly(InMemorySessionRepository):
    def add(self, session: Session) -> None:
        user_id = session.user_id.encode("ascii", "replace").decode()
        super().add(
            Session(
                session.session_id, user_id, session.created_at, session.expires_at, session.data
            )
        )


class NotWritten(InMemorySessionRepository):
    def get(self, session_id: str) -> Session | None:
        raise NotImplementedError("Tu turno / Your turn: 3.repository-get")


def broken_clauses(kind: type[InMemorySessionRepository]) -> set[str]:
    """The clauses a fresh repository of kind breaks, each held on an empty one."""
    return {clause.name for clause in CLAUSES if breach(clause, kind(), SPECIMENS) is not None}


@pytest.mark.parametrize(
    ("kind", "broken"),
    [
        pytest.param(Overwrites, {"taken-id-raises"}, id="Overwrites"),
        pytest.param(RemovesNothing, {"removed-reads-as-none"}, id="RemovesNothing"),
        pytest.param(RemovesEverything, {"removing-keeps-others"}, id="RemovesEverything"),
        pytest.param(RefusesUnknownIds, {"removing-unknown-is-fine"}, id="RefusesUnknownIds"),
        pytest.param(HidesExpired, {"expired-still-returned"}, id="HidesExpired"),
        pytest.param(AsciiOnly, {"unicode-round-trips"}, id="AsciiOnly"),
    ],
)
def test_each_way_of_breaking_the_contract_breaks_its_own_clause(
    kind: type[InMemorySessionRepository], broken: set[str]
) -> None:
    assert broken_clauses(kind) == broken


def test_a_method_that_raises_is_named_with_its_error_in_both_languages() -> None:
    stored = next(clause for clause in CLAUSES if clause.name == "stored-reads-back-equal")
    broken = breach(stored, NotWritten(), SPECIMENS)
    assert broken is not None
    assert broken.en == "get raised NotImplementedError: Tu turno / Your turn: 3.repository-get"
    assert broken.es == "get lanzó NotImplementedError: Tu turno / Your turn: 3.repository-get"


def test_a_wrong_answer_shows_what_came_back_and_what_was_expected() -> None:
    taken = next(clause for clause in CLAUSES if clause.name == "taken-id-raises")
    broken = breach(taken, Overwrites(), SPECIMENS)
    assert broken is not None
    assert "did not raise SessionAlreadyExists" in broken.en
    assert "no lanzó SessionAlreadyExists" in broken.es


def test_fresh_specimens_never_share_ids_and_keep_whole_seconds() -> None:
    first, second = Specimens.fresh(), Specimens.fresh()
    ids = {first.session_id, first.other_id, second.session_id, second.other_id}
    assert len(ids) == 4
    assert all(len(i) == 64 for i in ids)
    assert first.now.microsecond == 0
