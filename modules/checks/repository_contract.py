"""The behaviour every SessionRepository must have, as clauses any adapter can be held to.

The course's tests hold the in-memory fake and the DynamoDB adapter to these clauses
(tests/unit/session_repository_contract.py). `course verify 3` holds the reader's own DynamoDB
adapter to them: it runs this file in a child process on the function's Python, with the
reader's `code/` first on the path, so `auth_sessions` here is the reader's package. That is why
this file imports nothing of the tooling: only the standard library, boto3 and `auth_sessions`.

    python repository_contract.py TABLE   # prints one JSON line: each clause and its breach
"""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from auth_sessions.domain.errors import SessionAlreadyExists
from auth_sessions.domain.model import Session
from auth_sessions.ports import SessionRepository


class Breach(Exception):
    """An adapter broke a clause; es and en say how."""

    def __init__(self, es: str, en: str) -> None:
        super().__init__(en)
        self.es = es
        self.en = en


@dataclass(frozen=True)
class Specimens:
    """The sessions one clause works with: two ids of their own and a moment in whole seconds."""

    session_id: str
    other_id: str
    now: datetime

    @classmethod
    def fresh(cls) -> Specimens:
        """Ids no other run uses, for a table that may hold real sessions."""
        return cls(
            secrets.token_hex(32), secrets.token_hex(32), datetime.now(UTC).replace(microsecond=0)
        )

    def session(self, **overrides: Any) -> Session:
        """Return a session opened at now for 24 hours, with any field overridden."""
        fields: dict[str, Any] = {
            "session_id": self.session_id,
            "user_id": "alice",
            "created_at": self.now,
            "expires_at": int(self.now.timestamp()) + 24 * 3600,
            "data": "{}",
        }
        fields.update(overrides)
        return Session(**fields)


def shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 160 else text[:159] + "…"


def expect_equal(got: object, expected: Session, call: str) -> None:
    if got != expected:
        raise Breach(
            f"{call} devolvió {shown(got)}; se esperaba {shown(expected)}",
            f"{call} returned {shown(got)}; expected {shown(expected)}",
        )


def expect_none(got: object, call: str, why_es: str, why_en: str) -> None:
    if got is not None:
        raise Breach(
            f"{call} devolvió {shown(got)}; se esperaba None: {why_es}",
            f"{call} returned {shown(got)}; expected None: {why_en}",
        )


def stored_reads_back_equal(repository: SessionRepository, s: Specimens) -> None:
    session = s.session()
    repository.add(session)
    expect_equal(repository.get(s.session_id), session, "get")


def unknown_id_reads_as_none(repository: SessionRepository, s: Specimens) -> None:
    expect_none(repository.get(s.session_id), "get", "nadie guardó ese id", "no one stored that id")


def taken_id_raises_and_keeps_the_original(repository: SessionRepository, s: Specimens) -> None:
    original = s.session()
    repository.add(original)
    try:
        repository.add(s.session(user_id="mallory", data='{"role": "admin"}'))
    except SessionAlreadyExists:
        pass
    else:
        raise Breach(
            "un segundo add con el mismo id no lanzó SessionAlreadyExists: sobrescribe sesiones",
            "a second add with the same id did not raise SessionAlreadyExists: it overwrites "
            "sessions",
        )
    expect_equal(repository.get(s.session_id), original, "get")


def removed_reads_as_none(repository: SessionRepository, s: Specimens) -> None:
    repository.add(s.session())
    repository.remove(s.session_id)
    expect_none(
        repository.get(s.session_id), "get", "remove no la borró", "remove did not delete it"
    )


def removing_an_unknown_id_is_fine(repository: SessionRepository, s: Specimens) -> None:
    repository.remove(s.session_id)
    expect_none(repository.get(s.session_id), "get", "nadie guardó ese id", "no one stored that id")


def removing_one_keeps_the_others(repository: SessionRepository, s: Specimens) -> None:
    other = s.session(session_id=s.other_id)
    repository.add(s.session())
    repository.add(other)
    repository.remove(s.session_id)
    expect_equal(repository.get(s.other_id), other, "get")


