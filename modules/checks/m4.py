"""Module 4: the REST API in front of the function, its limits, and one real HTTP round trip."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from fnmatch import fnmatchcase
from typing import Any

from modules.checks.context import Context
from modules.checks.framework import Check, Text, fail, registrar, skip
from modules.checks.policies import as_list, statements

CHECKS: list[Check] = []
check = registrar(CHECKS)

ROUTES = {
    "/sessions": ("OPTIONS", "POST"),
    "/sessions/current": ("DELETE", "GET", "OPTIONS"),
}
CORS_HEADERS = ("Origin", "Methods", "Headers")
# Request headers a browser may send only if the preflight allows them: the session token
# travels in Authorization, which is not CORS-safelisted, and the body is JSON.
CORS_REQUEST_HEADERS = ("authorization", "content-type")
# Requests the stage forwards to the function, as execute-api ARNs name them.
INVOKED_ROUTES = (
    ("POST", "/sessions"),
    ("GET", "/sessions/current"),
    ("DELETE", "/sessions/current"),
)
VERIFY_USER = "course-verify"
# What API Gateway answers itself when an authorizer turns a request away.
GATEWAY_UNAUTHORIZED = {"message": "Unauthorized"}
# A MOCK integration answers with the status its request template names; without one it fails.
MOCK_200 = re.compile(r'"statusCode"\s*:\s*200\b')


def rest_api_id(ctx: Context) -> str:
    """Return the REST API's id: from the outputs, else the one API with the expected name."""

    def load() -> str:
        if ctx.names.rest_api_id:
            return ctx.names.rest_api_id
        apis = ctx.client("apigateway").get_rest_apis(limit=500)["items"]
        found = [api["id"] for api in apis if api["name"] == ctx.names.rest_api_name]
        if len(found) != 1:
            raise fail(
                f"hay {len(found)} APIs REST llamadas {ctx.names.rest_api_name}; se espera una",
                f"there are {len(found)} REST APIs named {ctx.names.rest_api_name}; expected one",
            )
        return found[0]

    return ctx.remember("m4.rest_api_id", load)


def resources(ctx: Context) -> dict[str, dict[str, Any]]:
    """Return the API's resources by path, each with its methods as GetMethod returns them."""

    def load() -> dict[str, dict[str, Any]]:
        client = ctx.client("apigateway")
        api_id = rest_api_id(ctx)
        by_path: dict[str, dict[str, Any]] = {}
        for page in client.get_paginator("get_resources").paginate(restApiId=api_id):
            for item in page["items"]:
                by_path[item["path"]] = {"id": item["id"], "methods": {}}
                for method in item.get("resourceMethods") or {}:
                    by_path[item["path"]]["methods"][method] = client.get_method(
                        restApiId=api_id, resourceId=item["id"], httpMethod=method
                    )
        return by_path

    return ctx.remember("m4.resources", load)


def methods_of(ctx: Context, path: str, method: str) -> dict[str, Any] | None:
    return resources(ctx).get(path, {}).get("methods", {}).get(method)


RESOURCE_CALLS = ("apigateway:GetRestApis", "apigateway:GetResources", "apigateway:GetMethod")


@check(
    id="m4.routes",
    title=Text(
        es="La API tiene POST y OPTIONS en `/sessions`, y GET, DELETE y OPTIONS en "
        "`/sessions/current`",
        en="The API has POST and OPTIONS on `/sessions`, and GET, DELETE and OPTIONS on "
        "`/sessions/current`",
    ),
    calls=RESOURCE_CALLS,
    fix=Text(
        es="Declara cada `aws_api_gateway_resource` y `aws_api_gateway_method`, y añádelos a "
        "los `triggers` del despliegue para que se publiquen.",
        en="Declare each `aws_api_gateway_resource` and `aws_api_gateway_method`, and add them "
        "to the deployment's `triggers` so they get published.",
    ),
)
def routes(ctx: Context) -> Text:
    found = resources(ctx)
    problems = []
    for path, expected in ROUTES.items():
        methods = tuple(sorted(found.get(path, {}).get("methods", {})))
        if path not in found:
            problems.append(f"{path}: missing")
        elif methods != expected:
            problems.append(f"{path}: {', '.join(methods) or '-'} (expected {', '.join(expected)})")
    if problems:
        listed = "; ".join(problems)
        raise fail(f"rutas distintas: {listed}", f"routes differ: {listed}")
    return Text(es="5 métodos en 2 rutas", en="5 methods on 2 routes")


