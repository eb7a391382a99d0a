from __future__ import annotations

import pytest

from auth_sessions.config import Settings, SettingsError
from auth_sessions.domain.errors import AuthSessionsError

TABLE = {"DYNAMODB_TABLE_NAME": "hexagonal-auth-dev-sessions"}


def test_only_the_table_name_is_required() -> None:
    assert Settings.from_env(TABLE) == Settings(
        table_name="hexagonal-auth-dev-sessions",
        environment="dev",
        log_level="INFO",
        runtime_json_logs=False,
    )


def test_every_setting_is_read_from_the_environment() -> None:
    env = {
        **TABLE,
        "ENVIRONMENT": "prod",
        "LOG_LEVEL": "debug",
        "AWS_LAMBDA_LOG_FORMAT": "JSON",
    }
    settings = Settings.from_env(env)
    assert (settings.environment, settings.log_level, settings.runtime_json_logs) == (
        "prod",
        "DEBUG",
        True,
    )


def test_settings_come_from_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DYNAMODB_TABLE_NAME", "from-os-environ")
    assert Settings.from_env().table_name == "from-os-environ"


@pytest.mark.parametrize(
    ("given", "level"),
    [("WARN", "WARNING"), ("FATAL", "CRITICAL"), ("TRACE", "DEBUG"), ("", "INFO")],
    ids=["warn", "fatal", "trace", "empty"],
)
def test_lambdas_level_names_are_understood(given: str, level: str) -> None:
    assert Settings.from_env({**TABLE, "LOG_LEVEL": given}).log_level == level


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "DYNAMODB_TABLE_NAME is not set"),
        ({"DYNAMODB_TABLE_NAME": "  "}, "DYNAMODB_TABLE_NAME is not set"),
        ({"DYNAMODB_TABLE_NAME": "ab"}, "not a DynamoDB table name"),
        ({"DYNAMODB_TABLE_NAME": "my table"}, "not a DynamoDB table name"),
        ({**TABLE, "LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be one of"),
    ],
    ids=["missing", "blank", "too-short", "space", "bad-level"],
)
def test_a_missing_or_wrong_setting_is_a_clear_error(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_settings_errors_share_the_services_root_error() -> None:
    assert issubclass(SettingsError, AuthSessionsError)
