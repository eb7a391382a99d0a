"""What API Gateway does with a request: routing, the proxy event, the proxy response."""

from __future__ import annotations

import base64
import json

import pytest

from modules.runtime.api_gateway import (
    GatewayResponse,
    HttpRequest,
    Integration,
    MalformedProxyResponse,
    RestApi,
    Route,
    gateway_error,
    mock_response,
    proxy_event,
    proxy_response,
)

FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:hexagonal-auth-dev-session-api"
URI = (
    f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{FUNCTION_ARN}:live/invocations"
)
PROXY = Integration("AWS_PROXY", URI)
PREFLIGHT = Integration(
    "MOCK",
    request_templates={"application/json": '{"statusCode": 200}'},
    responses={
        "200": {
            "statusCode": "200",
            "responseParameters": {
                "method.response.header.Access-Control-Allow-Origin": "'*'",
                "method.response.header.Access-Control-Allow-Methods": "'GET,DELETE,OPTIONS'",
                "method.response.header.X-From-Integration": "integration.response.header.x",
            },
            "responseTemplates": {"application/json": None},
        }
    },
)


def make_api(**overrides: object) -> RestApi:
    values: dict[str, object] = {
        "api_id": "a1b2c3d4e5",
        "stage": "dev",
        "routes": [
            Route("root", "/", {}),
            Route("coll", "/sessions", {"POST": PROXY, "OPTIONS": PREFLIGHT}),
            Route("item", "/sessions/{session_id}", {"GET": PROXY, "DELETE": PROXY}),
            Route("mine", "/sessions/mine", {"GET": PROXY}),
            Route("files", "/files/{path+}", {"ANY": PROXY}),
        ],
        "deployment_id": "dep123",
    }
    values.update(overrides)
    return RestApi(**values)  # type: ignore[arg-type]


def make_request(**overrides: object) -> HttpRequest:
    values: dict[str, object] = {
        "method": "GET",
        "path": "/sessions/abc",
        "query": "",
        "headers": [("Host", "127.0.0.1:3000"), ("User-Agent", "pytest")],
        "body": b"",
    }
    values.update(overrides)
    return HttpRequest(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("path", "resource", "params"),
    [
        ("/sessions", "/sessions", {}),
        ("/sessions/", "/sessions", {}),
        ("/sessions/abc", "/sessions/{session_id}", {"session_id": "abc"}),
        ("/sessions/a%20b", "/sessions/{session_id}", {"session_id": "a b"}),
        ("/sessions/mine", "/sessions/mine", {}),
        ("/files/a/b/c.txt", "/files/{path+}", {"path": "a/b/c.txt"}),
        ("/", "/", {}),
    ],
    ids=["collection", "trailing-slash", "parameter", "decoded", "literal-wins", "greedy", "root"],
)
def test_a_path_finds_its_resource_and_parameters(
    path: str, resource: str, params: dict[str, str]
) -> None:
    matched = make_api().match(path)
    assert matched is not None
    route, found = matched
    assert route.path == resource
    assert found == params


@pytest.mark.parametrize(
    "path",
    ["/nothing", "/sessions/abc/extra", "/files"],
    ids=["unknown", "too-deep", "greedy-empty"],
)
def test_a_path_without_a_resource_finds_nothing(path: str) -> None:
    assert make_api().match(path) is None


def test_an_any_method_answers_every_verb_and_a_missing_one_answers_none() -> None:
    api = make_api()
    files, _ = api.match("/files/x") or (None, None)
    item, _ = api.match("/sessions/x") or (None, None)
    assert files is not None and item is not None
    assert files.integration("PATCH") is PROXY
    assert item.integration("PUT") is None


def test_a_lambda_proxy_integration_names_its_function_and_alias() -> None:
    assert PROXY.function == ("hexagonal-auth-dev-session-api", "live")
    unqualified = Integration("AWS_PROXY", URI.replace(":live/", "/"))
    assert unqualified.function == ("hexagonal-auth-dev-session-api", None)
    assert PREFLIGHT.function is None
    assert make_api().functions == {("hexagonal-auth-dev-session-api", "live")}


