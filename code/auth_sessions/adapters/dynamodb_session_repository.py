"""A SessionRepository on a DynamoDB table, through boto3's low-level client."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError

from auth_sessions.domain.errors import RepositoryUnavailable, SessionAlreadyExists
from auth_sessions.domain.model import Session, to_rfc3339

# boto3 builds its client classes at run time, so there is no class to name here.
DynamoDbClient = Any
Item = dict[str, dict[str, str]]

# DynamoDB sheds load with these codes (HTTP 400); botocore retries them, then gives up.
THROTTLING_CODES = frozenset(
    {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}
)
CONDITION_FAILED = "ConditionalCheckFailedException"


# --8<-- [start:item]
def to_item(session: Session) -> Item:
    """Write a session as a DynamoDB item (attribute-value JSON)."""
    return {
        "session_id": {"S": session.session_id},
        "user_id": {"S": session.user_id},
        "created_at": {"S": to_rfc3339(session.created_at)},
        "expires_at": {"N": str(session.expires_at)},  # the TTL attribute: epoch seconds
        "data": {"S": session.data},
    }


def from_item(item: Item) -> Session:
    """Read a session back from a DynamoDB item."""
    return Session(
        session_id=item["session_id"]["S"],
        user_id=item["user_id"]["S"],
        created_at=datetime.fromisoformat(item["created_at"]["S"]),
        expires_at=int(item["expires_at"]["N"]),
        data=item["data"]["S"],
    )


# --8<-- [end:item]


# --8<-- [start:translate]
def is_transient(error: ClientError) -> bool:
    """Tell whether DynamoDB refused for now (throttling, 5xx) rather than for good."""
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    return error_code(error) in THROTTLING_CODES or status >= 500


def error_code(error: ClientError) -> str:
    """Return the AWS error code of a ClientError, such as ThrottlingException."""
    return str(error.response.get("Error", {}).get("Code", ""))


@contextmanager
def translated_errors(operation: str) -> Iterator[None]:
    """Turn DynamoDB's transient failures into RepositoryUnavailable; let the rest through."""
    try:
        yield
    except ClientError as error:
        if is_transient(error):
            raise RepositoryUnavailable(
                f"DynamoDB {operation} failed: {error_code(error)}"
            ) from error
        # Anything else (missing table, access denied, bad request) is a bug, not bad weather.
        raise
    except (BotoConnectionError, HTTPClientError) as error:
        # Connect and read timeouts, refused or dropped connections, after botocore's retries.
        raise RepositoryUnavailable(
            f"DynamoDB {operation} failed: {type(error).__name__}"
        ) from error


# --8<-- [end:translate]


class DynamoDbSessionRepository:
    """Keep sessions in a DynamoDB table whose hash key is session_id (S)."""

    def __init__(self, client: DynamoDbClient, table_name: str) -> None:
        self._client = client
        self._table_name = table_name

    # --8<-- [start:conditional-put]
    def add(self, session: Session) -> None:
        """Store a new session, never overwriting; raise SessionAlreadyExists if the id is taken."""
        item = to_item(session)
        with translated_errors("PutItem"):
            try:
                self._client.put_item(
                    TableName=self._table_name,
                    Item=item,
                    ConditionExpression="attribute_not_exists(session_id)",
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                )
            except ClientError as error:
                if error_code(error) != CONDITION_FAILED:
                    raise
                # botocore retries a put whose answer was lost (a read timeout); the retry then
                # meets our own first write. The very same item means the put succeeded.
                if error.response.get("Item") != item:
                    raise SessionAlreadyExists("a session with this id already exists") from error

    # --8<-- [end:conditional-put]

    def get(self, session_id: str) -> Session | None:
        """Return the stored session with this id, expired or not, or None."""
        # --8<-- [start:exercise-m3-repository-get]
        with translated_errors("GetItem"):
            response = self._client.get_item(
                TableName=self._table_name,
                Key={"session_id": {"S": session_id}},
                # A read right after a create must see it: eventually consistent reads may not.
                ConsistentRead=True,
            )
        item = response.get("Item")
        return None if item is None else from_item(item)
        # --8<-- [end:exercise-m3-repository-get]

    def remove(self, session_id: str) -> None:
        """Delete the session with this id; DeleteItem on a missing key succeeds."""
        # --8<-- [start:exercise-m3-repository-remove]
        with translated_errors("DeleteItem"):
            self._client.delete_item(
                TableName=self._table_name, Key={"session_id": {"S": session_id}}
            )
        # --8<-- [end:exercise-m3-repository-remove]
