"""The local API built from a REST API in moto: routing, events and API Gateway's errors."""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest

from modules.runtime.errors import RestApiNotFound
from modules.runtime.local_api import LocalApi
from modules.sandbox.moto_server import MotoServer
from tests.fixtures.functions import (
    create_proxy_api,
    deploy_function,
    fixture_zip,
    http_call,
    publish_alias,
    sandbox_session,
    unique,
)

pytestmark = pytest.mark.sandbox

ROUTES = {
    "/items": ["POST"],
    "/items/{item_id}": ["GET", "DELETE"],
    "/raise": ["GET"],
    "/malformed": ["GET"],
    "/keyed": ["GET"],
}
API_KEY = "local-api-test-key-0123456789"


@pytest.fixture(scope="module")
def session() -> boto3.Session:
    return sandbox_session()


@pytest.fixture(scope="module")
def echo_api(session: boto3.Session, moto_server: MotoServer) -> dict[str, Any]:
    """A REST API whose every route proxies to the echo function's alias `live`."""
    code = fixture_zip("echo")
    name = unique("echo")
    deploy_function(session, moto_server.endpoint, name, code, "echo_app.handler")
    alias_arn = publish_alias(session, moto_server.endpoint, name)
    api_id = create_proxy_api(
        session, moto_server.endpoint, alias_arn, ROUTES, key_paths=frozenset({"/keyed"})
    )
    client = session.client("apigateway", endpoint_url=moto_server.endpoint)
    plan = client.create_usage_plan(
        name=unique("plan"), apiStages=[{"apiId": api_id, "stage": "dev"}]
    )
    key = client.create_api_key(name=unique("key"), enabled=True, value=API_KEY)
    client.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    client.put_gateway_response(
        restApiId=api_id,
        responseType="DEFAULT_4XX",
        responseParameters={"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
    )
    return {"api_id": api_id, "code": code, "name": name}


@pytest.fixture(scope="module")
def messages() -> list[str]:
    return []


@pytest.fixture(scope="module")
def base_url(
    session: boto3.Session,
    moto_server: MotoServer,
    echo_api: dict[str, Any],
    messages: list[str],
) -> Iterator[str]:
    with LocalApi.from_sandbox(
        session,
        moto_server.endpoint,
        echo_api["api_id"],
        "dev",
        [echo_api["code"]],
        on_message=messages.append,
    ) as local_api:
        yield local_api.serve("127.0.0.1", 0)


def test_the_base_url_names_the_stage(base_url: str) -> None:
    assert base_url.startswith("http://127.0.0.1:")
    assert base_url.endswith("/dev")


def test_a_proxy_route_gets_a_rest_payload_v1_event(
    base_url: str, echo_api: dict[str, Any]
) -> None:
    answer = http_call(
        base_url,
        "GET",
        "/items/abc%20d?color=red&size=s&size=m",
        headers={"User-Agent": "pytest", "X-Custom": "1"},
    )
    assert answer.status == 200
    event = answer.json()
    assert event["resource"] == "/items/{item_id}"
    assert event["path"] == "/items/abc d"
    assert event["httpMethod"] == "GET"
    assert event["pathParameters"] == {"item_id": "abc d"}
    assert event["queryStringParameters"] == {"color": "red", "size": "m"}
    assert event["multiValueQueryStringParameters"] == {"color": ["red"], "size": ["s", "m"]}
    assert event["headers"]["X-Custom"] == "1"
    assert event["multiValueHeaders"]["X-Custom"] == ["1"]
    assert event["body"] is None
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["stage"] == "dev"
    assert context["resourcePath"] == "/items/{item_id}"
    assert context["path"] == "/dev/items/abc d"
    assert context["apiId"] == echo_api["api_id"]
    assert context["accountId"] == "123456789012"
    assert context["identity"]["sourceIp"] == "127.0.0.1"
    assert context["identity"]["userAgent"] == "pytest"
    assert answer.headers["x-amzn-RequestId"] == context["requestId"]


def test_a_body_arrives_as_text_and_the_functions_headers_come_back(base_url: str) -> None:
    body = '{"name": "ñandú"}'.encode()
    answer = http_call(base_url, "POST", "/items", body, {"Content-Type": "application/json"})
    event = answer.json()
    assert event["body"] == '{"name": "ñandú"}'
    assert event["pathParameters"] is None
    assert answer.headers["X-Echo"] == "yes"
    assert answer.headers["Content-Type"] == "application/json"


def test_both_values_of_a_multi_value_header_reach_the_client(base_url: str) -> None:
    parsed = urlsplit(base_url)
    connection = http.client.HTTPConnection(parsed.netloc, timeout=30)
    connection.request("DELETE", f"{parsed.path}/items/1")
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 200
    assert response.headers.get_all("Set-Cookie") == ["a=1", "b=2"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/nothing"),
        ("PUT", "/items"),
        ("TRACE", "/items"),
        ("QUERY", "/items"),
        ("GET", "/items/1/more"),
        ("GET", ""),
    ],
    # TRACE and QUERY: methods Python's http.server knows no handler for (its own 501).
    ids=["unknown-path", "unknown-method", "trace", "query", "too-deep", "stage-root"],
)
def test_an_unknown_route_or_method_is_a_missing_authentication_token(
    base_url: str, method: str, path: str
) -> None:
    answer = http_call(base_url, method, path)
    assert answer.status == 403
    assert answer.body == b'{"message":"Missing Authentication Token"}'
    assert answer.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
    # The API's DEFAULT_4XX gateway response adds its header to API Gateway's own errors.
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_a_path_outside_the_stage_is_forbidden(base_url: str) -> None:
    answer = http_call(base_url.removesuffix("/dev"), "GET", "/prod/items")
    assert answer.status == 403
    assert answer.json() == {"message": "Forbidden"}


