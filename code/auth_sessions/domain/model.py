"""The session and its rules: its secret token, its owner, when it opened, until when it lasts."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime

from auth_sessions.domain.errors import InvalidSessionRequest, InvalidSessionToken

DEFAULT_TTL_HOURS = 24
MIN_TTL_HOURS = 1
MAX_TTL_HOURS = 720  # 30 days
MAX_USER_ID_LENGTH = 128  # characters (code points)
EMPTY_DATA = "{}"
SECONDS_PER_HOUR = 3600

# Control (Cc), format (Cf: zero-width and bidi overrides) and lone surrogates (Cs, which
# UTF-8 cannot encode): invisible or unstorable, so never part of a user id.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})

# --8<-- [start:token]
TOKEN_BYTES = 32  # 256 random bits: OWASP asks for at least 64
# token_urlsafe writes those 32 bytes as 43 base64url characters, without padding.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


@dataclass(frozen=True, slots=True)
class SessionToken:
    """The secret that proves a session: 256 random bits as URL-safe text, shown to its client once.

    Only its SHA-256, the session id, is ever stored or logged. repr() hides the text, so a
    token printed by mistake (a traceback, a debug line) shows up as SessionToken().
    """

    text: str = field(repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not _TOKEN.fullmatch(self.text):
            raise InvalidSessionToken("a session token is 43 URL-safe characters")

    @classmethod
    def new(cls) -> SessionToken:
        """Draw a fresh token from the operating system's cryptographic random source."""
        return cls(secrets.token_urlsafe(TOKEN_BYTES))

    @property
    def session_id(self) -> str:
        """Return the session's public id: the SHA-256 of the token, 64 hex digits."""
        # A fast hash is enough here: with 256 random bits there is nothing to brute-force,
        # unlike a password, so a slow hash (bcrypt, Argon2) would only add latency.
        return hashlib.sha256(self.text.encode("ascii")).hexdigest()


# --8<-- [end:token]


# --8<-- [start:session]
@dataclass(frozen=True, slots=True)
class Session:
    """A login session; expires_at is in epoch seconds, the attribute DynamoDB's TTL reads."""

    session_id: str  # the SHA-256 of the session's token: public, never the secret itself
    user_id: str
    created_at: datetime  # timezone-aware, UTC, whole seconds
    expires_at: int  # epoch seconds
    data: str = EMPTY_DATA

    @classmethod
    def start(
        cls, *, session_id: str, user_id: object, ttl_hours: object, now: datetime
    ) -> Session:
        """Open a session for user_id that lasts ttl_hours from now; raise InvalidSessionRequest."""
        user_id = require_user_id(user_id)
        ttl_hours = require_ttl_hours(ttl_hours)
        created_at = now.astimezone(UTC).replace(microsecond=0)
        expires_at = int(created_at.timestamp()) + ttl_hours * SECONDS_PER_HOUR
        return cls(session_id, user_id, created_at, expires_at)

    def is_expired(self, now: datetime) -> bool:
        """Tell whether the session is over at now: at expires_at itself it already is."""
        return self.expires_at <= now.timestamp()


# --8<-- [end:session]


# --8<-- [start:rules]
def require_user_id(value: object) -> str:
    """Return value as a user id; raise InvalidSessionRequest if it breaks a rule."""
    if not isinstance(value, str):
        raise InvalidSessionRequest("user_id must be a string")
    if not value.strip():
        raise InvalidSessionRequest("user_id must not be empty")
    if len(value) > MAX_USER_ID_LENGTH:
        raise InvalidSessionRequest(f"user_id must be at most {MAX_USER_ID_LENGTH} characters long")
    if any(unicodedata.category(char) in _FORBIDDEN_CATEGORIES for char in value):
        raise InvalidSessionRequest("user_id must not contain control or invisible characters")
    return value


def require_ttl_hours(value: object) -> int:
    """Return value as a TTL in whole hours; raise InvalidSessionRequest if it breaks a rule."""
    # bool is a subclass of int in Python, but `true` is not a number of hours.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidSessionRequest("ttl must be a whole number of hours, such as 24")
    if not MIN_TTL_HOURS <= value <= MAX_TTL_HOURS:
        raise InvalidSessionRequest(
            f"ttl must be between {MIN_TTL_HOURS} and {MAX_TTL_HOURS} hours"
        )
    return value


# --8<-- [end:rules]


def to_rfc3339(moment: datetime) -> str:
    """Format a timezone-aware moment as RFC 3339 in UTC, whole seconds: 2025-01-31T09:00:00Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
