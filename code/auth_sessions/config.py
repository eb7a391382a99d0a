"""Settings of the function, read once from its environment variables."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from auth_sessions.domain.errors import AuthSessionsError

# Lambda's own level names (WARN, FATAL, TRACE) are accepted beside Python's.
LOG_LEVELS = {
    "TRACE": "DEBUG",
    "DEBUG": "DEBUG",
    "INFO": "INFO",
    "WARN": "WARNING",
    "WARNING": "WARNING",
    "ERROR": "ERROR",
    "FATAL": "CRITICAL",
    "CRITICAL": "CRITICAL",
}
_TABLE_NAME = re.compile(r"[A-Za-z0-9_.-]{3,255}")


class SettingsError(AuthSessionsError):
    """An environment variable is missing or wrong; the message names it and the fix."""


# --8<-- [start:settings]
@dataclass(frozen=True, slots=True)
class Settings:
    """What the function needs to know about where it runs."""

    table_name: str
    environment: str = "dev"
    log_level: str = "INFO"
    runtime_json_logs: bool = False  # Lambda's JSON log format already formats the root logger

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from environ (default: os.environ); raise SettingsError."""
        env = os.environ if environ is None else environ
        table_name = env.get("DYNAMODB_TABLE_NAME", "").strip()
        if not table_name:
            raise SettingsError(
                "DYNAMODB_TABLE_NAME is not set: set it to the sessions table's name, "
                "e.g. hexagonal-auth-dev-sessions"
            )
        if not _TABLE_NAME.fullmatch(table_name):
            raise SettingsError(
                "DYNAMODB_TABLE_NAME is not a DynamoDB table name: use 3 to 255 letters, "
                "digits, '_', '-' or '.'"
            )
        level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if level not in LOG_LEVELS:
            raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        return cls(
            table_name=table_name,
            environment=env.get("ENVIRONMENT", "").strip() or "dev",
            log_level=LOG_LEVELS[level],
            runtime_json_logs=env.get("AWS_LAMBDA_LOG_FORMAT", "").upper() == "JSON",
        )


# --8<-- [end:settings]
