"""The DynamoDB adapter against botocore's Stubber and send hooks: no network, no server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)
from botocore.stub import Stubber

from auth_sessions.adapters.dynamodb_session_repository import (
    DynamoDbSessionRepository,
    from_item,
    to_item,
)
from auth_sessions.bootstrap import CLIENT_CONFIG
from auth_sessions.domain.errors import RepositoryUnavailable, SessionAlreadyExists
from tests.unit.builders import SESSION_ID, make_session

TABLE = "hexagonal-auth-dev-sessions"
KEY = {"session_id": {"S": SESSION_ID}}
ITEM = {
    "session_id": {"S": SESSION_ID},
    "user_id": {"S": "alice"},
    "created_at": {"S": "2025-01-15T10:00:00Z"},
    "expires_at": {"N": "1737021600"},
    "data": {"S": "{}"},
}
PUT = {
    "TableName": TABLE,
    "Item": ITEM,
    "ConditionExpression": "attribute_not_exists(session_id)",
    "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
}
GET = {"TableName": TABLE, "Key": KEY, "ConsistentRead": True}
DELETE = {"TableName": TABLE, "Key": KEY}
OPERATIONS = [
    pytest.param(("put_item", lambda repo: repo.add(make_session())), id="add"),
    pytest.param(("get_item", lambda repo: repo.get(SESSION_ID)), id="get"),
    pytest.param(("delete_item", lambda repo: repo.remove(SESSION_ID)), id="remove"),
]


def make_client(config: Config) -> Any:
    # An endpoint nobody listens on: should a call slip past the stub, it fails fast.
    return boto3.client(
        "dynamodb",
        region_name="us-east-1",
        endpoint_url="http://127.0.0.1:9",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=config,
    )


@pytest.fixture
def client() -> Any:
    return make_client(Config(retries={"total_max_attempts": 1, "mode": "standard"}))


@pytest.fixture
def stubber(client: Any) -> Iterator[Stubber]:
    with Stubber(client) as stub:
        yield stub
        stub.assert_no_pending_responses()


@pytest.fixture
def repository(client: Any) -> DynamoDbSessionRepository:
    return DynamoDbSessionRepository(client, TABLE)


def test_a_session_is_written_as_the_documented_item() -> None:
    assert to_item(make_session()) == ITEM
    assert from_item(ITEM) == make_session()


def test_add_is_a_conditional_put_that_never_overwrites(
    repository: DynamoDbSessionRepository, stubber: Stubber
) -> None:
    stubber.add_response("put_item", {}, PUT)
    repository.add(make_session())


def test_get_is_a_strongly_consistent_read(
    repository: DynamoDbSessionRepository, stubber: Stubber
) -> None:
    stubber.add_response("get_item", {"Item": ITEM}, GET)
    stubber.add_response("get_item", {}, GET)
    assert repository.get(SESSION_ID) == make_session()
    assert repository.get(SESSION_ID) is None


def test_remove_deletes_by_key(repository: DynamoDbSessionRepository, stubber: Stubber) -> None:
    stubber.add_response("delete_item", {}, DELETE)
    repository.remove(SESSION_ID)


@pytest.mark.parametrize(
    "stored",
    [{**ITEM, "user_id": {"S": "mallory"}}, None],
    ids=["another-session", "no-item-returned"],
)
def test_a_failed_condition_means_the_id_is_taken(
    repository: DynamoDbSessionRepository, stubber: Stubber, stored: dict | None
) -> None:
    stubber.add_client_error(
        "put_item",
        "ConditionalCheckFailedException",
        "The conditional request failed",
        modeled_fields=None if stored is None else {"Item": stored},
    )
    with pytest.raises(SessionAlreadyExists) as caught:
        repository.add(make_session())
    assert isinstance(caught.value.__cause__, ClientError)


def test_a_failed_condition_against_our_own_item_is_a_retried_success(
    repository: DynamoDbSessionRepository, stubber: Stubber
) -> None:
    """A put whose answer was lost is retried by botocore and then meets its own write."""
    stubber.add_client_error(
        "put_item", "ConditionalCheckFailedException", modeled_fields={"Item": ITEM}
    )
    repository.add(make_session())


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("ProvisionedThroughputExceededException", 400),
        ("ThrottlingException", 400),
        ("RequestLimitExceeded", 400),
        ("InternalServerError", 500),
        ("ServiceUnavailable", 503),
    ],
    ids=["provisioned-throughput", "throttling", "request-limit", "500", "503"],
)
def test_throttling_and_server_errors_make_the_store_unavailable(
    repository: DynamoDbSessionRepository,
    stubber: Stubber,
    operation: tuple,
    code: str,
    status: int,
) -> None:
    method, call = operation
    stubber.add_client_error(method, code, "slow down", http_status_code=status)
    with pytest.raises(RepositoryUnavailable, match=code) as caught:
        call(repository)
    assert isinstance(caught.value.__cause__, ClientError)


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize(
    "code", ["ResourceNotFoundException", "AccessDeniedException", "ValidationException"]
)
def test_configuration_errors_are_not_disguised_as_bad_weather(
    repository: DynamoDbSessionRepository, stubber: Stubber, operation: tuple, code: str
) -> None:
    method, call = operation
    stubber.add_client_error(method, code, "wrong set-up", http_status_code=400)
    with pytest.raises(ClientError, match=code):
        call(repository)


def fail_every_send(client: Any, error: Exception) -> list[str]:
    """Make every HTTP send of client raise error; return the list of attempted operations."""
    attempts: list[str] = []

    def send(request: Any, **kwargs: Any) -> None:
        attempts.append(kwargs["event_name"])
        raise error

    client.meta.events.register("before-send.dynamodb", send)
    return attempts


CONNECTION_ERRORS = [
    pytest.param(ConnectTimeoutError(endpoint_url="http://dynamodb"), id="connect-timeout"),
    pytest.param(ReadTimeoutError(endpoint_url="http://dynamodb"), id="read-timeout"),
    pytest.param(EndpointConnectionError(endpoint_url="http://dynamodb"), id="refused"),
    pytest.param(ConnectionClosedError(endpoint_url="http://dynamodb"), id="closed"),
]


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("error", CONNECTION_ERRORS)
def test_timeouts_and_connection_errors_make_the_store_unavailable(
    client: Any, repository: DynamoDbSessionRepository, operation: tuple, error: Exception
) -> None:
    fail_every_send(client, error)
    with pytest.raises(RepositoryUnavailable, match=type(error).__name__) as caught:
        operation[1](repository)
    assert caught.value.__cause__ is error


def test_other_botocore_errors_are_not_disguised_as_bad_weather(
    client: Any, repository: DynamoDbSessionRepository
) -> None:
    fail_every_send(client, NoCredentialsError())
    with pytest.raises(NoCredentialsError):
        repository.get(SESSION_ID)


def test_the_production_client_tries_twice_then_gives_up() -> None:
    client = make_client(CLIENT_CONFIG)
    attempts = fail_every_send(client, ReadTimeoutError(endpoint_url="http://dynamodb"))
    with pytest.raises(RepositoryUnavailable):
        DynamoDbSessionRepository(client, TABLE).get(SESSION_ID)
    assert attempts == ["before-send.dynamodb.GetItem"] * 2
