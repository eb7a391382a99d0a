from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from auth_sessions import bootstrap
from auth_sessions.adapters.dynamodb_session_repository import DynamoDbSessionRepository
from auth_sessions.adapters.system_clock import SystemClock
from auth_sessions.config import Settings, SettingsError
from auth_sessions.entrypoints import lambda_handler
from tests.unit.builders import body_of, load_event


@pytest.fixture
def lambda_environment(monkeypatch: pytest.MonkeyPatch, service_logger: logging.Logger) -> None:
    """A Lambda-like environment; no network is used because no test calls DynamoDB."""
    for name, value in {
        "DYNAMODB_TABLE_NAME": "hexagonal-auth-dev-sessions",
        "ENVIRONMENT": "dev",
        "LOG_LEVEL": "INFO",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_LAMBDA_LOG_FORMAT", raising=False)


@pytest.fixture
def fresh_default_handler() -> Iterator[None]:
    """Forget the handler built by an earlier test, before and after this one."""
    lambda_handler.default_handler.cache_clear()
    yield
    lambda_handler.default_handler.cache_clear()


def test_build_wires_dynamodb_and_the_system_clock(lambda_environment: None) -> None:
    deps = bootstrap.build(Settings(table_name="hexagonal-auth-dev-sessions"))
    assert isinstance(deps.repository, DynamoDbSessionRepository)
    assert isinstance(deps.clock, SystemClock)


def test_the_client_gives_up_well_before_the_function_timeout(lambda_environment: None) -> None:
    session = bootstrap.botocore.session.get_session()
    client = session.create_client("dynamodb", config=bootstrap.CLIENT_CONFIG)
    config = client.meta.config
    attempts = config.retries["total_max_attempts"]
    # Standard mode sleeps rand(0, 1) x 2**i seconds (at most) before retry i, for throttling.
    backoff_s = sum(min(2**retry, 20) for retry in range(attempts - 1))
    worst_case_s = attempts * (config.connect_timeout + config.read_timeout) + backoff_s
    assert config.retries["mode"] == "standard"
    assert worst_case_s <= 7 < 10


def test_the_module_handler_is_built_once_per_execution_environment(
    lambda_environment: None, fresh_default_handler: None
) -> None:
    first = lambda_handler.handler
    assert lambda_handler.handler is first
    response = first(load_event("unknown_route"), None)  # answered without DynamoDB
    assert response["statusCode"] == 404
    assert body_of(response)["error"] == "Not Found"


def test_the_module_handler_fails_at_init_without_a_table_name(
    lambda_environment: None, fresh_default_handler: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DYNAMODB_TABLE_NAME")
    with pytest.raises(SettingsError, match="DYNAMODB_TABLE_NAME is not set"):
        lambda_handler.handler  # noqa: B018 - the attribute access is what is under test


def test_other_missing_attributes_of_the_handler_module_stay_missing() -> None:
    with pytest.raises(AttributeError, match="no attribute 'handlr'"):
        lambda_handler.handlr  # noqa: B018
