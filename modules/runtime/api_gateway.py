"""A REST API read back from API Gateway, and what API Gateway does with one request.

Routes come from `get_resources` (methods embedded, integrations looked up when missing),
CORS preflights from MOCK integrations and their integration responses, error responses from
the API's gateway responses. A request becomes a REST proxy event (payload v1) and the
function's answer becomes an HTTP response, or API Gateway's own 502 when it is malformed.
"""

from __future__ import annotations

import base64
import contextlib
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from modules.i18n import Text
from modules.runtime.errors import RestApiNotFound

LAMBDA_URI = re.compile(
    r"^arn:aws[\w-]*:apigateway:[\w-]+:lambda:path/[\d-]+/functions/(?P<arn>[^/]+)/invocations$"
)
PROXY_RESPONSE_KEYS = {"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"}
# API Gateway's largest request payload.
MAX_REQUEST_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class HttpRequest:
    """One HTTP request as the local server received it; path without the query string."""

    method: str
    path: str
    query: str
    headers: list[tuple[str, str]]
    body: bytes
    source_ip: str = "127.0.0.1"
    protocol: str = "HTTP/1.1"

    def header(self, name: str) -> str | None:
        for key, value in reversed(self.headers):
            if key.lower() == name.lower():
                return value
        return None


@dataclass(frozen=True)
class HttpResponse:
    """An HTTP response to write back: status, headers (repeatable) and body."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


@dataclass(frozen=True)
class Integration:
    """A method's integration: AWS_PROXY to a Lambda function, MOCK, or another kind."""

    type: str
    uri: str = ""
    request_templates: dict[str, str] = field(default_factory=dict)
    responses: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def function(self) -> tuple[str, str | None] | None:
        """Return (function name, qualifier) of an AWS_PROXY Lambda integration, else None."""
        match = LAMBDA_URI.match(self.uri or "")
        if self.type != "AWS_PROXY" or not match:
            return None
        parts = match["arn"].split(":")
        return parts[6], (parts[7] if len(parts) > 7 else None)


@dataclass(frozen=True)
class Route:
    """A resource (path template like /sessions/{session_id}) and its methods."""

    resource_id: str
    path: str
    methods: dict[str, Integration]
    key_methods: frozenset[str] = frozenset()  # the methods that require an API key
    authorizers: dict[str, str] = field(default_factory=dict)  # method -> authorizer id

    @property
    def segments(self) -> list[str]:
        return [part for part in self.path.split("/") if part]

    def integration(self, method: str) -> Integration | None:
        return self.methods.get(method) or self.methods.get("ANY")

    def requires_api_key(self, method: str) -> bool:
        verb = method if method in self.methods else "ANY"
        return verb in self.key_methods

    def authorizer(self, method: str) -> str | None:
        """Return the id of the authorizer in front of method, or None."""
        verb = method if method in self.methods else "ANY"
        return self.authorizers.get(verb)

    def bind(self, segments: list[str]) -> dict[str, str] | None:
        """Return the path parameters when segments fit this template, else None."""
        template = self.segments
        params: dict[str, str] = {}
        for index, part in enumerate(template):
            if part.startswith("{") and part.endswith("+}"):
                if index >= len(segments):
                    return None
                params[part[1:-2]] = "/".join(segments[index:])
                return params
            if index >= len(segments):
                return None
            if part.startswith("{") and part.endswith("}"):
                params[part[1:-1]] = segments[index]
            elif part != segments[index]:
                return None
        return params if len(segments) == len(template) else None

    @property
    def specificity(self) -> tuple[int, int]:
        """Sort key: more literal segments first, greedy templates last."""
        literal = sum(1 for part in self.segments if not part.startswith("{"))
        greedy = sum(1 for part in self.segments if part.endswith("+}"))
        return (-literal, greedy)


@dataclass(frozen=True)
class GatewayResponse:
    """A customised gateway response: its status, header literals and body template."""

    status: int | None
    headers: dict[str, str]
    template: str | None


