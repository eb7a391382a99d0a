"""`course invoke` and `course logs` with --target aws, on a stubbed AWS client."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber

from modules.cli import main
from modules.cli.exit_codes import ExitCode
from modules.i18n import Text
from tests.fixtures.language import assert_spoken_in

REPORT = (
    "REPORT RequestId: 9d2c\tDuration: 41.20 ms\tBilled Duration: 42 ms\t"
    "Memory Size: 128 MB\tMax Memory Used: 88 MB\t"
)


class StubbedSession:
    """Stands in for boto3.Session: hands out one stubbed client per service."""

    region_name = "us-east-1"

    def __init__(self, clients: dict[str, Any]) -> None:
        self.clients = clients

    def get_credentials(self) -> object:
        return object()

    def client(self, service: str, **options: Any) -> Any:
        assert options["config"].ignore_configured_endpoint_urls, "AWS_ENDPOINT_URL must not apply"
        return self.clients[service]


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> dict[str, Stubber]:
    """Stubbed lambda and logs clients behind boto3.Session, as --target aws creates them."""
    stubs = {}
    clients = {}
    for service in ("lambda", "logs"):
        client = boto3.client(
            service,
            region_name="us-east-1",
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="secret",
        )
        clients[service] = client
        stubs[service] = Stubber(client)
        stubs[service].activate()
    monkeypatch.setattr(boto3, "Session", lambda: StubbedSession(clients))
    return stubs


def invoke_response(payload: bytes, tail: str, error: str | None = None) -> dict[str, Any]:
    response = {
        "StatusCode": 200,
        "ExecutedVersion": "3",
        "LogResult": base64.b64encode(tail.encode()).decode(),
        "Payload": StreamingBody(io.BytesIO(payload), len(payload)),
    }
    if error:
        response["FunctionError"] = error
    return response


def test_invoke_on_aws_calls_the_alias_and_prints_the_report_from_the_log_tail(
    aws: dict[str, Stubber], capsys: pytest.CaptureFixture[str]
) -> None:
    aws["lambda"].add_response(
        "invoke",
        invoke_response(b'{"statusCode": 201}', f"START RequestId: 9d2c Version: 3\n{REPORT}\n"),
        {
            "FunctionName": "hexagonal-auth-dev-session-api",
            "Qualifier": "live",
            "Payload": ANY,
            "LogType": "Tail",
        },
    )
    assert main(["invoke", "--target", "aws"]) == ExitCode.OK
    out, err = capsys.readouterr()
    assert json.loads(out) == {"statusCode": 201}
    assert err.strip() == REPORT.rstrip("\t")
    aws["lambda"].assert_no_pending_responses()


def test_invoke_on_aws_exits_1_on_a_function_error(
    aws: dict[str, Stubber], capsys: pytest.CaptureFixture[str]
) -> None:
    message = "RequestId: 9d2c Error: Task timed out after 10.00 seconds"
    error = json.dumps({"errorType": "Sandbox.Timedout", "errorMessage": message}).encode()
    aws["lambda"].add_response("invoke", invoke_response(error, REPORT, "Unhandled"))
    assert main(["invoke", "--target", "aws", "--function", "other", "--json"]) == ExitCode.FAILED
    result = json.loads(capsys.readouterr().out)
    assert result["functionError"] == "Unhandled"
    assert result["payload"]["errorType"] == "Sandbox.Timedout"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_invoke_on_aws_reports_an_api_error_as_a_failure_in_the_run_s_language(
    lang: str, aws: dict[str, Stubber], capsys: pytest.CaptureFixture[str]
) -> None:
    aws["lambda"].add_client_error("invoke", "ResourceNotFoundException", "Function not found")
    assert main(["invoke", "--target", "aws", "--function", "f", "--lang", lang]) == ExitCode.FAILED
    err = capsys.readouterr().err
    assert "Function not found" in err  # AWS's own words, as AWS wrote them
    failed = Text(es="falló la invocación de f en AWS", en="invoking f on AWS failed")
    assert_spoken_in(err, lang, [failed])


def test_logs_on_aws_prints_the_default_log_group(
    aws: dict[str, Stubber], capsys: pytest.CaptureFixture[str]
) -> None:
    aws["logs"].add_response(
        "filter_log_events",
        {
            "events": [
                {
                    "logStreamName": "s",
                    "timestamp": 1_795_867_200_000,
                    "message": "START x",
                    "eventId": "1",
                },
                {
                    "logStreamName": "s",
                    "timestamp": 1_795_867_200_001,
                    "message": "END x",
                    "eventId": "2",
                },
            ]
        },
        {"logGroupName": "/aws/lambda/hexagonal-auth-dev-session-api", "startTime": ANY},
    )
    assert main(["logs", "--target", "aws"]) == ExitCode.OK
    assert capsys.readouterr().out.splitlines() == [
        "2026-11-28T12:00:00.000Z START x",
        "2026-11-28T12:00:00.001Z END x",
    ]
