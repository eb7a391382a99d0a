"""The handler with the real DynamoDB adapter on the moto server: the HTTP contract end to end."""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ReadTimeoutError

from auth_sessions import bootstrap
from auth_sessions.adapters.dynamodb_session_repository import DynamoDbSessionRepository, to_item
from auth_sessions.adapters.fixed_clock import FixedClock
from auth_sessions.adapters.system_clock import SystemClock
from auth_sessions.bootstrap import Dependencies
from auth_sessions.config import Settings
from auth_sessions.domain.model import SessionToken
from auth_sessions.entrypoints import lambda_handler
from auth_sessions.entrypoints.lambda_handler import LambdaHandler, make_handler
from tests.unit.builders import (
    NOW,
    SESSION_ID,
    SESSION_TOKEN,
    FakeContext,
    body_of,
    create_event,
    delete_event,
    get_event,
    load_event,
    make_session,
)

pytestmark = pytest.mark.sandbox


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def handler(dynamodb_repository: DynamoDbSessionRepository, clock: FixedClock) -> LambdaHandler:
    return make_handler(Dependencies(repository=dynamodb_repository, clock=clock))


def status_of(handler: LambdaHandler, event: dict[str, Any]) -> int:
    return handler(event, FakeContext())["statusCode"]


def test_create_read_revoke_then_read_again(handler: LambdaHandler, item_count: Any) -> None:
    created = handler(create_event(user_id="alice", ttl=2), FakeContext())
    assert created["statusCode"] == 201
    token = body_of(created)["session_token"]
    read = handler(get_event(token), FakeContext())
    assert read["statusCode"] == 200
    assert body_of(read)["user_id"] == "alice"
    assert status_of(handler, delete_event(token)) == 204
    assert status_of(handler, get_event(token)) == 401
    assert status_of(handler, delete_event(token)) == 204
    assert item_count() == 0


def test_the_table_holds_the_id_never_the_token(
    handler: LambdaHandler, dynamodb: Any, sessions_table: str
) -> None:
    tokens = [
        body_of(handler(create_event(user_id=f"user-{n}"), FakeContext()))["session_token"]
        for n in range(5)
    ]
    items = dynamodb.scan(TableName=sessions_table, ConsistentRead=True)["Items"]
    assert len(items) == 5
    assert {item["session_id"]["S"] for item in items} == {
        hashlib.sha256(token.encode()).hexdigest() for token in tokens
    }
    assert set(items[0]) == {"session_id", "user_id", "created_at", "expires_at", "data"}
    dump = json.dumps(items)
    assert not [token for token in tokens if token in dump]


def test_an_expired_item_still_in_the_table_answers_401(
    handler: LambdaHandler, dynamodb: Any, sessions_table: str, item_count: Any
) -> None:
    expired = make_session(
        created_at=NOW - timedelta(hours=25), expires_at=int(NOW.timestamp()) - 3600
    )
    dynamodb.put_item(TableName=sessions_table, Item=to_item(expired))
    assert status_of(handler, get_event(SESSION_TOKEN)) == 401
    assert item_count() == 1  # DynamoDB's TTL deletes lazily; the service must not rely on it


def test_the_sample_events_get_their_statuses_from_dynamodb(
    handler: LambdaHandler, dynamodb_repository: DynamoDbSessionRepository
) -> None:
    dynamodb_repository.add(make_session())  # the session whose token the sample events carry
    steps = ["create_session_signed_in", "get_session", "delete_session", "get_session"]
    statuses = [status_of(handler, load_event(name)) for name in steps]
    assert statuses == [201, 200, 204, 401]


def test_a_token_collision_answers_500_and_keeps_the_original(
    dynamodb_repository: DynamoDbSessionRepository, clock: FixedClock, item_count: Any
) -> None:
    dynamodb_repository.add(make_session())
    token = SessionToken(SESSION_TOKEN)
    deps = Dependencies(dynamodb_repository, clock, new_session_token=lambda: token)
    response = make_handler(deps)(create_event(user_id="mallory"), FakeContext())
    assert response["statusCode"] == 500
    assert dynamodb_repository.get(SESSION_ID) == make_session()
    assert item_count() == 1


# -- fault injection ----------------------------------------------------------------------


