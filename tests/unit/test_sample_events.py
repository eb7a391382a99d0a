"""The sample events of code/events: realistic REST proxy events, each with its answer."""

from __future__ import annotations

import json

import pytest

from auth_sessions.adapters.in_memory_session_repository import InMemorySessionRepository
from auth_sessions.entrypoints.lambda_handler import LambdaHandler
from tests.unit.builders import (
    EVENTS_DIR,
    SESSION_TOKEN,
    FakeContext,
    load_event,
    make_session,
)

EXPECTED_STATUS = {
    # Module 5: a create names its user in the body no more (400), and one without the claims of
    # a verified ID token never came through the Cognito authorizer (401).
    "create_session": 400,
    "create_session_custom_ttl": 400,
    "create_session_signed_in": 201,
    "create_session_for_someone_else": 400,
    "get_session": 200,
    "get_session_without_token": 401,
    "delete_session": 204,
    "invalid_json": 400,
    "missing_user_id": 401,
    "ttl_out_of_range": 400,
    "unknown_route": 404,
    "wrong_method": 405,
    "base64_body": 400,
}
PROXY_EVENT_KEYS = {
    "resource",
    "path",
    "httpMethod",
    "headers",
    "multiValueHeaders",
    "queryStringParameters",
    "multiValueQueryStringParameters",
    "pathParameters",
    "stageVariables",
    "requestContext",
    "body",
    "isBase64Encoded",
}


def test_every_sample_event_has_an_expected_answer() -> None:
    assert {path.stem for path in EVENTS_DIR.glob("*.json")} == set(EXPECTED_STATUS)


@pytest.mark.parametrize(("name", "status"), EXPECTED_STATUS.items(), ids=EXPECTED_STATUS)
def test_each_sample_event_gets_its_expected_status(
    handler: LambdaHandler, repository: InMemorySessionRepository, name: str, status: int
) -> None:
    repository.add(make_session())  # the session whose token get_session and delete_session carry
    response = handler(load_event(name), FakeContext())
    assert response["statusCode"] == status
    assert len(repository) == {201: 2, 204: 0}.get(status, 1)


@pytest.mark.parametrize("name", EXPECTED_STATUS, ids=str)
def test_each_sample_event_has_the_shape_of_a_rest_proxy_event(name: str) -> None:
    event = load_event(name)
    assert set(event) == PROXY_EVENT_KEYS
    context = event["requestContext"]
    assert context["resourcePath"] == event["resource"]
    assert context["httpMethod"] == event["httpMethod"]
    assert context["path"] == f"/{context['stage']}{event['path']}"
    assert context["requestId"]
    assert event["multiValueHeaders"] == {k: [v] for k, v in event["headers"].items()}
    assert event["body"] is None or isinstance(event["body"], str)


def test_the_sample_session_events_carry_the_token_in_a_header_never_in_the_url() -> None:
    for name in ("get_session", "delete_session"):
        event = load_event(name)
        assert event["headers"]["Authorization"] == f"Bearer {SESSION_TOKEN}"
        assert event["path"] == "/sessions/current"
        assert event["pathParameters"] is None
    for path in EVENTS_DIR.glob("*.json"):
        event = load_event(path.stem)
        url_parts = [event["path"], event["requestContext"]["path"]]
        url_parts.append(json.dumps(event["queryStringParameters"]))
        assert not any(SESSION_TOKEN in part for part in url_parts), path.name


def test_the_sample_401_event_has_no_authorization_header() -> None:
    event = load_event("get_session_without_token")
    assert "authorization" not in {name.lower() for name in event["headers"]}