def test_the_proxy_event_has_the_rest_payload_v1_shape() -> None:
    api = make_api(stage_variables={"color": "blue"})
    route, params = api.match("/sessions/abc") or (None, {})
    assert route is not None
    request = make_request(
        query="a=1&b=x%20y&a=2",
        headers=[("Host", "127.0.0.1:3000"), ("Accept", "a"), ("Accept", "b")],
    )
    event = proxy_event(
        api, route, params, request, "/sessions/abc", "req-1", "123456789012", now=0
    )
    assert event["resource"] == "/sessions/{session_id}"
    assert event["path"] == "/sessions/abc"
    assert event["httpMethod"] == "GET"
    assert event["pathParameters"] == {"session_id": "abc"}
    assert event["queryStringParameters"] == {"a": "2", "b": "x y"}
    assert event["multiValueQueryStringParameters"] == {"a": ["1", "2"], "b": ["x y"]}
    assert event["headers"]["Accept"] == "b"
    assert event["multiValueHeaders"]["Accept"] == ["a", "b"]
    assert event["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert event["headers"]["X-Forwarded-Port"] == "3000"
    assert event["stageVariables"] == {"color": "blue"}
    assert event["body"] is None
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["resourcePath"] == "/sessions/{session_id}"
    assert context["path"] == "/dev/sessions/abc"
    assert context["stage"] == "dev"
    assert context["requestId"] == "req-1"
    assert context["accountId"] == "123456789012"
    assert context["apiId"] == "a1b2c3d4e5"
    assert context["requestTime"] == "01/Jan/1970:00:00:00 +0000"
    assert context["requestTimeEpoch"] == 0
    assert context["identity"]["sourceIp"] == "127.0.0.1"
    assert context["identity"]["userAgent"] is None  # this request sent no User-Agent
    assert context["protocol"] == "HTTP/1.1"
    json.dumps(event)  # it must travel as JSON


def test_an_event_without_query_or_parameters_carries_nulls() -> None:
    api = make_api()
    route, params = api.match("/sessions") or (None, {})
    assert route is not None
    request = make_request(method="POST", path="/dev/sessions", body=b'{"user_id": "ana"}')
    event = proxy_event(api, route, params, request, "/sessions", "r", "1")
    assert event["queryStringParameters"] is None
    assert event["multiValueQueryStringParameters"] is None
    assert event["pathParameters"] is None
    assert event["stageVariables"] is None
    assert event["body"] == '{"user_id": "ana"}'


def test_a_binary_media_type_body_arrives_base64_encoded() -> None:
    api = make_api(binary_media_types=("image~1png",))
    route, params = api.match("/sessions") or (None, {})
    assert route is not None
    request = make_request(
        method="POST", headers=[("Content-Type", "image/png")], body=b"\x89PNG\x00"
    )
    event = proxy_event(api, route, params, request, "/sessions", "r", "1")
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"\x89PNG\x00"


def test_a_proxy_response_becomes_the_http_response() -> None:
    answer = {
        "statusCode": 201,
        "headers": {"Content-Type": "application/json", "X-One": "1", "Set-Cookie": "z=0"},
        "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
        "body": '{"ok": true}',
        "isBase64Encoded": False,
    }
    response = proxy_response(json.dumps(answer).encode(), "req-1")
    assert response.status == 201
    assert response.body == b'{"ok": true}'
    assert [v for k, v in response.headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    assert response.header("X-One") == "1"
    assert response.header("x-amzn-RequestId") == "req-1"


def test_a_proxy_response_without_body_or_content_type_gets_api_gateways_defaults() -> None:
    response = proxy_response(b'{"statusCode": 204}', "r")
    assert response.status == 204
    assert response.body == b""
    assert response.header("Content-Type") == "application/json"


def test_a_base64_proxy_response_is_decoded() -> None:
    answer = {
        "statusCode": 200,
        "body": base64.b64encode(b"\x00\x01").decode(),
        "isBase64Encoded": True,
    }
    assert proxy_response(json.dumps(answer).encode(), "r").body == b"\x00\x01"


@pytest.mark.parametrize(
    "answer",
    [
        b"not json",
        b'"a string"',
        b'{"body": "no status"}',
        b'{"statusCode": "200"}',
        b'{"statusCode": true}',
        b'{"statusCode": 42}',
        b'{"statusCode": 200, "body": {"not": "a string"}}',
        b'{"statusCode": 200, "message": "unknown field"}',
        b'{"statusCode": 200, "headers": ["a"]}',
        b'{"statusCode": 200, "headers": {"a": {"b": 1}}}',
        b'{"statusCode": 200, "multiValueHeaders": {"a": "b"}}',
        b'{"statusCode": 200, "isBase64Encoded": "yes"}',
        b'{"statusCode": 200, "isBase64Encoded": true, "body": "***"}',
    ],
    ids=[
        "not-json",
        "not-object",
        "no-status",
        "string-status",
        "bool-status",
        "impossible-status",
        "object-body",
        "unknown-field",
        "headers-list",
        "header-object",
        "multi-header-string",
        "flag-string",
        "bad-base64",
    ],
)
def test_a_malformed_proxy_response_is_refused(answer: bytes) -> None:
    with pytest.raises(MalformedProxyResponse):
        proxy_response(answer, "r")


def test_a_mock_preflight_answers_its_literal_headers_only() -> None:
    response = mock_response(PREFLIGHT, "req-9")
    assert response.status == 200
    assert response.body == b""
    assert response.header("Access-Control-Allow-Origin") == "*"
    assert response.header("Access-Control-Allow-Methods") == "GET,DELETE,OPTIONS"
    assert response.header("X-From-Integration") is None


@pytest.mark.parametrize(
    ("response_type", "status", "body"),
    [
        ("MISSING_AUTHENTICATION_TOKEN", 403, b'{"message":"Missing Authentication Token"}'),
        ("INTEGRATION_FAILURE", 502, b'{"message": "Internal server error"}'),
        ("REQUEST_TOO_LARGE", 413, b'{"message":"Request Too Long"}'),
    ],
    ids=["missing-token", "integration-failure", "too-large"],
)
def test_gateway_errors_have_api_gateways_own_bodies(
    response_type: str, status: int, body: bytes
) -> None:
    response = gateway_error(make_api(), response_type, "req-1")
    assert (response.status, response.body) == (status, body)
    assert response.header("x-amzn-ErrorType")
    assert response.header("Access-Control-Allow-Origin") is None


def test_gateway_responses_of_the_api_customise_errors() -> None:
    custom = GatewayResponse(
        status=None,
        headers={"Access-Control-Allow-Origin": "*"},
        template='{"error": $context.error.messageString, "type": "$context.error.responseType"}',
    )
    api = make_api(gateway_responses={"DEFAULT_4XX": custom})
    response = gateway_error(api, "MISSING_AUTHENTICATION_TOKEN", "req-1")
    assert response.status == 403
    assert response.header("Access-Control-Allow-Origin") == "*"
    assert json.loads(response.body) == {
        "error": "Missing Authentication Token",
        "type": "MISSING_AUTHENTICATION_TOKEN",
    }
    # A 5XX error falls back to DEFAULT_5XX, which this API leaves alone.
    assert (
        gateway_error(api, "INTEGRATION_FAILURE", "r").header("Access-Control-Allow-Origin") is None
    )