def expired_is_returned_for_the_service_to_judge(
    repository: SessionRepository, s: Specimens
) -> None:
    expired = s.session(
        created_at=s.now - timedelta(days=2), expires_at=int(s.now.timestamp()) - 3600
    )
    repository.add(expired)
    expect_equal(repository.get(s.session_id), expired, "get")


def unicode_round_trips(repository: SessionRepository, s: Specimens) -> None:
    session = s.session(user_id="josé 用户 🙂", data='{"theme": "oscuro"}')
    repository.add(session)
    expect_equal(repository.get(s.session_id), session, "get")


@dataclass(frozen=True)
class Clause:
    name: str
    es: str
    en: str
    hold: Callable[[SessionRepository, Specimens], None]  # raises when the adapter breaks it


CLAUSES = (
    Clause(
        "stored-reads-back-equal",
        "una sesión guardada se lee igual",
        "a stored session reads back equal",
        stored_reads_back_equal,
    ),
    Clause(
        "unknown-id-reads-as-none",
        "un id desconocido se lee como None",
        "an unknown id reads as None",
        unknown_id_reads_as_none,
    ),
    Clause(
        "taken-id-raises",
        "guardar un id ocupado lanza SessionAlreadyExists y conserva la original",
        "adding a taken id raises SessionAlreadyExists and keeps the original",
        taken_id_raises_and_keeps_the_original,
    ),
    Clause(
        "removed-reads-as-none",
        "una sesión borrada se lee como None",
        "a removed session reads as None",
        removed_reads_as_none,
    ),
    Clause(
        "removing-unknown-is-fine",
        "borrar un id desconocido no es un error",
        "removing an unknown id is fine",
        removing_an_unknown_id_is_fine,
    ),
    Clause(
        "removing-keeps-others",
        "borrar una sesión no toca las demás",
        "removing one session keeps the others",
        removing_one_keeps_the_others,
    ),
    Clause(
        "expired-still-returned",
        "una sesión caducada se devuelve igual: juzgarla es cosa del servicio",
        "an expired session is still returned: judging it is the service's job",
        expired_is_returned_for_the_service_to_judge,
    ),
    Clause(
        "unicode-round-trips",
        "user_id y data con Unicode se leen igual",
        "Unicode user ids and data read back equal",
        unicode_round_trips,
    ),
)


class Watched:
    """A repository that remembers which of its methods was called last, to name a crash."""

    def __init__(self, inner: SessionRepository) -> None:
        self.inner = inner
        self.calling = ""

    def add(self, session: Session) -> None:
        self.calling = "add"
        self.inner.add(session)

    def get(self, session_id: str) -> Session | None:
        self.calling = "get"
        return self.inner.get(session_id)

    def remove(self, session_id: str) -> None:
        self.calling = "remove"
        self.inner.remove(session_id)


def breach(clause: Clause, repository: SessionRepository, specimens: Specimens) -> Breach | None:
    """Hold repository to clause; return how it broke it, or None."""
    watched = Watched(repository)
    try:
        clause.hold(watched, specimens)
    except Breach as broken:
        return broken
    except Exception as error:  # the adapter's own crash is a breach, named after its method
        raised = f"{type(error).__name__}: {error}"
        return Breach(f"{watched.calling} lanzó {raised}", f"{watched.calling} raised {raised}")
    return None


def main(argv: list[str]) -> int:
    """Hold the DynamoDB adapter on the path to every clause, on table argv[0]; print JSON."""
    import boto3  # the child's, from the function's runtime

    from auth_sessions.adapters.dynamodb_session_repository import DynamoDbSessionRepository

    (table,) = argv
    client = boto3.client("dynamodb")
    repository = DynamoDbSessionRepository(client, table)
    results = []
    for clause in CLAUSES:
        specimens = Specimens.fresh()
        try:
            broken = breach(clause, repository, specimens)
        finally:  # whatever the adapter left, the table keeps nothing of the contract's
            for session_id in (specimens.session_id, specimens.other_id):
                client.delete_item(TableName=table, Key={"session_id": {"S": session_id}})
        results.append(
            {
                "clause": clause.name,
                "es": clause.es,
                "en": clause.en,
                "breach": None if broken is None else {"es": broken.es, "en": broken.en},
            }
        )
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