@check(
    id="m4.proxy-integrations",
    title=Text(
        es="POST, GET y DELETE llegan a la función por su alias (AWS_PROXY)",
        en="POST, GET and DELETE reach the function through its alias (AWS_PROXY)",
    ),
    calls=(*RESOURCE_CALLS, "sts:GetCallerIdentity"),
    fix=Text(
        es='Usa `type = "AWS_PROXY"`, `integration_http_method = "POST"` y '
        "`uri = aws_lambda_alias.live.invoke_arn` en cada integración.",
        en='Use `type = "AWS_PROXY"`, `integration_http_method = "POST"` and '
        "`uri = aws_lambda_alias.live.invoke_arn` on each integration.",
    ),
)
def proxy_integrations(ctx: Context) -> Text:
    target = f"functions/{ctx.alias_arn()}/invocations"
    problems = []
    checked = 0
    for path, methods in ROUTES.items():
        for method in methods:
            found = methods_of(ctx, path, method)
            if method == "OPTIONS" or found is None:
                continue  # a missing method is m4.routes' finding
            checked += 1
            integration = found.get("methodIntegration") or {}
            kind, verb = integration.get("type"), integration.get("httpMethod")
            uri = integration.get("uri", "")
            if kind != "AWS_PROXY" or verb != "POST" or not uri.endswith(target):
                problems.append(f"{method} {path}: {kind} {verb} {uri or '(no uri)'}")
    if problems:
        listed = "; ".join(problems)
        raise fail(
            f"integraciones que no van al alias {ctx.names.alias_name}: {listed}",
            f"integrations not going to alias {ctx.names.alias_name}: {listed}",
        )
    return Text(
        es=f"{checked} integraciones AWS_PROXY → {ctx.names.alias_name}",
        en=f"{checked} AWS_PROXY integrations → {ctx.names.alias_name}",
    )


@check(
    id="m4.cors-preflight",
    title=Text(
        es="Los OPTIONS responden el preflight CORS y permiten la cabecera `Authorization`",
        en="OPTIONS answers the CORS preflight and allows the `Authorization` header",
    ),
    calls=RESOURCE_CALLS,
    fix=Text(
        es="Para cada OPTIONS: integración MOCK con `request_templates` que devuelva "
        '`{"statusCode": 200}`, un `aws_api_gateway_method_response` 200 que declare las tres '
        "cabeceras Access-Control-Allow-* y un `aws_api_gateway_integration_response` que les "
        "dé valor; Allow-Headers debe incluir `Authorization` y `Content-Type`.",
        en="For each OPTIONS: a MOCK integration whose `request_templates` return "
        '`{"statusCode": 200}`, an `aws_api_gateway_method_response` 200 declaring the three '
        "Access-Control-Allow-* headers and an `aws_api_gateway_integration_response` giving "
        "them values; Allow-Headers must include `Authorization` and `Content-Type`.",
    ),
)
def cors_preflight(ctx: Context) -> Text:
    problems = []
    for path, methods in ROUTES.items():
        found = methods_of(ctx, path, "OPTIONS")
        if found is None:
            problems.append(f"{path}: no OPTIONS")
            continue
        integration = found.get("methodIntegration") or {}
        if integration.get("type") != "MOCK":
            problems.append(f"{path}: integration {integration.get('type')}, not MOCK")
        templates = (integration.get("requestTemplates") or {}).values()
        if not any(MOCK_200.search(template) for template in templates):
            problems.append(f"{path}: MOCK request template does not return statusCode 200")
        declared = (found.get("methodResponses") or {}).get("200", {}).get(
            "responseParameters"
        ) or {}
        given = (integration.get("integrationResponses") or {}).get("200", {}).get(
            "responseParameters"
        ) or {}
        for header in CORS_HEADERS:
            name = f"method.response.header.Access-Control-Allow-{header}"
            if name not in declared:
                problems.append(f"{path}: method response does not declare {header}")
            if name not in given:
                problems.append(f"{path}: integration response does not set {header}")
        allowed = given.get("method.response.header.Access-Control-Allow-Methods", "")
        missing = [m for m in methods if m not in allowed.strip("'").split(",")]
        if allowed and missing:
            problems.append(f"{path}: Allow-Methods {allowed} lacks {', '.join(missing)}")
        headers = given.get("method.response.header.Access-Control-Allow-Headers", "")
        sent = {name.strip().lower() for name in headers.strip("'").split(",")}
        unsent = [name for name in CORS_REQUEST_HEADERS if name not in sent]
        if headers and unsent:
            problems.append(f"{path}: Allow-Headers {headers} lacks {', '.join(unsent)}")
    if problems:
        listed = "; ".join(problems)
        raise fail(f"preflight incompleto: {listed}", f"incomplete preflight: {listed}")
    return Text(
        es="2 OPTIONS con Allow-Origin, Allow-Methods y Allow-Headers (con Authorization)",
        en="2 OPTIONS with Allow-Origin, Allow-Methods and Allow-Headers (with Authorization)",
    )