class CannedBody:
    """A raw HTTP body botocore can read."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def dynamodb_error(status: int, code: str) -> Callable[..., AWSResponse]:
    """Answer every request, before it leaves, with DynamoDB's error code at status."""
    body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": "x"})

    def send(request: Any, **_: Any) -> AWSResponse:
        headers = {"Content-Type": "application/x-amz-json-1.0"}
        return AWSResponse(request.url, status, headers, CannedBody(body.encode()))

    return send


def read_timeout(request: Any, **_: Any) -> None:
    raise ReadTimeoutError(endpoint_url=request.url)


FAULTS = [
    pytest.param(dynamodb_error(400, "ProvisionedThroughputExceededException"), id="throughput"),
    pytest.param(dynamodb_error(400, "ThrottlingException"), id="throttling"),
    pytest.param(dynamodb_error(500, "InternalServerError"), id="500"),
    pytest.param(dynamodb_error(503, "ServiceUnavailable"), id="503"),
    pytest.param(read_timeout, id="read-timeout"),
]


@pytest.mark.parametrize("fault", FAULTS)
def test_a_faulty_dynamodb_answers_503_and_writes_nothing(
    handler: LambdaHandler, dynamodb: Any, item_count: Any, fault: Callable[..., Any]
) -> None:
    dynamodb.meta.events.register("before-send.dynamodb.PutItem", fault)
    response = handler(create_event(user_id="alice"), FakeContext())
    assert response["statusCode"] == 503
    assert body_of(response)["error"] == "Service Unavailable"
    assert item_count() == 0


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("operation", ["GetItem", "DeleteItem"])
def test_a_faulty_dynamodb_answers_503_and_keeps_what_is_stored(
    handler: LambdaHandler,
    dynamodb: Any,
    dynamodb_repository: DynamoDbSessionRepository,
    item_count: Any,
    operation: str,
    fault: Callable[..., Any],
) -> None:
    dynamodb_repository.add(make_session())
    dynamodb.meta.events.register(f"before-send.dynamodb.{operation}", fault)
    event = get_event() if operation == "GetItem" else delete_event()
    assert status_of(handler, event) == 503
    assert item_count() == 1


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """An HTTP endpoint that accepts connections and never answers: a hung DynamoDB."""
    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_a_hung_dynamodb_times_out_into_a_503(aws_env: str, silent_endpoint: str) -> None:
    client = boto3.client(
        "dynamodb",
        endpoint_url=silent_endpoint,
        config=Config(read_timeout=0.2, retries={"total_max_attempts": 2, "mode": "standard"}),
    )
    repository = DynamoDbSessionRepository(client, "hexagonal-auth-dev-sessions")
    handler = make_handler(Dependencies(repository=repository, clock=FixedClock(NOW)))
    response = handler(get_event(), FakeContext())
    assert response["statusCode"] == 503


# -- production wiring --------------------------------------------------------------------


def test_the_production_wiring_reaches_the_sandbox_through_aws_endpoint_url(
    sessions_table: str, item_count: Any
) -> None:
    deps = bootstrap.build(Settings(table_name=sessions_table))
    assert isinstance(deps.clock, SystemClock)
    handler = make_handler(deps)
    created = handler(create_event(user_id="alice"), FakeContext())
    assert created["statusCode"] == 201
    assert status_of(handler, get_event(body_of(created)["session_token"])) == 200
    assert item_count() == 1


@pytest.fixture
def module_handler_env(
    sessions_table: str, monkeypatch: pytest.MonkeyPatch, service_logger: Any
) -> Iterator[None]:
    monkeypatch.setenv("DYNAMODB_TABLE_NAME", sessions_table)
    monkeypatch.setenv("LOG_LEVEL", "INFO")
    monkeypatch.delenv("AWS_LAMBDA_LOG_FORMAT", raising=False)
    lambda_handler.default_handler.cache_clear()
    yield
    lambda_handler.default_handler.cache_clear()


def test_the_module_handler_serves_the_sample_event_and_logs_json_lines(
    module_handler_env: None, capsys: pytest.CaptureFixture[str], item_count: Any
) -> None:
    response = lambda_handler.handler(load_event("create_session_signed_in"), FakeContext("req-42"))
    assert response["statusCode"] == 201
    assert item_count() == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["message"] for line in lines] == ["session service ready", "request answered"]
    assert lines[1]["requestId"] == "req-42"
    assert lines[1]["sessionId"] == body_of(response)["session_id"]  # public: logged whole
    assert body_of(response)["session_token"] not in json.dumps(lines)
