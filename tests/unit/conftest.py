"""Fixtures of the unit tests: in-memory adapters, a fixed clock, a ready handler."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from auth_sessions.adapters.fixed_clock import FixedClock
from auth_sessions.adapters.in_memory_session_repository import InMemorySessionRepository
from auth_sessions.bootstrap import Dependencies
from auth_sessions.entrypoints.json_logging import LOGGER_NAME, JsonFormatter
from auth_sessions.entrypoints.lambda_handler import LambdaHandler, make_handler
from tests.unit.builders import NOW


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def repository() -> InMemorySessionRepository:
    return InMemorySessionRepository()


@pytest.fixture
def deps(repository: InMemorySessionRepository, clock: FixedClock) -> Dependencies:
    return Dependencies(repository=repository, clock=clock)


@pytest.fixture
def handler(deps: Dependencies) -> LambdaHandler:
    return make_handler(deps)


class CapturingHandler(logging.Handler):
    """Keep every record and its line as formatted by the service's JSON formatter."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(JsonFormatter())
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.format(record))


@pytest.fixture
def service_logger() -> Iterator[logging.Logger]:
    """The service's logger, restored after the test (handlers, level, propagation)."""
    logger = logging.getLogger(LOGGER_NAME)
    handlers, level, propagate = logger.handlers[:], logger.level, logger.propagate
    yield logger
    logger.handlers[:] = handlers
    logger.setLevel(level)
    logger.propagate = propagate


@pytest.fixture
def log_lines(service_logger: logging.Logger) -> CapturingHandler:
    """Capture the service's log lines at DEBUG and above."""
    capture = CapturingHandler()
    service_logger.addHandler(capture)
    service_logger.setLevel(logging.DEBUG)
    return capture
