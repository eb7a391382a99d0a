from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from auth_sessions.domain.errors import (
    AuthSessionsError,
    InvalidSessionRequest,
    InvalidSessionToken,
)
from auth_sessions.domain.model import (
    DEFAULT_TTL_HOURS,
    MAX_TTL_HOURS,
    MAX_USER_ID_LENGTH,
    MIN_TTL_HOURS,
    Session,
    SessionToken,
    to_rfc3339,
)
from tests.unit.builders import NOW, SESSION_ID, SESSION_TOKEN, make_session


def start(user_id: object = "alice", ttl_hours: object = DEFAULT_TTL_HOURS, now=NOW) -> Session:
    return Session.start(session_id=SESSION_ID, user_id=user_id, ttl_hours=ttl_hours, now=now)


def test_a_started_session_expires_ttl_hours_after_it_was_created() -> None:
    session = start(ttl_hours=2)
    assert session.created_at == NOW
    assert session.expires_at == int(NOW.timestamp()) + 2 * 3600
    assert session.data == "{}"


def test_a_started_session_is_created_in_utc_on_a_whole_second() -> None:
    madrid = timezone(timedelta(hours=1))
    session = start(now=datetime(2025, 1, 15, 11, 0, 0, 999_999, tzinfo=madrid))
    assert session.created_at == NOW
    assert session.created_at.tzinfo == UTC
    assert session.created_at.microsecond == 0


@pytest.mark.parametrize("ttl", [MIN_TTL_HOURS, DEFAULT_TTL_HOURS, MAX_TTL_HOURS], ids=str)
def test_ttl_within_bounds_is_accepted(ttl: int) -> None:
    assert start(ttl_hours=ttl).expires_at - int(NOW.timestamp()) == ttl * 3600


@pytest.mark.parametrize(
    ("ttl", "message"),
    [
        (0, "between 1 and 720"),
        (-1, "between 1 and 720"),
        (MAX_TTL_HOURS + 1, "between 1 and 720"),
        (10**30, "between 1 and 720"),
        (True, "whole number"),
        (24.0, "whole number"),
        ("24", "whole number"),
        (None, "whole number"),
        ([24], "whole number"),
    ],
    ids=["zero", "negative", "over-max", "huge", "bool", "float", "string", "null", "list"],
)
def test_ttl_outside_bounds_or_not_an_integer_is_rejected(ttl: object, message: str) -> None:
    with pytest.raises(InvalidSessionRequest, match=message):
        start(ttl_hours=ttl)


@pytest.mark.parametrize(
    "user_id",
    ["alice", "a", "x" * MAX_USER_ID_LENGTH, "josé@example.com", "用户-42", "alice smith", "🙂"],
    ids=["plain", "one-char", "max-length", "accented-email", "cjk", "inner-space", "emoji"],
)
def test_reasonable_user_ids_are_accepted(user_id: str) -> None:
    assert start(user_id=user_id).user_id == user_id


@pytest.mark.parametrize(
    ("user_id", "message"),
    [
        ("", "not be empty"),
        ("   ", "not be empty"),
        ("x" * (MAX_USER_ID_LENGTH + 1), "at most 128"),
        ("ali\nce", "control"),
        ("ali\x00ce", "control"),
        ("ali\u200bce", "control"),  # zero-width space (Cf)
        ("ali\u202ece", "control"),  # right-to-left override (Cf)
        ("ali\ud800ce", "control"),  # lone surrogate (Cs): UTF-8 cannot store it
        (42, "must be a string"),
        (None, "must be a string"),
        (["alice"], "must be a string"),
    ],
    ids=[
        "empty",
        "blank",
        "too-long",
        "newline",
        "nul",
        "zero-width",
        "bidi-override",
        "lone-surrogate",
        "number",
        "null",
        "list",
    ],
)
def test_bad_user_ids_are_rejected(user_id: object, message: str) -> None:
    with pytest.raises(InvalidSessionRequest, match=message):
        start(user_id=user_id)


def test_a_session_is_valid_one_second_before_it_expires() -> None:
    session = make_session(expires_at=int(NOW.timestamp()) + 1)
    assert not session.is_expired(NOW)


def test_a_session_is_expired_at_the_very_second_of_expires_at() -> None:
    session = make_session(expires_at=int(NOW.timestamp()))
    assert session.is_expired(NOW)


def test_a_session_is_expired_after_expires_at() -> None:
    session = make_session(expires_at=int(NOW.timestamp()) - 1)
    assert session.is_expired(NOW)


def test_new_tokens_are_256_random_bits_as_distinct_url_safe_text() -> None:
    tokens = [SessionToken.new() for _ in range(100)]
    assert len({token.text for token in tokens}) == 100
    for token in tokens:
        assert len(token.text) == 43
        assert len(base64.urlsafe_b64decode(token.text + "=")) == 32  # 256 bits


def test_the_session_id_is_the_sha256_hex_of_the_token() -> None:
    token = SessionToken(SESSION_TOKEN)
    assert token.session_id == hashlib.sha256(SESSION_TOKEN.encode()).hexdigest() == SESSION_ID
    assert len(token.session_id) == 64
    assert token.session_id != token.text


def test_a_token_never_shows_in_its_repr_or_str() -> None:
    token = SessionToken(SESSION_TOKEN)
    assert SESSION_TOKEN not in repr(token)
    assert SESSION_TOKEN not in str(token)
    assert SESSION_TOKEN not in repr([token])


@pytest.mark.parametrize(
    "value",
    [
        SESSION_TOKEN[:-1],
        SESSION_TOKEN + "A",
        SESSION_TOKEN[:-1] + "=",
        SESSION_TOKEN[:-1] + "+",
        SESSION_TOKEN[:-1] + "/",
        SESSION_TOKEN[:-1] + " ",
        SESSION_ID,
        "../../etc/passwd",
        "",
        None,
        42,
    ],
    ids=[
        "short",
        "long",
        "padding",
        "plus",
        "slash",
        "space",
        "session-id",
        "traversal",
        "empty",
        "null",
        "int",
    ],
)
def test_anything_but_43_url_safe_characters_is_not_a_token(value: object) -> None:
    with pytest.raises(InvalidSessionToken):
        SessionToken(value)  # type: ignore[arg-type]


def test_timestamps_are_written_in_rfc3339_utc() -> None:
    assert to_rfc3339(NOW) == "2025-01-15T10:00:00Z"
    assert to_rfc3339(NOW.astimezone(timezone(timedelta(hours=-5)))) == "2025-01-15T10:00:00Z"


def test_every_domain_error_shares_one_root() -> None:
    assert issubclass(InvalidSessionRequest, AuthSessionsError)