@dataclass(frozen=True)
class Authorizer:
    """An authorizer of the API: its type, the user pools it trusts, where the token is."""

    authorizer_id: str
    type: str
    provider_arns: tuple[str, ...] = ()
    identity_source: str = "method.request.header.Authorization"

    @property
    def header(self) -> str:
        """Return the request header the token comes from."""
        return self.identity_source.removeprefix("method.request.header.")


@dataclass(frozen=True)
class RestApi:
    """A REST API and one of its stages, as API Gateway serves them."""

    api_id: str
    stage: str
    routes: list[Route]
    stage_variables: dict[str, str] | None = None
    deployment_id: str = ""
    binary_media_types: tuple[str, ...] = ()
    gateway_responses: dict[str, GatewayResponse] = field(default_factory=dict)
    api_keys: frozenset[str] = frozenset()  # enabled keys of the usage plans of this stage
    authorizers: dict[str, Authorizer] = field(default_factory=dict)  # by id

    def match(self, path: str) -> tuple[Route, dict[str, str]] | None:
        """Return the route for a path (stage removed) and its path parameters."""
        segments = [unquote(part) for part in path.split("/") if part]
        for route in sorted(self.routes, key=lambda r: r.specificity):
            params = route.bind(segments)
            if params is not None:
                return route, params
        return None

    @property
    def functions(self) -> set[tuple[str, str | None]]:
        """Return every (function, qualifier) the API's proxy integrations call."""
        targets = set()
        for route in self.routes:
            for integration in route.methods.values():
                if integration.function:
                    targets.add(integration.function)
        return targets


def load_rest_api(client: Any, api_id: str, stage: str) -> RestApi:
    """Read a REST API and its stage from API Gateway; raise RestApiNotFound if missing."""
    errors = client.exceptions
    try:
        api = client.get_rest_api(restApiId=api_id)
        stage_info = client.get_stage(restApiId=api_id, stageName=stage)
    except errors.NotFoundException as error:
        raise RestApiNotFound(
            Text(
                es=f"no existe la API REST {api_id} con la etapa {stage}: {error}",
                en=f"REST API {api_id} stage {stage} not found: {error}",
            )
        ) from error
    routes = []
    paginator = client.get_paginator("get_resources")
    for page in paginator.paginate(restApiId=api_id, embed=["methods"]):
        for item in page["items"]:
            methods = {}
            key_methods = set()
            authorized: dict[str, str] = {}
            for verb, method in (item.get("resourceMethods") or {}).items():
                if method.get("apiKeyRequired"):
                    key_methods.add(verb)
                if method.get("authorizationType") not in (None, "NONE") and method.get(
                    "authorizerId"
                ):
                    authorized[verb] = method["authorizerId"]
                integration = method.get("methodIntegration")
                if integration is None:
                    try:
                        integration = client.get_integration(
                            restApiId=api_id, resourceId=item["id"], httpMethod=verb
                        )
                    except errors.NotFoundException:
                        continue  # a method without integration answers nothing
                methods[verb] = Integration(
                    type=integration.get("type", ""),
                    uri=integration.get("uri", ""),
                    request_templates=dict(integration.get("requestTemplates") or {}),
                    responses=dict(integration.get("integrationResponses") or {}),
                )
            routes.append(
                Route(item["id"], item["path"], methods, frozenset(key_methods), authorized)
            )
    gateway_responses = {}
    for item in client.get_gateway_responses(restApiId=api_id).get("items", []):
        if item.get("defaultResponse"):
            continue
        gateway_responses[item["responseType"]] = GatewayResponse(
            status=int(item["statusCode"]) if item.get("statusCode") else None,
            headers=_literal_headers(item.get("responseParameters"), "gatewayresponse.header."),
            template=(item.get("responseTemplates") or {}).get("application/json"),
        )
    return RestApi(
        api_id=api_id,
        stage=stage,
        routes=routes,
        stage_variables=stage_info.get("variables") or None,
        deployment_id=stage_info.get("deploymentId", ""),
        binary_media_types=tuple(api.get("binaryMediaTypes") or ()),
        gateway_responses=gateway_responses,
        api_keys=_stage_api_keys(client, api_id, stage),
        authorizers=_authorizers(client, api_id),
    )


