from __future__ import annotations

import json
from typing import Any

import pytest

from auth_sessions.adapters.fixed_clock import FixedClock
from auth_sessions.adapters.in_memory_session_repository import InMemorySessionRepository
from auth_sessions.bootstrap import Dependencies
from auth_sessions.domain.errors import InvalidSessionRequest, RepositoryUnavailable
from auth_sessions.domain.model import Session, SessionToken
from auth_sessions.entrypoints.lambda_handler import (
    CORS_HEADERS,
    MAX_BODY_BYTES,
    LambdaHandler,
    create_command,
    make_handler,
)
from tests.unit.builders import (
    NOW,
    OTHER_TOKEN,
    SESSION_ID,
    SESSION_TOKEN,
    FailingRepository,
    FakeContext,
    body_of,
    create_event,
    delete_event,
    get_event,
    make_event,
    make_session,
)

# A create body: the user is the caller (the ID token's sub claim), never the body's.
ALICE = {"ttl": 24}


def assert_error(response: dict[str, Any], status: int, reason: str, fragment: str = "") -> None:
    assert response["statusCode"] == status
    body = body_of(response)
    assert set(body) == {"error", "message"}
    assert body["error"] == reason
    assert fragment in body["message"]


# -- create -------------------------------------------------------------------------------


def test_create_answers_201_with_the_new_session(
    handler: LambdaHandler, repository: InMemorySessionRepository
) -> None:
    response = handler(create_event(user_id="alice"), FakeContext())
    assert response["statusCode"] == 201
    body = body_of(response)
    assert set(body) == {"session_token", "session_id", "user_id", "created_at", "expires_at"}
    assert body["user_id"] == "alice"
    assert body["created_at"] == "2025-01-15T10:00:00Z"
    assert body["expires_at"] == int(NOW.timestamp()) + 24 * 3600
    assert body["session_id"] == SessionToken(body["session_token"]).session_id
    stored = repository.get(body["session_id"])
    assert isinstance(stored, Session)
    assert stored.user_id == "alice"


def test_create_ignores_an_authorization_header(handler: LambdaHandler) -> None:
    """Module 5 puts a Cognito ID token there; a session token there changes nothing either."""
    for value in (f"Bearer {SESSION_TOKEN}", "Bearer eyJhbGciOi.x.y", "Basic YTpi"):
        event = make_event(body=ALICE, headers={"Authorization": value})
        assert handler(event, FakeContext())["statusCode"] == 201


def test_create_honours_a_custom_ttl_in_hours(handler: LambdaHandler) -> None:
    response = handler(create_event(user_id="alice", ttl=2), FakeContext())
    assert body_of(response)["expires_at"] == int(NOW.timestamp()) + 2 * 3600


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "application/json; charset=utf-8"},
        {"content-type": "Application/JSON"},
        {},
        None,
    ],
    ids=["with-charset", "lower-case-name", "no-content-type", "null-headers"],
)
def test_create_accepts_json_or_an_absent_content_type(
    handler: LambdaHandler, headers: dict[str, str] | None
) -> None:
    event = make_event(body=ALICE, headers=headers)
    if headers is None:
        event["headers"] = None
    assert handler(event, FakeContext())["statusCode"] == 201


def test_create_accepts_a_body_of_exactly_the_size_limit(handler: LambdaHandler) -> None:
    body = json.dumps(ALICE)
    body += " " * (MAX_BODY_BYTES - len(body))
    assert handler(make_event(body=body), FakeContext())["statusCode"] == 201


def test_create_answers_with_unicode_escaped_as_ascii(handler: LambdaHandler) -> None:
    response = handler(create_event(user_id="josé 🙂"), FakeContext())
    assert response["body"].isascii()
    assert body_of(response)["user_id"] == "josé 🙂"


# -- bad create requests: 400, 413, 415, and nothing stored -------------------------------