def test_a_function_error_is_a_502_internal_server_error(
    base_url: str, messages: list[str]
) -> None:
    answer = http_call(base_url, "GET", "/raise")
    assert answer.status == 502
    assert answer.body == b'{"message": "Internal server error"}'
    assert any("asked to raise" in message for message in messages)


def test_a_function_past_its_timeout_is_a_502(
    session: boto3.Session, moto_server: MotoServer
) -> None:
    code = fixture_zip("sleepy")
    name = unique("sleepy")
    deploy_function(session, moto_server.endpoint, name, code, "sleepy_app.handler", Timeout=1)
    alias_arn = publish_alias(session, moto_server.endpoint, name)
    api_id = create_proxy_api(session, moto_server.endpoint, alias_arn, {"/slow": ["GET"]})
    with LocalApi.from_sandbox(session, moto_server.endpoint, api_id, "dev", [code]) as local_api:
        base = local_api.serve("127.0.0.1", 0)
        started = time.monotonic()
        answer = http_call(base, "GET", "/slow")
        elapsed = time.monotonic() - started
    assert answer.status == 502
    assert answer.body == b'{"message": "Internal server error"}'
    assert 1 <= elapsed < 5


def test_a_malformed_proxy_response_is_a_502(base_url: str, messages: list[str]) -> None:
    answer = http_call(base_url, "GET", "/malformed")
    assert answer.status == 502
    assert answer.json() == {"message": "Internal server error"}
    assert any("Malformed Lambda proxy response" in message for message in messages)


def test_a_cors_preflight_answers_from_the_mock_integration(base_url: str) -> None:
    answer = http_call(
        base_url,
        "OPTIONS",
        "/items/42",
        headers={"Origin": "http://localhost:8000", "Access-Control-Request-Method": "DELETE"},
    )
    assert answer.status == 200
    assert answer.body == b""
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.headers["Access-Control-Allow-Methods"] == "GET,DELETE,OPTIONS"
    assert answer.headers["Access-Control-Allow-Headers"] == "Authorization,Content-Type"


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 403), ({"x-api-key": "wrong"}, 403), ({"x-api-key": API_KEY}, 200)],
    ids=["no-key", "wrong-key", "key-of-the-usage-plan"],
)
def test_a_method_that_requires_an_api_key_checks_it(
    base_url: str, headers: dict[str, str], status: int
) -> None:
    answer = http_call(base_url, "GET", "/keyed", headers=headers)
    assert answer.status == status
    if status == 403:
        assert answer.json() == {"message": "Forbidden"}


def test_a_missing_rest_api_is_a_clear_error(
    session: boto3.Session, moto_server: MotoServer
) -> None:
    with pytest.raises(RestApiNotFound, match="nosuchapi"):
        LocalApi.from_sandbox(session, moto_server.endpoint, "nosuchapi", "dev", [])


def test_a_request_event_round_trips_as_json(base_url: str) -> None:
    answer = http_call(base_url, "GET", "/items/x")
    assert json.loads(json.dumps(answer.json()))["httpMethod"] == "GET"