def _authorizers(client: Any, api_id: str) -> dict[str, Authorizer]:
    """Return the API's authorizers by id."""
    found = {}
    for item in client.get_authorizers(restApiId=api_id).get("items", []):
        found[item["id"]] = Authorizer(
            authorizer_id=item["id"],
            type=item.get("type", ""),
            provider_arns=tuple(item.get("providerARNs") or ()),
            identity_source=item.get("identitySource") or "method.request.header.Authorization",
        )
    return found


def _stage_api_keys(client: Any, api_id: str, stage: str) -> frozenset[str]:
    """Return the values of the enabled API keys in the usage plans bound to the stage."""
    values = set()
    for page in client.get_paginator("get_usage_plans").paginate():
        for plan in page.get("items", []):
            stages = plan.get("apiStages") or []
            if not any(s.get("apiId") == api_id and s.get("stage") == stage for s in stages):
                continue
            keys = client.get_paginator("get_usage_plan_keys").paginate(usagePlanId=plan["id"])
            for key_page in keys:
                for key in key_page.get("items", []):
                    detail = client.get_api_key(apiKey=key["id"], includeValue=True)
                    if detail.get("enabled", True) and detail.get("value"):
                        values.add(detail["value"])
    return frozenset(values)


def _literal_headers(parameters: dict[str, str] | None, prefix: str) -> dict[str, str]:
    """Return the headers set to static values ('value' in single quotes)."""
    headers = {}
    for key, value in (parameters or {}).items():
        if key.startswith(prefix) and len(value) >= 2 and value[0] == value[-1] == "'":
            headers[key.removeprefix(prefix)] = value[1:-1]
    return headers


# Gateway response types and their built-in status, message and fallback type.
GATEWAY_ERRORS = {
    "MISSING_AUTHENTICATION_TOKEN": (403, "Missing Authentication Token", "DEFAULT_4XX"),
    "INVALID_API_KEY": (403, "Forbidden", "DEFAULT_4XX"),
    "UNAUTHORIZED": (401, "Unauthorized", "DEFAULT_4XX"),
    "REQUEST_TOO_LARGE": (413, "Request Too Long", "DEFAULT_4XX"),
    "INTEGRATION_FAILURE": (502, "Internal server error", "DEFAULT_5XX"),
    "INTEGRATION_TIMEOUT": (504, "Endpoint request timed out", "DEFAULT_5XX"),
}
ERROR_TYPE_HEADERS = {
    "MISSING_AUTHENTICATION_TOKEN": "MissingAuthenticationTokenException",
    "INVALID_API_KEY": "ForbiddenException",
    "UNAUTHORIZED": "UnauthorizedException",
    "REQUEST_TOO_LARGE": "RequestTooLargeException",
    "INTEGRATION_FAILURE": "InternalServerErrorException",
    "INTEGRATION_TIMEOUT": "InternalServerErrorException",
}


def gateway_error(api: RestApi | None, response_type: str, request_id: str) -> HttpResponse:
    """Return API Gateway's own error response, customised by the API's gateway responses."""
    status, message, fallback = GATEWAY_ERRORS[response_type]
    # API Gateway's built-in bodies differ in spacing; these are byte for byte.
    if status >= 500:
        body = json.dumps({"message": message})
    else:
        body = json.dumps({"message": message}, separators=(",", ":"))
    headers = [("Content-Type", "application/json")]
    custom = None
    if api is not None:
        custom = api.gateway_responses.get(response_type) or api.gateway_responses.get(fallback)
    if custom is not None:
        status = custom.status or status
        headers.extend(custom.headers.items())
        if custom.template:
            body = (
                custom.template.replace("$context.error.messageString", json.dumps(message))
                .replace("$context.error.message", message)
                .replace("$context.error.responseType", response_type)
                .replace("$context.requestId", request_id)
            )
    headers.append(("x-amzn-RequestId", request_id))
    headers.append(("x-amzn-ErrorType", ERROR_TYPE_HEADERS[response_type]))
    return HttpResponse(status, headers, body.encode())


