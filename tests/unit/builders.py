"""Builders of test data: sessions and API Gateway REST proxy events, with overrides."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auth_sessions.domain.model import Session

EVENTS_DIR = Path(__file__).resolve().parents[2] / "code" / "events"
NOW = datetime(2025, 1, 15, 10, 0, 0, tzinfo=UTC)
SESSION_ID = "3f2b8c1e-9a4d-4e7f-b6a1-2c5d8e9f0a1b"


def make_session(**overrides: Any) -> Session:
    """Return a valid session opened at NOW for 24 hours, with any field overridden."""
    fields: dict[str, Any] = {
        "session_id": SESSION_ID,
        "user_id": "alice",
        "created_at": NOW,
        "expires_at": int(NOW.timestamp()) + 24 * 3600,
        "data": "{}",
    }
    fields.update(overrides)
    return Session(**fields)


def load_event(name: str) -> dict[str, Any]:
    """Return a copy of the sample event code/events/<name>.json."""
    return json.loads((EVENTS_DIR / f"{name}.json").read_text())


def make_event(
    method: str = "POST",
    resource: str | None = "/sessions",
    path: str | None = None,
    *,
    body: object = None,
    session_id: str | None = None,
    headers: dict[str, str] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """Return a minimal REST proxy event; a dict or list body is sent as JSON."""
    if path is None:
        path = "/sessions" if session_id is None else f"/sessions/{session_id}"
    if isinstance(body, dict | list):
        body = json.dumps(body)
    event: dict[str, Any] = {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": {"Content-Type": "application/json"} if headers is None else headers,
        "pathParameters": None if session_id is None else {"session_id": session_id},
        "requestContext": {"requestId": "api-request-1", "stage": "dev"},
        "body": body,
        "isBase64Encoded": False,
    }
    if resource is None:
        del event["resource"]
    event.update(overrides)
    return event


def create_event(**fields: object) -> dict[str, Any]:
    """Return a POST /sessions event whose JSON body holds fields."""
    return make_event("POST", body=fields)


def get_event(session_id: str) -> dict[str, Any]:
    """Return a GET /sessions/{session_id} event."""
    return make_event("GET", "/sessions/{session_id}", session_id=session_id, headers={})


def delete_event(session_id: str) -> dict[str, Any]:
    """Return a DELETE /sessions/{session_id} event."""
    return make_event("DELETE", "/sessions/{session_id}", session_id=session_id, headers={})


def body_of(response: dict[str, Any]) -> Any:
    """Return the decoded JSON body of a proxy response."""
    return json.loads(response["body"])


class FakeContext:
    """The part of the Lambda context object the handler reads."""

    def __init__(self, aws_request_id: str = "lambda-request-1") -> None:
        self.aws_request_id = aws_request_id


class FailingRepository:
    """A repository whose every call raises the given error."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def add(self, session: Session) -> None:
        raise self.error

    def get(self, session_id: str) -> Session | None:
        raise self.error

    def remove(self, session_id: str) -> None:
        raise self.error
