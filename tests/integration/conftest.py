"""Fixtures of the integration tests: a sessions table on the moto server, per test."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from auth_sessions.adapters.dynamodb_session_repository import DynamoDbSessionRepository
from auth_sessions.entrypoints.json_logging import LOGGER_NAME
from modules.sandbox.tables import create_sessions_table

# Tests fail fast: one attempt, short timeouts (the production values are tested on their own).
FAST = Config(connect_timeout=1, read_timeout=2, retries={"total_max_attempts": 1})


@pytest.fixture
def dynamodb(aws_env: str) -> Any:
    """A DynamoDB client on the moto server."""
    return boto3.client("dynamodb", config=FAST)


@pytest.fixture
def sessions_table(dynamodb: Any) -> Iterator[str]:
    """A fresh sessions table of its own for one test; deleted afterwards."""
    name = f"sessions-test-{uuid.uuid4().hex[:12]}"
    create_sessions_table(dynamodb, name)
    yield name
    dynamodb.delete_table(TableName=name)


@pytest.fixture
def dynamodb_repository(dynamodb: Any, sessions_table: str) -> DynamoDbSessionRepository:
    return DynamoDbSessionRepository(dynamodb, sessions_table)


@pytest.fixture
def item_count(dynamodb: Any, sessions_table: str) -> Any:
    """Count the items of the test's table with a strongly consistent scan."""

    def count() -> int:
        return dynamodb.scan(TableName=sessions_table, Select="COUNT", ConsistentRead=True)["Count"]

    return count


@pytest.fixture
def service_logger() -> Iterator[logging.Logger]:
    """The service's logger, restored after the test (handlers, level, propagation)."""
    logger = logging.getLogger(LOGGER_NAME)
    handlers, level, propagate = logger.handlers[:], logger.level, logger.propagate
    yield logger
    logger.handlers[:] = handlers
    logger.setLevel(level)
    logger.propagate = propagate
