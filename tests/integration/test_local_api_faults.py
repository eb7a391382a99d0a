"""Faults through the whole stack: the local API, the local runtime, the function, and a proxy
between the function and the moto server that breaks DynamoDB on demand.

Each DynamoDB fault must come out as the contract's 503 with its advice and no item written;
a write that landed and whose answer was lost must be retried into exactly one item. A function
that runs past its timeout or out of memory must come out as API Gateway's 502, with the
REPORT line and the error Lambda writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from auth_sessions.entrypoints.lambda_handler import FIXED_MESSAGES
from modules.packaging import build_zip
from modules.runtime.local_api import LocalApi
from modules.runtime.logs import LogEvent
from modules.sandbox.moto_server import MotoServer
from tests.fixtures.cognito import guard_with_pool, make_pool, sign_in
from tests.fixtures.fault_proxy import Fault, FaultProxy
from tests.fixtures.functions import (
    create_proxy_api,
    deploy_function,
    deploy_session_service,
    fixture_zip,
    http_call,
    publish_alias,
    sandbox_session,
    unique,
)

pytestmark = pytest.mark.sandbox

ROUTES = {"/sessions": ["POST"], "/sessions/current": ["GET", "DELETE"]}
JSON = {"Content-Type": "application/json"}
ADVICE = {"error": "Service Unavailable", "message": FIXED_MESSAGES[503]}
GATEWAY_FAILURE = {"message": "Internal server error"}
# bootstrap.CLIENT_CONFIG: two attempts per DynamoDB call.
ATTEMPTS = 2


@pytest.fixture(scope="module")
def session() -> boto3.Session:
    return sandbox_session()


@pytest.fixture(scope="module")
def proxy(moto_server: MotoServer) -> Iterator[FaultProxy]:
    proxy = FaultProxy(moto_server.endpoint)
    yield proxy
    proxy.close()


@pytest.fixture(scope="module")
def service(
    session: boto3.Session,
    moto_server: MotoServer,
    proxy: FaultProxy,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, Any]]:
    """The course's function behind a REST API, its AWS calls sent through the proxy.

    As in module 5, POST needs an ID token of a user pool: ana signs in once.
    """
    package = build_zip(output=tmp_path_factory.mktemp("build") / "lambda.zip").path.read_bytes()
    deployed = deploy_session_service(session, moto_server.endpoint, package)
    api_id = create_proxy_api(session, moto_server.endpoint, deployed["alias_arn"], ROUTES)
    cognito = session.client("cognito-idp", endpoint_url=moto_server.endpoint)
    pool = make_pool(cognito)
    apigateway = session.client("apigateway", endpoint_url=moto_server.endpoint)
    guard_with_pool(apigateway, api_id, "/sessions", "POST", pool)
    id_token = sign_in(cognito, pool, "ana@example.com")["IdToken"]
    # Loaded through the proxy too: the function's AWS_ENDPOINT_URL is the endpoint given here.
    with LocalApi.from_sandbox(session, proxy.endpoint, api_id, "dev", [package]) as local_api:
        yield {**deployed, "base_url": local_api.serve("127.0.0.1", 0), "id_token": id_token}


@pytest.fixture
def armed(proxy: FaultProxy) -> Iterator[FaultProxy]:
    yield proxy
    proxy.disarm()


def item_count(session: boto3.Session, moto_server: MotoServer, table: str) -> int:
    client = session.client("dynamodb", endpoint_url=moto_server.endpoint)
    return client.scan(TableName=table, Select="COUNT", ConsistentRead=True)["Count"]


def create(service: dict[str, Any]) -> Any:
    headers = {**JSON, "Authorization": service["id_token"]}
    return http_call(service["base_url"], "POST", "/sessions", json.dumps({"ttl": 1}), headers)


@pytest.mark.parametrize(
    "fault",
    [Fault.THROTTLING, Fault.TIMEOUT, Fault.INTERNAL_ERROR, Fault.DROPPED],
    ids=lambda fault: fault.value,
)
def test_a_failed_write_is_a_503_with_advice_and_writes_nothing(
    fault: Fault,
    armed: FaultProxy,
    service: dict[str, Any],
    session: boto3.Session,
    moto_server: MotoServer,
) -> None:
    create(service)  # warm: the cold start is not what this test times
    before = item_count(session, moto_server, service["table"])
    armed.arm(fault, {"PutItem"})
    answer = create(service)
    assert answer.status == 503
    assert answer.json() == ADVICE
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert armed.injected == {f"{fault.value} PutItem": ATTEMPTS}  # retried, then given up
    assert armed.forwarded["PutItem"] == 0
    assert item_count(session, moto_server, service["table"]) == before


@pytest.mark.parametrize(
    ("method", "operation"), [("GET", "GetItem"), ("DELETE", "DeleteItem")], ids=["read", "revoke"]
)
def test_a_failed_read_or_revoke_is_a_503_and_the_session_stays(
    method: str,
    operation: str,
    armed: FaultProxy,
    service: dict[str, Any],
    session: boto3.Session,
    moto_server: MotoServer,
) -> None:
    token = create(service).json()["session_token"]
    before = item_count(session, moto_server, service["table"])
    armed.arm(Fault.THROTTLING, {operation})
    bearer = {"Authorization": f"Bearer {token}"}
    answer = http_call(service["base_url"], method, "/sessions/current", headers=bearer)
    assert answer.status == 503
    assert answer.json() == ADVICE
    armed.disarm()
    assert item_count(session, moto_server, service["table"]) == before
    read = http_call(service["base_url"], "GET", "/sessions/current", headers=bearer)
    assert read.status == 200


def test_a_write_that_landed_and_lost_its_answer_is_retried_into_one_item(
    armed: FaultProxy, service: dict[str, Any], session: boto3.Session, moto_server: MotoServer
) -> None:
    create(service)
    before = item_count(session, moto_server, service["table"])
    armed.arm(Fault.LANDED_THEN_DROPPED, {"PutItem"}, times=1)
    answer = create(service)
    assert answer.status == 201
    assert armed.injected == {"landed-then-dropped PutItem": 1}
    assert armed.forwarded["PutItem"] == ATTEMPTS  # the retry met the first write
    assert item_count(session, moto_server, service["table"]) == before + 1
    token = answer.json()["session_token"]
    read = http_call(
        service["base_url"],
        "GET",
        "/sessions/current",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert read.status == 200
    assert read.json()["session_id"] == answer.json()["session_id"]


def run_behind_api(
    session: boto3.Session, moto_server: MotoServer, fixture: str, path: str, **config: Any
) -> tuple[Any, list[str]]:
    """Deploy a fixture function behind GET path, call it once; return the answer and logs."""
    code = fixture_zip(fixture)
    name = unique(fixture)
    deploy_function(session, moto_server.endpoint, name, code, f"{fixture}_app.handler", **config)
    alias_arn = publish_alias(session, moto_server.endpoint, name)
    api_id = create_proxy_api(session, moto_server.endpoint, alias_arn, {path: ["GET"]})
    lines: list[LogEvent] = []
    with LocalApi.from_sandbox(
        session, moto_server.endpoint, api_id, "dev", [code], on_log=lines.append
    ) as local_api:
        base_url = local_api.serve("127.0.0.1", 0)
        answer = http_call(base_url, "GET", f"{path}?megabytes=300")
    return answer, [line.text for line in lines]


def test_a_function_past_its_timeout_is_a_502_with_lambdas_timeout_lines(
    session: boto3.Session, moto_server: MotoServer
) -> None:
    answer, lines = run_behind_api(session, moto_server, "sleepy", "/slow", Timeout=1)
    assert answer.status == 502
    assert answer.json() == GATEWAY_FAILURE
    report = [line for line in lines if line.startswith("REPORT RequestId:")]
    assert len(report) == 1
    assert report[0].endswith("Status: timeout")
    assert any(line.endswith("Task timed out after 1.00 seconds") for line in lines)


def test_a_function_out_of_memory_is_a_502_with_lambdas_out_of_memory_lines(
    session: boto3.Session, moto_server: MotoServer
) -> None:
    answer, lines = run_behind_api(session, moto_server, "hungry", "/hungry")
    assert answer.status == 502
    assert answer.json() == GATEWAY_FAILURE
    report = [line for line in lines if line.startswith("REPORT RequestId:")]
    assert len(report) == 1
    assert "Memory Size: 128 MB\tMax Memory Used: 128 MB" in report[0]
    assert report[0].endswith("Status: error\tError Type: Runtime.OutOfMemory")
    assert any(
        "Error: Runtime exited with error: signal: killed\nRuntime.OutOfMemory" in line
        for line in lines
    )
