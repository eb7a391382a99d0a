"""The one place that wires adapters into the service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import botocore.session
from botocore.config import Config

from auth_sessions.adapters.dynamodb_session_repository import DynamoDbSessionRepository
from auth_sessions.adapters.system_clock import SystemClock
from auth_sessions.config import Settings
from auth_sessions.domain.model import SessionToken
from auth_sessions.ports import Clock, SessionRepository

# --8<-- [start:client-config]
# The function times out after 10 s. Worst case for one DynamoDB call with this config:
# 2 attempts x (1 s to connect + 2 s to read) + at most 1 s of back-off = 7 s, so a slow
# DynamoDB becomes a 503 answer instead of a function timeout. A healthy call takes ~10 ms.
CLIENT_CONFIG = Config(
    connect_timeout=1,
    read_timeout=2,
    # total_max_attempts counts the first call; the older `max_attempts` key of a client
    # Config counts only the retries, one call more than its name suggests.
    retries={"total_max_attempts": 2, "mode": "standard"},
)
# --8<-- [end:client-config]


@dataclass(frozen=True, slots=True)
class Dependencies:
    """What the handler needs: a repository, a clock and a source of session tokens."""

    repository: SessionRepository
    clock: Clock
    new_session_token: Callable[[], SessionToken] = SessionToken.new


# --8<-- [start:build]
def build(settings: Settings) -> Dependencies:
    """Wire the production adapters: DynamoDB through one client, and the system clock."""
    # botocore's own session builds the same client boto3.client() would, without boto3's
    # session (resources, S3 transfers): measured faster to a cold start and lighter.
    # No endpoint here: botocore reads AWS_ENDPOINT_URL itself, which is how the sandbox works.
    client = botocore.session.get_session().create_client("dynamodb", config=CLIENT_CONFIG)
    return Dependencies(
        repository=DynamoDbSessionRepository(client, settings.table_name),
        clock=SystemClock(),
    )


# --8<-- [end:build]
