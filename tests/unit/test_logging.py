from __future__ import annotations

import io
import json
import logging
import sys
from typing import Any

import pytest
from awslambdaric.lambda_runtime_log_utils import JsonFormatter as LambdaRuntimeJsonFormatter

from auth_sessions.adapters.fixed_clock import FixedClock
from auth_sessions.bootstrap import Dependencies
from auth_sessions.domain.errors import RepositoryUnavailable
from auth_sessions.entrypoints.json_logging import JsonFormatter, configure_logging
from auth_sessions.entrypoints.lambda_handler import LambdaHandler, make_handler
from tests.unit.builders import (
    OTHER_TOKEN,
    FailingRepository,
    FakeContext,
    body_of,
    load_event,
    make_event,
)
from tests.unit.conftest import CapturingHandler

SECRET_HEADERS = {
    "Cookie": "sid=hdr-cookie-8d2b6e",
    "X-Api-Key": "hdr-apikey-91c7a3",
    "Content-Type": "application/json",
}
USER_ID = "user-sub-5e8d1a"  # the caller: the sub claim of the ID token API Gateway verified
ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.id-token-claims-4f1a.id-token-signature-b7c2"


def secret_event(method: str, resource: str, token: str | None = None, **kw: Any) -> dict:
    headers = dict(SECRET_HEADERS)
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if method == "POST":
        headers["Authorization"] = ID_TOKEN  # as a client sends it to the Cognito authorizer
    event = make_event(method, resource, headers=headers, caller=USER_ID, **kw)
    event["multiValueHeaders"] = {k: [v] for k, v in headers.items()}
    return event


def run_every_kind_of_request(handler: LambdaHandler) -> tuple[list[str], list[str], list[str]]:
    """Send creates, reads, deletes and bad requests; return the tokens, ids and bodies used."""
    bodies = [
        json.dumps({"ttl": 5}),
        json.dumps({"ttl": 6, "token": "body-field-3c9e"}),
        '{"ttl": "body-broken-json-7a1f"',
        json.dumps({"ttl": 9999}),
        json.dumps({"ttl": 7}),
    ]
    tokens, session_ids = [], []
    for body in bodies:
        response = handler(secret_event("POST", "/sessions", body=body), FakeContext())
        if response["statusCode"] == 201:
            tokens.append(body_of(response)["session_token"])
            session_ids.append(body_of(response)["session_id"])
    tokens.append(OTHER_TOKEN)  # never created
    tokens.append(tokens[0][:-1])  # malformed
    for token in tokens:
        for method in ("GET", "DELETE", "GET", "PUT"):
            handler(secret_event(method, "/sessions/current", token), FakeContext())
    return tokens, session_ids, bodies


def test_log_lines_never_hold_a_token_a_header_or_a_body(
    handler: LambdaHandler, log_lines: CapturingHandler
) -> None:
    tokens, session_ids, bodies = run_every_kind_of_request(handler)
    assert len(tokens) == 4
    secrets = [*tokens, *SECRET_HEADERS.values(), *bodies, USER_ID, ID_TOKEN, "body-", "Bearer"]
    secrets.remove("application/json")
    assert len(log_lines.lines) == 5 + 4 * len(tokens)
    for line in log_lines.lines:
        leaked = [secret for secret in secrets if secret in line]
        assert not leaked, f"{leaked} leaked into {line}"
    # The session id is public: it is logged whole, to follow a session through its requests.
    logged_ids = [json.loads(line).get("sessionId") for line in log_lines.lines]
    assert logged_ids.count(session_ids[0]) == 1 + 3  # create, get, delete, get again (401)


def test_server_errors_are_logged_without_secrets_too(
    clock: FixedClock, log_lines: CapturingHandler
) -> None:
    for error in (RepositoryUnavailable("DynamoDB PutItem failed: Throttling"), KeyError("x")):
        handler = make_handler(Dependencies(repository=FailingRepository(error), clock=clock))
        body = json.dumps({"ttl": 8})
        handler(secret_event("POST", "/sessions", body=body), FakeContext())
    for line in log_lines.lines:
        assert USER_ID not in line
        assert all(value not in line for value in SECRET_HEADERS.values() if "hdr" in value)
    unavailable, unexpected = (json.loads(line) for line in log_lines.lines)
    assert unavailable["cause"] == "DynamoDB PutItem failed: Throttling"
    assert unexpected["errorType"] == "KeyError"
    assert unexpected["stackTrace"]