BAD_CREATES = [
    pytest.param(make_event(body="{not json"), 400, "not valid JSON", id="invalid-json"),
    pytest.param(make_event(body="[" * 3000), 400, "not valid JSON", id="deeply-nested"),
    pytest.param(make_event(body="1" * 4000), 400, "", id="huge-integer"),
    pytest.param(make_event(body=["alice"]), 400, "JSON object", id="array"),
    pytest.param(make_event(body='"alice"'), 400, "JSON object", id="string"),
    pytest.param(make_event(body="null"), 400, "JSON object", id="null"),
    pytest.param(make_event(body=None), 400, "send a JSON body", id="missing-body"),
    pytest.param(make_event(body=""), 400, "send a JSON body", id="empty-body"),
    pytest.param(make_event(body="  \n"), 400, "send a JSON body", id="blank-body"),
    pytest.param(make_event(body=7), 400, "send a JSON body", id="body-not-a-string"),
    pytest.param(make_event(body={"user_id": "mallory"}), 400, "ID token", id="user-id-in-body"),
    pytest.param(make_event(body={"user_id": None}), 400, "ID token", id="user-id-null"),
    pytest.param(create_event(user_id="x" * 129), 400, "at most 128", id="long-sub"),
    pytest.param(create_event(user_id="a\tb"), 400, "control", id="control-char-in-sub"),
    pytest.param(create_event(user_id="a", ttl=0), 400, "between", id="ttl-zero"),
    pytest.param(create_event(user_id="a", ttl=721), 400, "between", id="ttl-721"),
    pytest.param(create_event(user_id="a", ttl=-5), 400, "between", id="ttl-negative"),
    pytest.param(create_event(user_id="a", ttl=True), 400, "whole number", id="ttl-bool"),
    pytest.param(create_event(user_id="a", ttl=24.0), 400, "whole number", id="ttl-float"),
    pytest.param(create_event(user_id="a", ttl="24"), 400, "whole number", id="ttl-string"),
    pytest.param(create_event(user_id="a", ttl=None), 400, "whole number", id="ttl-null"),
    pytest.param(make_event(body='{"ttl": NaN}'), 400, "whole number", id="ttl-nan"),
    pytest.param(
        create_event(user_id="a", role="admin"), 400, 'unknown field(s) "role"', id="unknown"
    ),
    pytest.param(
        make_event(isBase64Encoded=True, body="eyJ1c2VyX2lkIjogImFsaWNlIn0="),
        400,
        "base64",
        id="base64-body",
    ),
    pytest.param(
        make_event(body="x" * (MAX_BODY_BYTES + 1)), 413, "at most 4096 bytes", id="too-large"
    ),
    pytest.param(
        make_event(body='{"user_id": "' + "é" * 2100 + '"}'), 413, "bytes", id="too-many-bytes"
    ),
    pytest.param(
        make_event(body=ALICE, headers={"Content-Type": "text/plain"}), 415, "", id="text-plain"
    ),
    pytest.param(
        make_event(body=ALICE, headers={"Content-Type": "application/x-www-form-urlencoded"}),
        415,
        "application/json",
        id="form-encoded",
    ),
    pytest.param(
        make_event(body=ALICE, headers={"Content-Type": 5}), 415, "", id="content-type-number"
    ),
]
REASON = {400: "Bad Request", 413: "Content Too Large", 415: "Unsupported Media Type"}


@pytest.mark.parametrize(("event", "status", "fragment"), BAD_CREATES)
def test_a_bad_create_request_is_a_client_error_and_stores_nothing(
    handler: LambdaHandler,
    repository: InMemorySessionRepository,
    event: dict[str, Any],
    status: int,
    fragment: str,
) -> None:
    response = handler(event, FakeContext())
    assert_error(response, status, REASON[status], fragment)
    assert len(repository) == 0


def test_create_opens_the_session_for_the_caller_the_authorizer_verified(
    handler: LambdaHandler, repository: InMemorySessionRepository
) -> None:
    sub = "70fb9aab-20e5-4361-96ed-f236436be785"
    body = body_of(handler(create_event(user_id=sub, ttl=1), FakeContext()))
    assert body["user_id"] == sub
    stored = repository.get(body["session_id"])
    assert stored is not None
    assert stored.user_id == sub


@pytest.mark.parametrize(
    "caller", [None, "", 42], ids=["no-authorizer-claims", "empty-sub", "sub-not-a-string"]
)
def test_create_without_a_verified_caller_is_401_and_stores_nothing(
    handler: LambdaHandler, repository: InMemorySessionRepository, caller: object
) -> None:
    response = handler(make_event(body=ALICE, caller=caller), FakeContext())
    assert_error(response, 401, "Unauthorized", "ID token")
    assert response["headers"]["WWW-Authenticate"] == "Bearer"
    assert len(repository) == 0


