"""The course's session service over HTTP, through the local API and the local runtime."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from datetime import datetime

import boto3
import pytest

from modules.packaging import build_zip
from modules.runtime.local_api import LocalApi
from modules.runtime.report import LogFormat
from modules.sandbox.moto_server import MotoServer
from tests.fixtures.functions import (
    Answer,
    create_proxy_api,
    deploy_session_service,
    http_call,
    sandbox_session,
)

pytestmark = pytest.mark.sandbox

ROUTES = {"/sessions": ["POST"], "/sessions/{session_id}": ["GET", "DELETE"]}
JSON = {"Content-Type": "application/json"}
THREADS = 8
REQUESTS_PER_THREAD = 25


@pytest.fixture(scope="module")
def session() -> boto3.Session:
    return sandbox_session()


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return build_zip(output=tmp_path_factory.mktemp("build") / "lambda.zip").path.read_bytes()


@pytest.fixture(scope="module")
def service(session: boto3.Session, moto_server: MotoServer, package: bytes) -> dict[str, str]:
    deployed = deploy_session_service(session, moto_server.endpoint, package)
    api_id = create_proxy_api(session, moto_server.endpoint, deployed["alias_arn"], ROUTES)
    return {**deployed, "api_id": api_id}


@pytest.fixture(scope="module")
def base_url(
    session: boto3.Session, moto_server: MotoServer, service: dict[str, str], package: bytes
) -> Iterator[str]:
    with LocalApi.from_sandbox(
        session,
        moto_server.endpoint,
        service["api_id"],
        "dev",
        [package],
        log_format=LogFormat.JSON,
        max_environments=4,
    ) as local_api:
        yield local_api.serve("127.0.0.1", 0)


def create(base_url: str, user_id: str, **fields: object) -> Answer:
    body = json.dumps({"user_id": user_id, **fields})
    return http_call(base_url, "POST", "/sessions", body, JSON)


def item_count(session: boto3.Session, endpoint: str, table: str) -> int:
    client = session.client("dynamodb", endpoint_url=endpoint)
    return client.scan(TableName=table, Select="COUNT", ConsistentRead=True)["Count"]


def test_a_session_is_created_read_and_revoked_over_http(base_url: str) -> None:
    created = create(base_url, "ana", ttl=2)
    assert created.status == 201
    assert created.headers["Content-Type"] == "application/json"
    assert created.headers["Access-Control-Allow-Origin"] == "*"
    body = created.json()
    session_id = body["session_id"]
    assert body["user_id"] == "ana"
    created_at = datetime.fromisoformat(body["created_at"].replace("Z", "+00:00"))
    assert body["expires_at"] - created_at.timestamp() == 2 * 3600

    read = http_call(base_url, "GET", f"/sessions/{session_id}")
    assert read.status == 200
    assert read.json()["session_id"] == session_id
    assert read.json()["user_id"] == "ana"

    revoked = http_call(base_url, "DELETE", f"/sessions/{session_id}")
    assert revoked.status == 204
    assert revoked.body == b""
    assert http_call(base_url, "GET", f"/sessions/{session_id}").status == 404
    assert http_call(base_url, "DELETE", f"/sessions/{session_id}").status == 204  # idempotent


def test_the_cors_preflight_answers_like_the_deployed_api(base_url: str) -> None:
    for path in ("/sessions", f"/sessions/{uuid.uuid4()}"):
        answer = http_call(
            base_url,
            "OPTIONS",
            path,
            headers={"Origin": "http://localhost:8000", "Access-Control-Request-Method": "POST"},
        )
        assert answer.status == 200
        assert answer.headers["Access-Control-Allow-Origin"] == "*"
        assert "OPTIONS" in answer.headers["Access-Control-Allow-Methods"]
        assert answer.headers["Access-Control-Allow-Headers"] == "Content-Type"


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/sessions"), ("PUT", "/sessions/x"), ("GET", "/users"), ("POST", "/")],
    ids=["method-on-collection", "method-on-item", "unknown-path", "root"],
)
def test_a_route_the_api_does_not_have_is_403(base_url: str, method: str, path: str) -> None:
    answer = http_call(base_url, method, path, b"{}" if method != "GET" else None, JSON)
    assert answer.status == 403
    assert answer.json() == {"message": "Missing Authentication Token"}


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b"{}",
        b'{"user_id": ""}',
        b'{"user_id": "ana", "ttl": 0}',
        b'{"user_id": "ana", "ttl": 721}',
        b'{"user_id": "ana", "ttl": true}',
        b'{"user_id": "ana", "admin": true}',
    ],
    ids=[
        "invalid-json",
        "not-an-object",
        "missing-user-id",
        "empty-user-id",
        "ttl-zero",
        "ttl-too-long",
        "ttl-bool",
        "unknown-field",
    ],
)
def test_bad_input_is_a_400_and_writes_nothing(
    base_url: str,
    body: bytes,
    session: boto3.Session,
    moto_server: MotoServer,
    service: dict[str, str],
) -> None:
    before = item_count(session, moto_server.endpoint, service["table"])
    answer = http_call(base_url, "POST", "/sessions", body, JSON)
    assert answer.status == 400
    error = answer.json()
    assert error["error"] == "Bad Request"
    assert error["message"]
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert item_count(session, moto_server.endpoint, service["table"]) == before


def test_200_concurrent_requests_from_8_threads_are_all_answered(
    base_url: str, session: boto3.Session, moto_server: MotoServer, service: dict[str, str]
) -> None:
    before = item_count(session, moto_server.endpoint, service["table"])
    answers: list[tuple[str, Answer]] = []
    lock = threading.Lock()

    def client(thread: int) -> None:
        for number in range(REQUESTS_PER_THREAD):
            user_id = f"user-{thread}-{number}"
            answer = create(base_url, user_id)
            with lock:
                answers.append((user_id, answer))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(answers) == THREADS * REQUESTS_PER_THREAD
    assert all(answer.status == 201 for _, answer in answers)
    assert all(answer.json()["user_id"] == user_id for user_id, answer in answers)
    ids = {answer.json()["session_id"] for _, answer in answers}
    assert len(ids) == THREADS * REQUESTS_PER_THREAD
    after = item_count(session, moto_server.endpoint, service["table"])
    assert after - before == THREADS * REQUESTS_PER_THREAD
