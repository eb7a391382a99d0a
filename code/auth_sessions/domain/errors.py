"""Errors of the session service, as types under one root."""

from __future__ import annotations


class AuthSessionsError(Exception):
    """Root of every error the session service raises on purpose."""


class InvalidSessionRequest(AuthSessionsError):
    """The request breaks a session rule; the message says which and how to fix it."""


class InvalidSessionToken(AuthSessionsError):
    """The text is not a token this service issues (wrong length or characters)."""


class SessionNotFound(AuthSessionsError):
    """No valid session has this token: it never existed, was revoked or has expired."""


class SessionAlreadyExists(AuthSessionsError):
    """A session with this id is already stored; create never overwrites."""


class RepositoryUnavailable(AuthSessionsError):
    """The session store is throttling, slow or failing; the same request may work later."""
