"""Functions deployed in moto, run by the local runtime as Lambda runs them."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from modules.runtime.errors import CodeUnavailable, FunctionNotFound, PayloadTooLarge
from modules.runtime.local_lambda import MAX_EVENT_BYTES, LocalLambda
from modules.runtime.report import LogFormat, Status
from modules.sandbox.moto_server import MotoServer
from tests.fixtures.functions import (
    deploy_function,
    fixture_zip,
    publish_alias,
    sandbox_session,
    unique,
)

pytestmark = pytest.mark.sandbox

REPORT = re.compile(
    r"^REPORT RequestId: (?P<id>[0-9a-f-]{36})\tDuration: \d+\.\d\d ms\t"
    r"Billed Duration: \d+ ms\tMemory Size: (?P<size>\d+) MB\tMax Memory Used: (?P<used>\d+) MB\t"
    r"(?:Init Duration: \d+\.\d\d ms\t)?$"
)


@pytest.fixture(scope="module")
def session() -> boto3.Session:
    return sandbox_session()


@pytest.fixture(scope="module")
def echo(session: boto3.Session, moto_server: MotoServer) -> dict[str, Any]:
    """The echo function, with an alias `live` on version 1."""
    name = unique("echo")
    code = fixture_zip("echo")
    deploy_function(
        session,
        moto_server.endpoint,
        name,
        code,
        "echo_app.handler",
        Environment={"Variables": {"GREETING": "hola"}},
    )
    publish_alias(session, moto_server.endpoint, name)
    return {"name": name, "code": code}


def run_function(
    session: boto3.Session, endpoint: str, name: str, code: bytes, **options: Any
) -> LocalLambda:
    return LocalLambda.from_sandbox(
        session, endpoint, name, options.pop("qualifier", None), [code], **options
    )


@pytest.fixture
def echo_lambda(
    session: boto3.Session, moto_server: MotoServer, echo: dict[str, Any]
) -> Iterator[LocalLambda]:
    with run_function(session, moto_server.endpoint, echo["name"], echo["code"]) as function:
        yield function


def log_messages(session: boto3.Session, endpoint: str, group: str) -> list[dict[str, Any]]:
    client = session.client("logs", endpoint_url=endpoint)
    return client.filter_log_events(logGroupName=group)["events"]


def test_the_function_gets_its_event_context_and_lambdas_environment(
    echo_lambda: LocalLambda, echo: dict[str, Any], moto_server: MotoServer
) -> None:
    result = echo_lambda.invoke(b'{"hello": "world"}')
    assert result.function_error is None
    answer = result.json()
    assert answer["event"] == {"hello": "world"}
    context = answer["context"]
    assert context["aws_request_id"] == result.request_id
    assert context["function_name"] == echo["name"]
    assert context["function_version"] == "$LATEST"
    assert context["memory_limit_in_mb"] == "128"
    assert 9000 < context["remaining_time_in_millis"] <= 10000
    environment = answer["environment"]
    assert environment["GREETING"] == "hola"
    assert environment["AWS_EXECUTION_ENV"] == "AWS_Lambda_python3.13"
    assert environment["AWS_LAMBDA_LOG_GROUP_NAME"] == f"/aws/lambda/{echo['name']}"
    assert environment["AWS_LAMBDA_LOG_STREAM_NAME"] == context["log_stream_name"]
    assert environment["AWS_ENDPOINT_URL"] == moto_server.endpoint
    assert environment["AWS_REGION"] == environment["AWS_DEFAULT_REGION"] == "us-east-1"
    assert environment["AWS_ACCESS_KEY_ID"] == "testing"
    assert environment["_HANDLER"] == "echo_app.handler"
    assert environment["AWS_LAMBDA_LOG_FORMAT"] is None
    assert answer["cwd"] == environment["LAMBDA_TASK_ROOT"] == answer["sys_path_0"]


def test_the_first_call_is_cold_and_the_next_ones_are_warm(echo_lambda: LocalLambda) -> None:
    # Cold or warm is told by the environment started, never by a stopwatch (bench/ times it).
    cold = echo_lambda.invoke(b"{}")
    warm = echo_lambda.invoke(b"{}")
    assert cold.report.init_duration_ms is not None
    assert warm.report.init_duration_ms is None
    assert "Init Duration" in cold.report.text()
    assert "Init Duration" not in warm.report.text()
    assert REPORT.match(cold.report.text()) and REPORT.match(warm.report.text())
    assert echo_lambda.environments == 1
    assert cold.json()["context"]["log_stream_name"] == warm.json()["context"]["log_stream_name"]


def test_an_alias_runs_its_version_and_reports_the_qualified_arn(
    session: boto3.Session, moto_server: MotoServer, echo: dict[str, Any]
) -> None:
    with run_function(
        session, moto_server.endpoint, echo["name"], echo["code"], qualifier="live"
    ) as function:
        result = function.invoke(b"{}")
    context = result.json()["context"]
    assert context["invoked_function_arn"].endswith(f":function:{echo['name']}:live")
    assert context["function_version"] == "1"
    assert "/[1]" in context["log_stream_name"]
    start = f"START RequestId: {result.request_id} Version: 1"
    assert start in [line.text for line in result.logs]


def test_a_handler_exception_is_a_function_error_and_the_environment_stays_warm(
    echo_lambda: LocalLambda,
) -> None:
    echo_lambda.invoke(b"{}")
    failed = echo_lambda.invoke(b'{"action": "raise"}')
    assert failed.function_error == "Unhandled"
    error = failed.json()
    assert error["errorType"] == "ValueError"
    assert error["errorMessage"] == "asked to raise"
    assert error["requestId"] == failed.request_id
    assert failed.report.status is Status.FAILURE
    assert any(line.text.startswith("[ERROR] ValueError: asked to raise") for line in failed.logs)
    after = echo_lambda.invoke(b"{}")
    assert after.report.init_duration_ms is None


def test_a_runtime_that_exits_fails_the_call_and_the_next_call_is_cold(
    echo_lambda: LocalLambda,
) -> None:
    crashed = echo_lambda.invoke(b'{"action": "exit"}')
    assert crashed.function_error == "Unhandled"
    assert crashed.json() == {
        "errorType": "Runtime.ExitError",
        "errorMessage": (
            f"RequestId: {crashed.request_id} Error: Runtime exited with error: exit status 3"
        ),
    }
    assert crashed.report.text().endswith("Status: error\tError Type: Runtime.ExitError")
    assert echo_lambda.invoke(b"{}").report.init_duration_ms is not None


def test_a_handler_past_its_timeout_is_killed_and_reported(
    session: boto3.Session, moto_server: MotoServer
) -> None:
    name = unique("sleepy")
    code = fixture_zip("sleepy")
    deploy_function(session, moto_server.endpoint, name, code, "sleepy_app.handler", Timeout=1)
    with run_function(session, moto_server.endpoint, name, code) as function:
        started = time.perf_counter()
        result = function.invoke(b'{"seconds": 30}')
        elapsed = time.perf_counter() - started
        assert elapsed < 5, "the runtime must be killed at the timeout, not waited for"
        assert result.function_error == "Unhandled"
        message = f"RequestId: {result.request_id} Error: Task timed out after 1.00 seconds"
        assert result.json() == {"errorType": "Sandbox.Timedout", "errorMessage": message}
        assert result.report.status is Status.TIMEOUT
        assert 1000 <= result.report.duration_ms < 3000
        assert result.report.text().endswith("\tStatus: timeout")
        assert result.logs[-1].text.endswith(
            f"{result.request_id} Task timed out after 1.00 seconds"
        )
        quick = function.invoke(b'{"seconds": 0}')
        assert quick.function_error is None
        assert quick.report.init_duration_ms is not None  # a new environment


def test_a_handler_whose_import_fails_reports_an_import_module_error(
    session: boto3.Session, moto_server: MotoServer
) -> None:
    name = unique("broken")
    code = fixture_zip("broken")
    deploy_function(session, moto_server.endpoint, name, code, "broken_app.handler")
    with run_function(session, moto_server.endpoint, name, code) as function:
        result = function.invoke(b"{}")
        function.flush_logs()
    assert result.function_error == "Unhandled"
    assert result.json() == {
        "errorMessage": (
            "Unable to import module 'broken_app': No module named 'package_missing_from_the_zip'"
        ),
        "errorType": "Runtime.ImportModuleError",
        "requestId": "",
        "stackTrace": [],
    }
    texts = [line.text for line in result.logs]
    phases = [text.split("\t")[1] for text in texts if text.startswith("INIT_REPORT")]
    assert phases == ["Phase: init", "Phase: invoke"]  # Lambda retries a failed init once
    assert texts[-1].endswith("Status: error\tError Type: Runtime.ImportModuleError")
    assert result.report.init_duration_ms is None
    group = f"/aws/lambda/{name}"
    messages = [event["message"] for event in log_messages(session, moto_server.endpoint, group)]
    assert any("Runtime.ImportModuleError" in message for message in messages)


def test_the_function_cannot_import_this_projects_packages_that_its_zip_lacks(
    session: boto3.Session, moto_server: MotoServer
) -> None:
    # The project is installed in editable mode beside the runtime; Lambda would not have it.
    name = unique("lacking")
    code = fixture_zip("echo")
    handler = "auth_sessions.entrypoints.lambda_handler.handler"
    deploy_function(session, moto_server.endpoint, name, code, handler)
    with run_function(session, moto_server.endpoint, name, code) as function:
        result = function.invoke(b"{}")
    assert result.json()["errorType"] == "Runtime.ImportModuleError"
    assert "No module named 'auth_sessions'" in result.json()["errorMessage"]


def test_memory_used_is_measured_and_the_memory_size_is_enforced(
    session: boto3.Session, moto_server: MotoServer
) -> None:
    name = unique("hungry")
    code = fixture_zip("hungry")
    deploy_function(session, moto_server.endpoint, name, code, "hungry_app.handler")
    with run_function(session, moto_server.endpoint, name, code) as function:
        small = function.invoke(b'{"megabytes": 0}')
        grown = function.invoke(b'{"megabytes": 60}')
        too_much = function.invoke(b'{"megabytes": 300}')
    assert grown.report.max_memory_used_mb >= small.report.max_memory_used_mb + 55
    assert grown.report.max_memory_used_mb < 128
    assert too_much.function_error == "Unhandled"
    assert too_much.json() == {
        "errorType": "Runtime.OutOfMemory",
        "errorMessage": (
            f"RequestId: {too_much.request_id} Error: Runtime exited with error: signal: killed"
        ),
    }
    assert too_much.report.max_memory_used_mb == 128
    assert too_much.report.text().endswith("Status: error\tError Type: Runtime.OutOfMemory")


def test_the_log_group_receives_the_platform_and_function_lines(
    session: boto3.Session, moto_server: MotoServer, echo: dict[str, Any]
) -> None:
    with run_function(session, moto_server.endpoint, echo["name"], echo["code"]) as function:
        result = function.invoke(b"{}")
    # close() flushed the logs.
    group = f"/aws/lambda/{echo['name']}"
    stream = result.json()["context"]["log_stream_name"]
    assert re.fullmatch(r"\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}", stream)
    events = [
        e
        for e in log_messages(session, moto_server.endpoint, group)
        if e["logStreamName"] == stream
    ]
    messages = [event["message"] for event in events]
    assert messages[0] == "echo: init"
    assert messages[1] == f"START RequestId: {result.request_id} Version: $LATEST"
    assert f"echo: handling {result.request_id}" in messages
    assert any(m.startswith("[INFO]\t") and m.endswith("echo: logged at INFO") for m in messages)
    assert messages[-2] == f"END RequestId: {result.request_id}"
    assert messages[-1] == result.report.text()
    stamps = [event["timestamp"] for event in events]
    assert stamps == sorted(stamps)


def test_a_json_log_format_writes_platform_records_and_json_function_logs(
    session: boto3.Session, moto_server: MotoServer, echo: dict[str, Any]
) -> None:
    with run_function(
        session, moto_server.endpoint, echo["name"], echo["code"], log_format=LogFormat.JSON
    ) as function:
        result = function.invoke(b"{}")
    assert result.json()["environment"]["AWS_LAMBDA_LOG_FORMAT"] == "JSON"
    stream = result.json()["context"]["log_stream_name"]
    group = f"/aws/lambda/{echo['name']}"
    messages = [
        e["message"]
        for e in log_messages(session, moto_server.endpoint, group)
        if e["logStreamName"] == stream
    ]
    records = [json.loads(m) for m in messages if m.startswith("{")]
    types = [record.get("type") for record in records]
    assert types.count("platform.start") == 1
    assert types[-1] == "platform.report"
    report = records[-1]["record"]
    assert report["requestId"] == result.request_id
    assert report["status"] == "success"
    assert set(report["metrics"]) == {
        "durationMs",
        "billedDurationMs",
        "memorySizeMB",
        "maxMemoryUsedMB",
        "initDurationMs",
    }
    logged = [r for r in records if r.get("message") == "echo: logged at INFO"]
    assert logged and logged[0]["requestId"] == result.request_id
    assert not any(m.startswith("END RequestId") for m in messages)


def test_concurrent_calls_get_environments_of_their_own(
    session: boto3.Session, moto_server: MotoServer
) -> None:
    name = unique("sleepy")
    code = fixture_zip("sleepy")
    deploy_function(session, moto_server.endpoint, name, code, "sleepy_app.handler")
    results = []
    with run_function(session, moto_server.endpoint, name, code, max_environments=2) as function:
        threads = [
            threading.Thread(target=lambda: results.append(function.invoke(b'{"seconds": 0.3}')))
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert function.environments == 2
    assert all(result.report.init_duration_ms is not None for result in results)


def test_code_that_is_not_the_deployed_zip_is_refused(
    session: boto3.Session, moto_server: MotoServer, echo: dict[str, Any]
) -> None:
    with pytest.raises(CodeUnavailable, match="no local zip is the deployed code"):
        run_function(session, moto_server.endpoint, echo["name"], fixture_zip("sleepy"))


def test_a_missing_function_is_a_clear_error(
    session: boto3.Session, moto_server: MotoServer
) -> None:
    with pytest.raises(FunctionNotFound, match="no-such-function"):
        run_function(session, moto_server.endpoint, "no-such-function", b"")


def test_an_event_over_six_megabytes_is_refused(echo_lambda: LocalLambda) -> None:
    with pytest.raises(PayloadTooLarge):
        echo_lambda.invoke(b'"' + b"x" * MAX_EVENT_BYTES + b'"')
