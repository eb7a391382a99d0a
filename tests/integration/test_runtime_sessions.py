"""The course's packaged session service, deployed in moto and run by the local runtime."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from modules.packaging import build_zip
from modules.runtime.local_lambda import LocalLambda
from modules.runtime.report import LogFormat
from modules.sandbox.moto_server import MotoServer
from tests.fixtures.functions import deploy_session_service, sandbox_session

pytestmark = pytest.mark.sandbox


@pytest.fixture(scope="module")
def session() -> boto3.Session:
    return sandbox_session()


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """build/lambda.zip as `course zip` builds it, written to a temporary folder."""
    return build_zip(output=tmp_path_factory.mktemp("build") / "lambda.zip").path.read_bytes()


@pytest.fixture(scope="module")
def service(session: boto3.Session, moto_server: MotoServer, package: bytes) -> dict[str, str]:
    return deploy_session_service(session, moto_server.endpoint, package)


@pytest.fixture(scope="module")
def function(
    session: boto3.Session, moto_server: MotoServer, service: dict[str, str], package: bytes
) -> Iterator[LocalLambda]:
    """The service behind its alias, with the JSON log format the course's Terraform sets."""
    with LocalLambda.from_sandbox(
        session,
        moto_server.endpoint,
        service["name"],
        "live",
        [package],
        log_format=LogFormat.JSON,
    ) as local:
        yield local


# The create that module 5's API Gateway hands over: the caller in the authorizer's claims.
CREATE = "create_session_signed_in"


def sample_event(name: str, project_root: Path, **changes: Any) -> dict[str, Any]:
    event = json.loads((project_root / "code" / "events" / f"{name}.json").read_text())
    event.update(changes)
    return event


def test_create_session_answers_201_and_writes_the_item(
    function: LocalLambda,
    session: boto3.Session,
    moto_server: MotoServer,
    service: dict[str, str],
    project_root: Path,
) -> None:
    event = sample_event(CREATE, project_root)
    cold = function.invoke(json.dumps(event).encode())
    assert cold.function_error is None, cold.payload
    answer = cold.json()
    assert answer["statusCode"] == 201
    body = json.loads(answer["body"])
    caller = event["requestContext"]["authorizer"]["claims"]["sub"]
    assert body["user_id"] == caller
    table = session.client("dynamodb", endpoint_url=moto_server.endpoint)
    item = table.get_item(
        TableName=service["table"],
        Key={"session_id": {"S": body["session_id"]}},
        ConsistentRead=True,
    )["Item"]
    assert item["user_id"] == {"S": caller}
    assert item["expires_at"] == {"N": str(body["expires_at"])}

    warm = function.invoke(json.dumps(event).encode())
    assert warm.json()["statusCode"] == 201
    assert cold.report.init_duration_ms is not None
    assert warm.report.init_duration_ms is None
    assert "Init Duration" not in warm.report.text()


def with_token(name: str, project_root: Path, token: str) -> bytes:
    """The sample event name, carrying token in its Authorization header."""
    event = sample_event(name, project_root)
    event["headers"]["Authorization"] = f"Bearer {token}"
    event["multiValueHeaders"]["Authorization"] = [f"Bearer {token}"]
    return json.dumps(event).encode()


def test_the_created_session_is_read_back_with_its_token_then_revoked(
    function: LocalLambda, project_root: Path
) -> None:
    created = function.invoke(json.dumps(sample_event(CREATE, project_root)).encode())
    body = json.loads(created.json()["body"])
    token = body["session_token"]
    read = function.invoke(with_token("get_session", project_root, token))
    assert read.json()["statusCode"] == 200
    assert json.loads(read.json()["body"])["session_id"] == body["session_id"]
    deleted = function.invoke(with_token("delete_session", project_root, token))
    assert deleted.json()["statusCode"] == 204
    gone = function.invoke(with_token("get_session", project_root, token))
    assert gone.json()["statusCode"] == 401
    assert gone.json()["headers"]["WWW-Authenticate"] == "Bearer"


def test_the_service_logs_json_lines_with_the_request_id_to_its_log_group(
    function: LocalLambda,
    session: boto3.Session,
    moto_server: MotoServer,
    service: dict[str, str],
    project_root: Path,
) -> None:
    result = function.invoke(json.dumps(sample_event(CREATE, project_root)).encode())
    function.flush_logs()
    logs = session.client("logs", endpoint_url=moto_server.endpoint)
    events = logs.filter_log_events(logGroupName=f"/aws/lambda/{service['name']}")["events"]
    records = [json.loads(event["message"]) for event in events]
    mine = [record for record in records if record.get("requestId") == result.request_id]
    assert mine, "the service's own lines carry the request id"
    assert all(record["level"] in {"INFO", "WARNING", "ERROR"} for record in mine)
    reports = [r for r in records if r.get("type") == "platform.report"]
    assert result.request_id in {r["record"]["requestId"] for r in reports}
    assert all(event["logStreamName"].split("/")[3].startswith("[1]") for event in events)