def forbidden(request_id: str) -> HttpResponse:
    """Return the answer to a path outside the stage: 403 Forbidden."""
    headers = [("Content-Type", "application/json"), ("x-amzn-RequestId", request_id)]
    headers.append(("x-amzn-ErrorType", "ForbiddenException"))
    return HttpResponse(403, headers, b'{"message":"Forbidden"}')


def mock_response(integration: Integration, request_id: str) -> HttpResponse:
    """Answer from a MOCK integration (CORS preflight): its integration response's literals."""
    status = 200
    template = integration.request_templates.get("application/json") or ""
    with contextlib.suppress(ValueError, AttributeError):
        status = int(json.loads(template).get("statusCode", 200))
    chosen = integration.responses.get(str(status))
    if chosen is None:
        defaults = [r for r in integration.responses.values() if not r.get("selectionPattern")]
        chosen = defaults[0] if defaults else {"statusCode": str(status)}
    headers = [("Content-Type", "application/json")]
    headers.extend(
        _literal_headers(chosen.get("responseParameters"), "method.response.header.").items()
    )
    headers.append(("x-amzn-RequestId", request_id))
    body = (chosen.get("responseTemplates") or {}).get("application/json") or ""
    return HttpResponse(int(chosen.get("statusCode", status)), headers, body.encode())


def proxy_event(
    api: RestApi,
    route: Route,
    params: dict[str, str],
    request: HttpRequest,
    path: str,
    request_id: str,
    account_id: str,
    now: float | None = None,
    claims: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Build the REST proxy event (payload v1) API Gateway sends to the function.

    claims, of a token a Cognito authorizer verified, go in requestContext.authorizer.claims.
    """
    moment = time.time() if now is None else now
    headers: dict[str, str] = {}
    multi_headers: dict[str, list[str]] = {}
    for name, value in _forwarded_headers(request):
        headers[name] = value
        multi_headers.setdefault(name, []).append(value)
    query: dict[str, str] = {}
    multi_query: dict[str, list[str]] = {}
    for pair in filter(None, request.query.split("&")):
        name, _, value = pair.partition("=")
        name, value = unquote(name), unquote(value)
        query[name] = value
        multi_query.setdefault(name, []).append(value)
    body, encoded = _event_body(api, request)
    host = request.header("Host") or "127.0.0.1"
    return {
        "resource": route.path,
        "path": path,
        "httpMethod": request.method,
        "headers": headers or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": params or None,
        "stageVariables": api.stage_variables,
        "requestContext": {
            "resourceId": route.resource_id,
            "resourcePath": route.path,
            "httpMethod": request.method,
            "extendedRequestId": base64.b64encode(uuid.uuid4().bytes[:12]).decode(),
            "requestTime": datetime.fromtimestamp(moment, tz=UTC).strftime(
                "%d/%b/%Y:%H:%M:%S +0000"
            ),
            "path": f"/{api.stage}{path}",
            "accountId": account_id,
            "protocol": request.protocol,
            "stage": api.stage,
            "domainPrefix": host.split(".")[0].split(":")[0],
            "requestTimeEpoch": int(moment * 1000),
            "requestId": request_id,
            "identity": {
                "cognitoIdentityPoolId": None,
                "accountId": None,
                "cognitoIdentityId": None,
                "caller": None,
                "sourceIp": request.source_ip,
                "principalOrgId": None,
                "accessKey": None,
                "cognitoAuthenticationType": None,
                "cognitoAuthenticationProvider": None,
                "userArn": None,
                "userAgent": request.header("User-Agent"),
                "user": None,
            },
            "domainName": host,
            "deploymentId": api.deployment_id,
            "apiId": api.api_id,
            **({"authorizer": {"claims": claims}} if claims is not None else {}),
        },
        "body": body,
        "isBase64Encoded": encoded,
    }


def _forwarded_headers(request: HttpRequest) -> list[tuple[str, str]]:
    """Return the request's headers with the ones API Gateway adds on the way."""
    headers = list(request.headers)
    forwarded = request.header("X-Forwarded-For")
    headers = [(k, v) for k, v in headers if k.lower() != "x-forwarded-for"]
    chain = f"{forwarded}, {request.source_ip}" if forwarded else request.source_ip
    host = request.header("Host") or ""
    port = host.rpartition(":")[2] if ":" in host else "80"
    headers.append(("X-Forwarded-For", chain))
    headers.append(("X-Forwarded-Port", port))
    headers.append(("X-Forwarded-Proto", "http"))
    if request.header("X-Amzn-Trace-Id") is None:
        trace = f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]}"
        headers.append(("X-Amzn-Trace-Id", trace))
    return headers