def test_each_request_logs_one_json_line_with_request_id_and_outcome(
    handler: LambdaHandler, log_lines: CapturingHandler
) -> None:
    response = handler(load_event("create_session_signed_in"), FakeContext("req-123"))
    session_id = body_of(response)["session_id"]
    (line,) = log_lines.lines
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "INFO"
    assert entry["message"] == "request answered"
    assert entry["logger"] == "auth_sessions"
    assert entry["requestId"] == "req-123"
    assert entry["apiRequestId"] == "0b8a3c52-1d6e-4f7a-9b2c-3d4e5f6a7b01"
    assert entry["route"] == "/sessions"
    assert entry["method"] == "POST"
    assert entry["status"] == 201
    assert entry["sessionId"] == session_id
    assert entry["durationMs"] >= 0
    assert entry["timestamp"].endswith("Z")


@pytest.mark.parametrize(
    ("event", "method", "error"),
    [
        (make_event(body="{"), "POST", "InvalidSessionRequest"),
        (make_event("GET", "/nowhere"), "GET", "RouteNotFound"),
        (make_event("BREW", "/sessions"), None, "MethodNotAllowed"),
    ],
    ids=["400", "404", "405"],
)
def test_client_errors_log_at_info_with_the_error_type_only(
    handler: LambdaHandler, log_lines: CapturingHandler, event: dict, method: str, error: str
) -> None:
    handler(event, None)
    entry = json.loads(log_lines.lines[0])
    assert (entry["level"], entry["error"]) == ("INFO", error)
    assert entry.get("method") == method  # only standard method names are logged
    assert "requestId" not in entry  # no Lambda context, no request id
    assert "errorMessage" not in entry


def test_lines_stay_single_json_under_lambdas_own_json_formatter(
    handler: LambdaHandler, log_lines: CapturingHandler
) -> None:
    """Lambda's JSON log format formats the root logger; our fields must not be JSON in JSON."""
    handler(load_event("create_session_signed_in"), FakeContext("req-9"))
    record = log_lines.records[0]
    record.aws_request_id = "req-9"  # what the runtime's filter adds to every record
    entry = json.loads(LambdaRuntimeJsonFormatter().format(record))
    assert entry["message"] == "request answered"
    assert entry["requestId"] == "req-9"
    assert entry["status"] == 201
    assert entry["route"] == "/sessions"


def test_the_formatter_drops_empty_fields_and_stringifies_odd_ones() -> None:
    record = logging.LogRecord("auth_sessions", logging.WARNING, "f", 1, "hi %s", ("there",), None)
    record.__dict__.update({"gone": None, "odd": {3}})
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "hi there"
    assert entry["level"] == "WARNING"
    assert "gone" not in entry
    assert entry["odd"] == "{3}"


def test_the_formatter_ignores_an_empty_exc_info() -> None:
    record = logging.LogRecord("x", logging.ERROR, "f", 1, "m", None, (None, None, None))
    assert "errorType" not in json.loads(JsonFormatter().format(record))


def test_the_formatter_writes_ascii_even_for_lone_surrogates() -> None:
    record = logging.LogRecord("x", logging.INFO, "f", 1, "m \ud800 é", None, None)
    line = JsonFormatter().format(record)
    assert line.isascii()
    assert json.loads(line)["message"] == "m \ud800 é"


def test_with_text_runtime_logs_the_service_writes_json_to_stdout_once(
    service_logger: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdout = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stdout)
    configure_logging("INFO", runtime_json_logs=False)
    logger = configure_logging("WARNING", runtime_json_logs=False)  # twice: still one handler
    logger.info("hidden")
    logger.warning("shown", extra={"status": 503})
    assert logger.propagate is False
    assert len(logger.handlers) == 1
    (line,) = stdout.getvalue().splitlines()
    assert json.loads(line)["message"] == "shown"


def test_with_json_runtime_logs_the_service_leaves_formatting_to_the_runtime(
    service_logger: logging.Logger,
) -> None:
    configure_logging("INFO", runtime_json_logs=False)
    logger = configure_logging("DEBUG", runtime_json_logs=True)
    assert logger.handlers == []
    assert logger.propagate is True
    assert logger.level == logging.DEBUG
