"""The course's session service over HTTP, through the local API and the local runtime.

As in module 5, POST /sessions sits behind a Cognito authorizer: each user signs in to a pool
in moto and opens sessions with the ID token; the session's user is the token's sub.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import boto3
import pytest

from modules.packaging import build_zip
from modules.runtime.local_api import LocalApi
from modules.runtime.report import LogFormat
from modules.sandbox.moto_server import MotoServer
from tests.fixtures.cognito import claims_of, guard_with_pool, make_pool, sign_in
from tests.fixtures.functions import (
    Answer,
    create_proxy_api,
    deploy_session_service,
    http_call,
    sandbox_session,
)

pytestmark = pytest.mark.sandbox

ROUTES = {"/sessions": ["POST"], "/sessions/current": ["GET", "DELETE"]}
JSON = {"Content-Type": "application/json"}
THREADS = 8
REQUESTS_PER_THREAD = 25


@pytest.fixture(scope="module")
def session() -> boto3.Session:
    return sandbox_session()


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return build_zip(output=tmp_path_factory.mktemp("build") / "lambda.zip").path.read_bytes()


@dataclass(frozen=True)
class User:
    id_token: str
    sub: str


@pytest.fixture(scope="module")
def service(session: boto3.Session, moto_server: MotoServer, package: bytes) -> dict[str, str]:
    deployed = deploy_session_service(session, moto_server.endpoint, package)
    api_id = create_proxy_api(session, moto_server.endpoint, deployed["alias_arn"], ROUTES)
    return {**deployed, "api_id": api_id}


@pytest.fixture(scope="module")
def users(
    session: boto3.Session, moto_server: MotoServer, service: dict[str, str]
) -> dict[str, User]:
    """ana and one user per thread, signed in to the pool that guards POST /sessions."""
    cognito = session.client("cognito-idp", endpoint_url=moto_server.endpoint)
    pool = make_pool(cognito)
    apigateway = session.client("apigateway", endpoint_url=moto_server.endpoint)
    guard_with_pool(apigateway, service["api_id"], "/sessions", "POST", pool)
    signed_in = {}
    for name in ["ana", *(f"user-{n}" for n in range(THREADS))]:
        token = sign_in(cognito, pool, f"{name}@example.com")["IdToken"]
        signed_in[name] = User(token, claims_of(token)["sub"])
    return signed_in


@pytest.fixture(scope="module")
def local_api(
    session: boto3.Session,
    moto_server: MotoServer,
    service: dict[str, str],
    users: dict[str, User],
    package: bytes,
) -> Iterator[LocalApi]:
    with LocalApi.from_sandbox(
        session,
        moto_server.endpoint,
        service["api_id"],
        "dev",
        [package],
        log_format=LogFormat.JSON,
        max_environments=4,
    ) as local_api:
        yield local_api


@pytest.fixture(scope="module")
def base_url(local_api: LocalApi) -> str:
    return local_api.serve("127.0.0.1", 0)


def create(base_url: str, user: User, **fields: object) -> Answer:
    headers = {**JSON, "Authorization": user.id_token}
    return http_call(base_url, "POST", "/sessions", json.dumps(fields), headers)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def item_count(session: boto3.Session, endpoint: str, table: str) -> int:
    client = session.client("dynamodb", endpoint_url=endpoint)
    return client.scan(TableName=table, Select="COUNT", ConsistentRead=True)["Count"]


def test_a_session_is_created_read_and_revoked_over_http(
    base_url: str, users: dict[str, User]
) -> None:
    ana = users["ana"]
    created = create(base_url, ana, ttl=2)
    assert created.status == 201
    assert created.headers["Content-Type"] == "application/json"
    assert created.headers["Access-Control-Allow-Origin"] == "*"
    assert created.headers["Cache-Control"] == "no-store"
    body = created.json()
    token, session_id = body["session_token"], body["session_id"]
    assert session_id == hashlib.sha256(token.encode()).hexdigest()
    assert body["user_id"] == ana.sub
    created_at = datetime.fromisoformat(body["created_at"].replace("Z", "+00:00"))
    assert body["expires_at"] - created_at.timestamp() == 2 * 3600

    read = http_call(base_url, "GET", "/sessions/current", headers=bearer(token))
    assert read.status == 200
    assert read.json()["session_id"] == session_id
    assert read.json()["user_id"] == ana.sub

    revoked = http_call(base_url, "DELETE", "/sessions/current", headers=bearer(token))
    assert revoked.status == 204
    assert revoked.body == b""
    gone = http_call(base_url, "GET", "/sessions/current", headers=bearer(token))
    assert gone.status == 401
    assert gone.headers["WWW-Authenticate"] == "Bearer"
    again = http_call(base_url, "DELETE", "/sessions/current", headers=bearer(token))
    assert again.status == 204  # logout is idempotent


def test_every_401_is_the_same_over_http(base_url: str, users: dict[str, User]) -> None:
    expired_or_unknown = create(base_url, users["ana"]).json()["session_token"]
    http_call(base_url, "DELETE", "/sessions/current", headers=bearer(expired_or_unknown))
    answers = [
        http_call(base_url, "GET", "/sessions/current"),
        http_call(base_url, "GET", "/sessions/current", headers={"Authorization": "Bearer x"}),
        http_call(base_url, "GET", "/sessions/current", headers=bearer(expired_or_unknown)),
    ]
    assert {answer.status for answer in answers} == {401}
    assert len({answer.body for answer in answers}) == 1
    varying = {"Date", "x-amzn-RequestId", "X-Amzn-Trace-Id", "Content-Length", "Connection"}
    headers = [{k: v for k, v in a.headers.items() if k not in varying} for a in answers]
    assert all(h == headers[0] for h in headers)


def test_the_token_is_in_no_log_line_and_no_table_item(
    base_url: str,
    local_api: LocalApi,
    session: boto3.Session,
    moto_server: MotoServer,
    service: dict[str, str],
    users: dict[str, User],
) -> None:
    token = create(base_url, users["ana"]).json()["session_token"]
    for method in ("GET", "DELETE", "GET"):
        http_call(base_url, method, "/sessions/current", headers=bearer(token))
    kept = create(base_url, users["ana"]).json()
    for function in local_api.functions.values():
        function.flush_logs()
    logs = session.client("logs", endpoint_url=moto_server.endpoint)
    group = f"/aws/lambda/{service['name']}"
    lines = [
        event["message"]
        for page in logs.get_paginator("filter_log_events").paginate(logGroupName=group)
        for event in page["events"]
    ]
    assert any(hashlib.sha256(token.encode()).hexdigest() in line for line in lines)
    assert not [line for line in lines if token in line or kept["session_token"] in line]
    dynamodb = session.client("dynamodb", endpoint_url=moto_server.endpoint)
    items = dynamodb.scan(TableName=service["table"], ConsistentRead=True)["Items"]
    assert any(item["session_id"]["S"] == kept["session_id"] for item in items)
    assert kept["session_token"] not in json.dumps(items)


def test_the_cors_preflight_answers_like_the_deployed_api(base_url: str) -> None:
    for path in ("/sessions", "/sessions/current"):
        answer = http_call(
            base_url,
            "OPTIONS",
            path,
            headers={"Origin": "http://localhost:8000", "Access-Control-Request-Method": "POST"},
        )
        assert answer.status == 200
        assert answer.headers["Access-Control-Allow-Origin"] == "*"
        assert "OPTIONS" in answer.headers["Access-Control-Allow-Methods"]
        # Authorization is not CORS-safelisted: without it here, no browser sends the token.
        assert answer.headers["Access-Control-Allow-Headers"] == "Authorization,Content-Type"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/sessions"),
        ("PUT", "/sessions/current"),
        ("GET", "/sessions/h2vbAIA_mjO6pPc_kyTRB9kpFBuFn3v2x2MF-8ntCIU"),
        ("GET", "/users"),
        ("POST", "/"),
    ],
    ids=["method-on-collection", "method-on-current", "token-in-path", "unknown-path", "root"],
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
        b'{"user_id": "mallory"}',
        b'{"ttl": 0}',
        b'{"ttl": 721}',
        b'{"ttl": true}',
        b'{"admin": true}',
    ],
    ids=[
        "invalid-json",
        "not-an-object",
        "user-id-in-the-body",
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
    users: dict[str, User],
) -> None:
    before = item_count(session, moto_server.endpoint, service["table"])
    headers = {**JSON, "Authorization": users["ana"].id_token}
    answer = http_call(base_url, "POST", "/sessions", body, headers)
    assert answer.status == 400
    error = answer.json()
    assert error["error"] == "Bad Request"
    assert error["message"]
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert item_count(session, moto_server.endpoint, service["table"]) == before


def test_200_concurrent_requests_from_8_threads_are_all_answered(
    base_url: str,
    session: boto3.Session,
    moto_server: MotoServer,
    service: dict[str, str],
    users: dict[str, User],
) -> None:
    before = item_count(session, moto_server.endpoint, service["table"])
    answers: list[tuple[str, Answer]] = []
    lock = threading.Lock()

    def client(thread: int) -> None:
        user = users[f"user-{thread}"]
        for _ in range(REQUESTS_PER_THREAD):
            answer = create(base_url, user)
            with lock:
                answers.append((user.sub, answer))

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