def _event_body(api: RestApi, request: HttpRequest) -> tuple[str | None, bool]:
    """Return the event's body: text, or base64 for a binary media type the API declares."""
    if not request.body:
        return None, False
    content_type = (request.header("Content-Type") or "").split(";")[0].strip().lower()
    for pattern in api.binary_media_types:
        wanted = pattern.replace("~1", "/").lower()
        if wanted == "*/*" or wanted == content_type:
            return base64.b64encode(request.body).decode("ascii"), True
    return request.body.decode("utf-8", errors="replace"), False


class MalformedProxyResponse(ValueError):
    """The function's answer is not a proxy response API Gateway can read."""


def proxy_response(payload: bytes, request_id: str) -> HttpResponse:
    """Turn the function's answer into the HTTP response; raise MalformedProxyResponse."""
    try:
        answer = json.loads(payload)
    except ValueError as error:
        raise MalformedProxyResponse("the answer is not JSON") from error
    if not isinstance(answer, dict):
        raise MalformedProxyResponse("the answer is not a JSON object")
    unknown = set(answer) - PROXY_RESPONSE_KEYS
    if unknown:
        raise MalformedProxyResponse(f"unknown fields {sorted(unknown)}")
    status = answer.get("statusCode")
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise MalformedProxyResponse(f"statusCode {status!r} is not an HTTP status")
    body = answer.get("body")
    if body is not None and not isinstance(body, str):
        raise MalformedProxyResponse("body is not a string")
    encoded = answer.get("isBase64Encoded", False)
    if not isinstance(encoded, bool):
        raise MalformedProxyResponse("isBase64Encoded is not a boolean")
    single = answer.get("headers") or {}
    multi = answer.get("multiValueHeaders") or {}
    if not isinstance(single, dict) or not isinstance(multi, dict):
        raise MalformedProxyResponse("headers are not objects")
    headers: list[tuple[str, str]] = []
    for name, values in multi.items():
        if not isinstance(values, list):
            raise MalformedProxyResponse(f"multiValueHeaders[{name!r}] is not a list")
        headers.extend((name, _header_value(value)) for value in values)
    # A header in both maps keeps only its multiValueHeaders values, as API Gateway does.
    named = {name.lower() for name, _ in headers}
    headers.extend(
        (name, _header_value(value)) for name, value in single.items() if name.lower() not in named
    )
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", "application/json"))
    headers.append(("x-amzn-RequestId", request_id))
    try:
        data = base64.b64decode(body or "", validate=True) if encoded else (body or "").encode()
    except ValueError as error:
        raise MalformedProxyResponse("body is not valid base64") from error
    return HttpResponse(status, headers, data)


def _header_value(value: object) -> str:
    if isinstance(value, (dict, list)) or value is None:
        raise MalformedProxyResponse(f"header value {value!r} is not a scalar")
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