@pytest.mark.parametrize(
    "context",
    [{"authorizer": None}, {"authorizer": {"claims": None}}, None],
    ids=["authorizer-null", "claims-null", "request-context-null"],
)
def test_create_reads_the_sub_claim_only_from_a_well_formed_context(
    handler: LambdaHandler, context: object
) -> None:
    event = make_event(body=ALICE, caller=None, requestContext=context)
    assert handler(event, FakeContext())["statusCode"] == 401


def test_unknown_fields_are_named_at_most_three_and_shortened(handler: LambdaHandler) -> None:
    fields = {"user_id": "a", "b" * 100: 1, "c": 2, "d": 3, "e": 4}
    message = body_of(handler(create_event(**fields), FakeContext()))["message"]
    assert '"' + "b" * 32 + '"' in message
    assert "b" * 33 not in message
    assert '"e"' not in message


# -- read ---------------------------------------------------------------------------------


def test_get_answers_200_with_the_session_the_token_proves(
    handler: LambdaHandler, repository: InMemorySessionRepository
) -> None:
    repository.add(make_session())
    response = handler(get_event(SESSION_TOKEN), FakeContext())
    assert response["statusCode"] == 200
    assert body_of(response) == {
        "session_id": SESSION_ID,
        "user_id": "alice",
        "created_at": "2025-01-15T10:00:00Z",
        "expires_at": int(NOW.timestamp()) + 24 * 3600,
    }


def test_a_created_session_reads_back_with_its_token(handler: LambdaHandler) -> None:
    created = body_of(handler(create_event(user_id="alice", ttl=1), FakeContext()))
    read = body_of(handler(get_event(created["session_token"]), FakeContext()))
    assert read == {k: v for k, v in created.items() if k != "session_token"}


@pytest.mark.parametrize(
    "value",
    [f"bearer {SESSION_TOKEN}", f"BEARER  {SESSION_TOKEN} ", f" Bearer {SESSION_TOKEN}"],
    ids=["lower-case-scheme", "upper-case-and-spaces", "leading-space"],
)
def test_the_bearer_scheme_is_case_insensitive_and_spaces_are_ignored(
    handler: LambdaHandler, repository: InMemorySessionRepository, value: str
) -> None:
    repository.add(make_session())
    event = get_event(None, headers={"authorization": value})
    assert handler(event, FakeContext())["statusCode"] == 200


def expired(repository: InMemorySessionRepository, clock: FixedClock) -> dict[str, Any]:
    repository.add(make_session())
    clock.advance(hours=24)
    return get_event(SESSION_TOKEN)


# Every way to fail GET /sessions/current: each must answer exactly the same 401.
UNAUTHENTICATED = {
    "missing": lambda repository, clock: get_event(None),
    "null-headers": lambda repository, clock: {**get_event(None), "headers": None},
    "empty": lambda repository, clock: get_event(None, headers={"Authorization": ""}),
    "no-token": lambda repository, clock: get_event(None, headers={"Authorization": "Bearer"}),
    "other-scheme": lambda repository, clock: get_event(
        None, headers={"Authorization": f"Basic {SESSION_TOKEN}"}
    ),
    "malformed": lambda repository, clock: get_event("not-a-token"),
    "the-session-id": lambda repository, clock: get_event(SESSION_ID),
    "not-a-string": lambda repository, clock: get_event(None, headers={"Authorization": 7}),
    "unknown": lambda repository, clock: get_event(OTHER_TOKEN),
    "expired": expired,
}


@pytest.mark.parametrize("case", UNAUTHENTICATED.values(), ids=UNAUTHENTICATED)
def test_get_without_a_valid_token_answers_401_with_a_bearer_challenge(
    handler: LambdaHandler, repository: InMemorySessionRepository, clock: FixedClock, case
) -> None:
    response = handler(case(repository, clock), FakeContext())
    assert_error(response, 401, "Unauthorized", "Authorization: Bearer")
    assert response["headers"]["WWW-Authenticate"] == "Bearer"