@check(
    id="m4.stage-throttling",
    title=Text(
        es="La etapa limita peticiones por segundo y ráfaga en todos los métodos",
        en="The stage throttles rate and burst on every method",
    ),
    calls=("apigateway:GetRestApis", "apigateway:GetStage"),
    fix=Text(
        es='Añade `aws_api_gateway_method_settings` con `method_path = "*/*"`, '
        "`throttling_rate_limit` y `throttling_burst_limit`.",
        en='Add `aws_api_gateway_method_settings` with `method_path = "*/*"`, '
        "`throttling_rate_limit` and `throttling_burst_limit`.",
    ),
)
def stage_throttling(ctx: Context) -> Text:
    client = ctx.client("apigateway")
    stage = ctx.names.stage_name
    try:
        found = client.get_stage(restApiId=rest_api_id(ctx), stageName=stage)
    except client.exceptions.NotFoundException:
        raise fail(f"la etapa {stage} no existe", f"stage {stage} does not exist") from None
    settings = (found.get("methodSettings") or {}).get("*/*", {})
    rate, burst = settings.get("throttlingRateLimit"), settings.get("throttlingBurstLimit")
    if not rate or not burst or rate <= 0 or burst <= 0:
        raise fail(
            f"{stage}: */* sin límite (rate {rate}, burst {burst}); solo queda el límite de la "
            "cuenta, 10 000 peticiones/s",
            f"{stage}: */* unthrottled (rate {rate}, burst {burst}); only the account's 10,000 "
            "requests/s limit applies",
        )
    return Text(es=f"{stage}: {rate:g}/s, ráfaga {burst}", en=f"{stage}: {rate:g}/s, burst {burst}")


@check(
    id="m4.usage-plan",
    title=Text(
        es="El plan de uso está ligado a la etapa",
        en="The usage plan is bound to the stage",
    ),
    calls=("apigateway:GetRestApis", "apigateway:GetUsagePlans"),
    fix=Text(
        es="Añade `api_stages { api_id = ..., stage = aws_api_gateway_stage.this.stage_name }` "
        "a `aws_api_gateway_usage_plan`; un plan sin etapas no limita nada.",
        en="Add `api_stages { api_id = ..., stage = aws_api_gateway_stage.this.stage_name }` to "
        "`aws_api_gateway_usage_plan`; a plan without stages limits nothing.",
    ),
)
def usage_plan(ctx: Context) -> Text:
    client = ctx.client("apigateway")
    plans = [
        plan
        for page in client.get_paginator("get_usage_plans").paginate()
        for plan in page["items"]
        if plan["id"] == ctx.names.usage_plan_id or plan["name"] == ctx.names.usage_plan_name
    ]
    if not plans:
        raise fail(
            f"no hay plan de uso {ctx.names.usage_plan_name}",
            f"there is no usage plan {ctx.names.usage_plan_name}",
        )
    api_id, stage = rest_api_id(ctx), ctx.names.stage_name
    for plan in plans:
        if any(
            s.get("apiId") == api_id and s.get("stage") == stage for s in plan.get("apiStages", [])
        ):
            return Text(
                es=f"{plan['name']} → {api_id}/{stage}", en=f"{plan['name']} → {api_id}/{stage}"
            )
    raise fail(
        f"{plans[0]['name']} no está ligado a {api_id}/{stage}",
        f"{plans[0]['name']} is not bound to {api_id}/{stage}",
    )


