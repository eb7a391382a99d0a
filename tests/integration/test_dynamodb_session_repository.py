"""The DynamoDB adapter against DynamoDB as the moto server speaks it, over HTTP."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ReadTimeoutError
from botocore.httpsession import URLLib3Session

from auth_sessions.adapters.dynamodb_session_repository import DynamoDbSessionRepository
from auth_sessions.domain.errors import RepositoryUnavailable, SessionAlreadyExists
from tests.unit.builders import SESSION_ID, make_session
from tests.unit.session_repository_contract import SessionRepositoryContract

pytestmark = pytest.mark.sandbox


class TestDynamoDbSessionRepository(SessionRepositoryContract):
    @pytest.fixture
    def repository(self, dynamodb_repository: DynamoDbSessionRepository) -> Any:
        return dynamodb_repository


def test_the_stored_item_has_the_documented_attributes_and_types(
    dynamodb: Any, sessions_table: str, dynamodb_repository: DynamoDbSessionRepository
) -> None:
    dynamodb_repository.add(make_session())
    item = dynamodb.get_item(TableName=sessions_table, Key={"session_id": {"S": SESSION_ID}})
    assert item["Item"] == {
        "session_id": {"S": SESSION_ID},
        "user_id": {"S": "alice"},
        "created_at": {"S": "2025-01-15T10:00:00Z"},
        "expires_at": {"N": "1737021600"},
        "data": {"S": "{}"},
    }


def test_a_collision_raises_and_leaves_the_stored_item_untouched(
    dynamodb: Any, sessions_table: str, dynamodb_repository: DynamoDbSessionRepository
) -> None:
    key = {"session_id": {"S": SESSION_ID}}
    dynamodb_repository.add(make_session())
    before = dynamodb.get_item(TableName=sessions_table, Key=key)["Item"]
    with pytest.raises(SessionAlreadyExists):
        dynamodb_repository.add(make_session(user_id="mallory", expires_at=4_000_000_000))
    assert dynamodb.get_item(TableName=sessions_table, Key=key)["Item"] == before


def lose_the_first_answer(client: Any) -> list[str]:
    """Let the first PutItem reach the server, then pretend its answer timed out."""
    sent: list[str] = []

    def send(request: Any, **kwargs: Any) -> Any:
        sent.append(kwargs["event_name"])
        if len(sent) > 1:
            return None  # later attempts go through botocore as usual
        URLLib3Session().send(request)  # the write happens...
        raise ReadTimeoutError(endpoint_url=request.url)  # ...but its answer never comes

    client.meta.events.register("before-send.dynamodb.PutItem", send)
    return sent


def test_a_put_whose_answer_was_lost_and_retried_is_recognised_as_ours(
    aws_env: str, sessions_table: str, item_count: Any
) -> None:
    client = boto3.client(
        "dynamodb", config=Config(retries={"total_max_attempts": 2, "mode": "standard"})
    )
    sent = lose_the_first_answer(client)
    DynamoDbSessionRepository(client, sessions_table).add(make_session())
    assert len(sent) == 2  # botocore retried, and the retry met our own first write
    assert item_count() == 1


def test_a_put_whose_last_answer_was_lost_is_unavailable_yet_whole(
    dynamodb: Any, sessions_table: str, item_count: Any
) -> None:
    """The client hears 503; the item is complete, unreachable, and TTL removes it later."""
    lose_the_first_answer(dynamodb)
    with pytest.raises(RepositoryUnavailable, match="ReadTimeoutError"):
        DynamoDbSessionRepository(dynamodb, sessions_table).add(make_session())
    assert item_count() == 1
    item = dynamodb.get_item(TableName=sessions_table, Key={"session_id": {"S": SESSION_ID}})
    assert set(item["Item"]) == {"session_id", "user_id", "created_at", "expires_at", "data"}