def test_every_401_is_the_same_byte_for_byte(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    """No oracle: a caller cannot tell a missing, malformed, unknown or expired token apart."""
    answers = {}
    for name, case in UNAUTHENTICATED.items():
        handler = make_handler(Dependencies(repository=repository, clock=clock))
        answers[name] = json.dumps(handler(case(repository, clock), FakeContext()))
    assert len(set(answers.values())) == 1, answers


# -- revoke -------------------------------------------------------------------------------


def test_delete_answers_204_and_removes_the_session(
    handler: LambdaHandler, repository: InMemorySessionRepository
) -> None:
    repository.add(make_session())
    response = handler(delete_event(SESSION_TOKEN), FakeContext())
    assert response["statusCode"] == 204
    assert response["body"] == ""
    assert repository.get(SESSION_ID) is None


def test_delete_is_idempotent_and_answers_204_for_an_unknown_token(
    handler: LambdaHandler, repository: InMemorySessionRepository
) -> None:
    repository.add(make_session())
    statuses = [
        handler(delete_event(token), FakeContext())["statusCode"]
        for token in (SESSION_TOKEN, SESSION_TOKEN, OTHER_TOKEN)
    ]
    assert statuses == [204, 204, 204]


@pytest.mark.parametrize(
    "event",
    [
        delete_event(None),
        delete_event("../etc"),
        delete_event(SESSION_ID),
        delete_event(None, headers={"Authorization": f"Token {SESSION_TOKEN}"}),
    ],
    ids=["missing", "malformed", "the-session-id", "other-scheme"],
)
def test_delete_without_a_well_formed_token_answers_401_and_removes_nothing(
    handler: LambdaHandler, repository: InMemorySessionRepository, event: dict[str, Any]
) -> None:
    repository.add(make_session())
    response = handler(event, FakeContext())
    assert_error(response, 401, "Unauthorized", "Authorization: Bearer")
    assert response["headers"]["WWW-Authenticate"] == "Bearer"
    assert len(repository) == 1


def test_after_logout_the_token_answers_401(handler: LambdaHandler) -> None:
    token = body_of(handler(create_event(user_id="alice"), FakeContext()))["session_token"]
    handler(delete_event(token), FakeContext())
    assert handler(get_event(token), FakeContext())["statusCode"] == 401


# -- routing ------------------------------------------------------------------------------


def test_without_resource_the_path_routes_each_method(
    handler: LambdaHandler, repository: InMemorySessionRepository
) -> None:
    created = handler(make_event("POST", None, "/sessions", body=ALICE), FakeContext())
    token = body_of(created)["session_token"]
    current = "/sessions/current"
    read = handler(make_event("GET", None, current, token=token), FakeContext())
    deleted = handler(make_event("DELETE", None, current, token=token), FakeContext())
    assert [r["statusCode"] for r in (created, read, deleted)] == [201, 200, 204]
    assert len(repository) == 0


@pytest.mark.parametrize(
    "event",
    [
        make_event("GET", "/users", "/users"),
        make_event("GET", "/sessions/{session_id}", f"/sessions/{SESSION_TOKEN}"),
        make_event("GET", None, f"/sessions/{SESSION_TOKEN}"),
        make_event("GET", "/sessions/current/extra", "/sessions/current/extra"),
        make_event("GET", None, "/users"),
        {"httpMethod": "GET"},
        make_event("POST", 42, "/sessions", body=ALICE),
    ],
    ids=[
        "resource",
        "token-in-path",
        "token-in-path-no-resource",
        "nested",
        "path",
        "no-path",
        "resource-not-a-string",
    ],
)
def test_an_unknown_route_answers_404(
    handler: LambdaHandler, repository: InMemorySessionRepository, event: dict[str, Any]
) -> None:
    repository.add(make_session())
    assert_error(handler(event, FakeContext()), 404, "Not Found", "POST /sessions")
    assert len(repository) == 1


@pytest.mark.parametrize(
    ("method", "resource", "allow"),
    [
        ("GET", "/sessions", "POST"),
        ("PUT", "/sessions", "POST"),
        ("POST", "/sessions/current", "DELETE, GET"),
        ("PATCH", "/sessions/current", "DELETE, GET"),
        ("post", "/sessions", "POST"),
        (None, "/sessions", "POST"),
    ],
    ids=["get-sessions", "put-sessions", "post-current", "patch-current", "lower-case", "none"],
)
def test_a_known_path_with_the_wrong_method_answers_405_with_allow(
    handler: LambdaHandler,
    repository: InMemorySessionRepository,
    method: str | None,
    resource: str,
    allow: str,
) -> None:
    event = make_event(method, resource, body=ALICE, token=SESSION_TOKEN)  # type: ignore[arg-type]
    response = handler(event, None)
    assert_error(response, 405, "Method Not Allowed", allow)
    assert response["headers"]["Allow"] == allow
    assert len(repository) == 0


@pytest.mark.parametrize("event", [None, [], "GET /sessions", 42], ids=repr)
def test_an_event_that_is_not_a_proxy_event_answers_400(
    handler: LambdaHandler, event: object
) -> None:
    assert_error(handler(event, None), 400, "Bad Request", "proxy event")


# -- server errors: 500 and 503 -----------------------------------------------------------


EVERY_ROUTE = [
    pytest.param(create_event(user_id="alice"), id="create"),
    pytest.param(get_event(SESSION_TOKEN), id="get"),
    pytest.param(delete_event(SESSION_TOKEN), id="delete"),
]


@pytest.mark.parametrize("event", EVERY_ROUTE)
def test_an_unavailable_store_answers_503(event: dict[str, Any], clock: FixedClock) -> None:
    failing = FailingRepository(RepositoryUnavailable("DynamoDB GetItem failed: Throttling"))
    handler = make_handler(Dependencies(repository=failing, clock=clock))
    response = handler(event, FakeContext())
    assert_error(response, 503, "Service Unavailable", "retry")
    assert "DynamoDB" not in response["body"]


@pytest.mark.parametrize("event", EVERY_ROUTE)
def test_an_unexpected_error_answers_500_without_details(
    event: dict[str, Any], clock: FixedClock
) -> None:
    failing = FailingRepository(RuntimeError("secret internals"))
    handler = make_handler(Dependencies(repository=failing, clock=clock))
    response = handler(event, FakeContext())
    assert_error(response, 500, "Internal Server Error", "unexpectedly")
    assert "secret" not in response["body"]


def test_a_token_collision_answers_500_and_keeps_the_stored_session(
    repository: InMemorySessionRepository, clock: FixedClock
) -> None:
    repository.add(make_session())
    token = SessionToken(SESSION_TOKEN)
    deps = Dependencies(repository=repository, clock=clock, new_session_token=lambda: token)
    response = make_handler(deps)(create_event(user_id="mallory"), FakeContext())
    assert_error(response, 500, "Internal Server Error")
    assert repository.get(SESSION_ID) == make_session()


# -- every answer -------------------------------------------------------------------------

EVERY_KIND_OF_ANSWER = [
    pytest.param(create_event(user_id="alice"), id="201"),
    pytest.param(get_event(SESSION_TOKEN), id="401"),
    pytest.param(delete_event(SESSION_TOKEN), id="204"),
    pytest.param(make_event("GET", "/nowhere"), id="404"),
    pytest.param(make_event(body="{"), id="400"),
    pytest.param(make_event("PUT"), id="405"),
    pytest.param(make_event(body="x" * 5000), id="413"),
    pytest.param(make_event(headers={"Content-Type": "text/csv"}, body="a"), id="415"),
]


@pytest.mark.parametrize("event", EVERY_KIND_OF_ANSWER)
def test_every_answer_is_json_with_cors_headers_and_no_cache(
    handler: LambdaHandler, event: dict[str, Any]
) -> None:
    response = handler(event, FakeContext())
    assert response["headers"]["Content-Type"] == "application/json"
    assert response["headers"]["Cache-Control"] == "no-store"
    assert CORS_HEADERS.items() <= response["headers"].items()
    assert response["isBase64Encoded"] is False
    assert isinstance(response["body"], str)
    json.dumps(response)  # the runtime serializes the response exactly like this


def test_a_create_command_needs_a_user_id() -> None:
    """The route puts the caller in; the command itself still refuses a request without one."""
    with pytest.raises(InvalidSessionRequest, match="user_id is required"):
        create_command({"ttl": 1})