@check(
    id="m4.lambda-permission",
    title=Text(
        es="API Gateway (solo esta API) puede invocar el alias",
        en="API Gateway (this API only) may invoke the alias",
    ),
    calls=("lambda:GetPolicy", "apigateway:GetRestApis", "sts:GetCallerIdentity"),
    fix=Text(
        es='Añade `aws_lambda_permission` con `principal = "apigateway.amazonaws.com"`, '
        '`qualifier` = el alias y `source_arn = "${...execution_arn}/*/*"`.',
        en='Add `aws_lambda_permission` with `principal = "apigateway.amazonaws.com"`, '
        '`qualifier` = the alias and `source_arn = "${...execution_arn}/*/*"`.',
    ),
)
def lambda_permission(ctx: Context) -> Text:
    client = ctx.client("lambda")
    try:
        policy = client.get_policy(
            FunctionName=ctx.names.function_name, Qualifier=ctx.names.alias_name
        )["Policy"]
    except client.exceptions.ResourceNotFoundException:
        raise fail(
            f"el alias {ctx.names.alias_name} no tiene política: API Gateway recibiría 500",
            f"alias {ctx.names.alias_name} has no policy: API Gateway would get a 500",
        ) from None
    prefix = (
        f"arn:{ctx.partition()}:execute-api:{ctx.region}:{ctx.account_id()}:{rest_api_id(ctx)}/"
    )
    sources = [
        str((statement.get("Condition") or {}).get("ArnLike", {}).get("AWS:SourceArn", ""))
        for statement in statements(policy)
        if statement.get("Effect") == "Allow"
        and service_of(statement) == "apigateway.amazonaws.com"
        and "lambda:InvokeFunction" in as_list(statement.get("Action"))
    ]
    # A source ARN scoped to another API (or none at all) would let any API call the alias.
    scoped = [source for source in sources if source.startswith(prefix)]
    stage = ctx.names.stage_name
    uncovered = [
        f"{method} {path}"
        for method, path in INVOKED_ROUTES
        if not any(fnmatchcase(f"{prefix}{stage}/{method}{path}", s) for s in scoped)
    ]
    if uncovered:
        listed = ", ".join(uncovered)
        raise fail(
            f"apigateway.amazonaws.com no puede invocar desde {prefix}… para: {listed}",
            f"apigateway.amazonaws.com may not invoke from {prefix}… for: {listed}",
        )
    unscoped = [source or "(any source)" for source in sources if source not in scoped]
    if unscoped:
        listed = ", ".join(unscoped)
        raise fail(
            f"permisos para otras APIs u orígenes: {listed}",
            f"permissions for other APIs or sources: {listed}",
        )
    return Text(
        es=f"{len(scoped)} permiso(s) para {prefix}…",
        en=f"{len(scoped)} permission(s) for {prefix}…",
    )


def service_of(statement: Mapping[str, Any]) -> str | None:
    principal = statement.get("Principal")
    return principal.get("Service") if isinstance(principal, dict) else None


def _json(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


@check(
    id="m4.http-round-trip",
    title=Text(
        es="Por HTTP se crea una sesión, se lee con su token y se cierra",
        en="Over HTTP a session is created, read with its token and closed",
    ),
    calls=(),
    local=(
        "HTTP POST /sessions",
        "HTTP GET /sessions/current",
        "HTTP DELETE /sessions/current",
    ),
    fix=Text(
        es='Prueba cada paso con curl (`-H "Authorization: Bearer $TOKEN"`) y mira '
        "`course logs`; un 403 o un 500 sin cuerpo suele ser el permiso de Lambda o un "
        "despliegue sin publicar.",
        en='Try each step with curl (`-H "Authorization: Bearer $TOKEN"`) and read '
        "`course logs`; a 403 or a bodyless 500 is usually the Lambda permission or an "
        "unpublished deployment.",
    ),
)
def http_round_trip(ctx: Context) -> Text:
    headers = {"Content-Type": "application/json"}
    body = json.dumps({"user_id": VERIFY_USER, "ttl": 1}).encode()
    created = ctx.api.request("POST", "/sessions", body, headers)
    if created.status == 401 and _json(created.body) == GATEWAY_UNAUTHORIZED:
        raise skip(
            "POST /sessions pide un token de ID de Cognito (módulo 5): lo comprueba "
            "m5.http-id-token",
            "POST /sessions asks for a Cognito ID token (module 5): m5.http-id-token checks it",
        )
    token = _json(created.body).get("session_token")
    if created.status != 201 or not isinstance(token, str):
        # The body may hold the token: show the status only.
        raise fail(
            f"POST /sessions → {created.status}, sin session_token",
            f"POST /sessions → {created.status}, no session_token",
        )
    session_id = _json(created.body).get("session_id")
    bearer = {"Authorization": f"Bearer {token}"}
    path = "/sessions/current"
    deleted = False
    try:
        for method, expected in (("GET", 200), ("DELETE", 204), ("GET", 401)):
            answer = ctx.api.request(method, path, None, bearer)
            deleted = deleted or (method == "DELETE" and answer.status == 204)
            if answer.status != expected:
                raise fail(
                    f"{method} {path} → {answer.status}, se esperaba {expected}",
                    f"{method} {path} → {answer.status}, expected {expected}",
                )
            read = _json(answer.body) if expected == 200 else {}
            if expected == 200 and (
                read.get("session_id") != session_id or read.get("user_id") != VERIFY_USER
            ):
                raise fail(
                    f"GET devolvió otra sesión: {read}", f"GET returned another session: {read}"
                )
    finally:
        if not deleted:
            # Leave no verification session behind, whatever step failed.
            ctx.api.request("DELETE", path, None, bearer)
    return Text(
        es="201 → 200 → 204 → 401 (cerrada)",
        en="201 → 200 → 204 → 401 (closed)",
    )
