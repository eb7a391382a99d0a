"""Builders of test data: sessions and API Gateway REST proxy events, with overrides."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auth_sessions.domain.model import Session
from modules.checks.repository_contract import Specimens

EVENTS_DIR = Path(__file__).resolve().parents[2] / "code" / "events"
NOW = datetime(2025, 1, 15, 10, 0, 0, tzinfo=UTC)
# The token of the sample events in code/events, and its SHA-256: the session id it proves.
SESSION_TOKEN = "h2vbAIA_mjO6pPc_kyTRB9kpFBuFn3v2x2MF-8ntCIU"
SESSION_ID = "df6a9f28f49cf8e8dcd3e72b29decf94bba49c1cae4463c08041d3c08e278ac0"
OTHER_TOKEN = "Zq3xW8vN2kLp9sT4yR7uB1cD6fG0hJ5mA-eI_oU3nQw"  # well-formed, names no session
OTHER_ID = "9c1d2e3f-4a5b-4c6d-8e7f-a0b1c2d3e4f5"
# The repository contract's sessions, at fixed ids and moment: SESSION_ID and OTHER_ID at NOW.
SPECIMENS = Specimens(SESSION_ID, OTHER_ID, NOW)


def make_session(**overrides: Any) -> Session:
    """Return a valid session opened at NOW for 24 hours, with any field overridden."""
    return SPECIMENS.session(**overrides)


def load_event(name: str) -> dict[str, Any]:
    """Return a copy of the sample event code/events/<name>.json."""
    return json.loads((EVENTS_DIR / f"{name}.json").read_text())


def make_event(
    method: str = "POST",
    resource: str | None = "/sessions",
    path: str | None = None,
    *,
    body: object = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    caller: object = "alice",
    **overrides: Any,
) -> dict[str, Any]:
    """Return a minimal REST proxy event; a dict or list body is sent as JSON.

    token, when given, goes in Authorization: Bearer; path defaults to resource. A POST carries
    caller as the `sub` claim API Gateway's Cognito authorizer hands over (None: no claims).
    """
    if path is None:
        path = resource
    if isinstance(body, dict | list):
        body = json.dumps(body)
    if headers is None:
        headers = {"Content-Type": "application/json"} if method == "POST" else {}
    if token is not None:
        headers = {**headers, "Authorization": f"Bearer {token}"}
    event: dict[str, Any] = {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "pathParameters": None,
        "requestContext": request_context(caller if method == "POST" else None),
        "body": body,
        "isBase64Encoded": False,
    }
    if resource is None:
        del event["resource"]
    event.update(overrides)
    return event


def request_context(caller: object = None) -> dict[str, Any]:
    """Return an event's requestContext; with caller, the claims of a verified ID token."""
    context: dict[str, Any] = {"requestId": "api-request-1", "stage": "dev"}
    if caller is not None:
        context["authorizer"] = {"claims": {"sub": caller, "token_use": "id"}}
    return context


def create_event(**fields: object) -> dict[str, Any]:
    """Return a POST /sessions event whose JSON body holds fields.

    A user_id among fields is the caller (the ID token's sub claim), never a body field.
    """
    caller = fields.pop("user_id", "alice")
    return make_event("POST", body=fields, caller=caller)


def get_event(token: str | None = SESSION_TOKEN, **kw: Any) -> dict[str, Any]:
    """Return a GET /sessions/current event carrying token as its bearer token."""
    return make_event("GET", "/sessions/current", token=token, **kw)


def delete_event(token: str | None = SESSION_TOKEN, **kw: Any) -> dict[str, Any]:
    """Return a DELETE /sessions/current event carrying token as its bearer token."""
    return make_event("DELETE", "/sessions/current", token=token, **kw)


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
