"""Module 5: a Cognito user pool, its public app client, and the authorizer on POST /sessions."""

from __future__ import annotations

import base64
import contextlib
import json
import secrets
import time
from typing import Any

from modules.checks.context import Context
from modules.checks.framework import Check, Text, fail, registrar
from modules.checks.m4 import methods_of, rest_api_id

CHECKS: list[Check] = []
check = registrar(CHECKS)

MIN_PASSWORD_LENGTH = 12
# The flows the course's clients use: SRP for a real client, the password itself for the CLI
# steps (and for this module's HTTP check), refresh to stay signed in.
AUTH_FLOWS = ("ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")
IDENTITY_SOURCE = "method.request.header.Authorization"
# API Gateway's own answer when an authorizer refuses a token: the function never ran.
GATEWAY_UNAUTHORIZED = {"message": "Unauthorized"}
VERIFY_USER = "course-verify@example.com"

POOL_CALLS = ("cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool")
CLIENT_CALLS = (*POOL_CALLS, "cognito-idp:ListUserPoolClients")


def user_pool(ctx: Context) -> dict[str, Any]:
    """Return the user pool as DescribeUserPool answers: by its output id, else by name."""

    def load() -> dict[str, Any]:
        cognito = ctx.client("cognito-idp")
        pool_id = ctx.names.user_pool_id
        if not pool_id:
            found = [
                pool["Id"]
                for page in cognito.get_paginator("list_user_pools").paginate(MaxResults=60)
                for pool in page["UserPools"]
                if pool["Name"] == ctx.names.user_pool_name
            ]
            if len(found) != 1:
                raise fail(
                    f"hay {len(found)} user pools llamados {ctx.names.user_pool_name}; "
                    "se espera uno",
                    f"there are {len(found)} user pools named {ctx.names.user_pool_name}; "
                    "expected one",
                )
            pool_id = found[0]
        return cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]

    return ctx.remember("m5.user_pool", load)


def app_client_id(ctx: Context) -> str:
    """Return the app client's id: from the outputs, else the pool's one client with its name."""

    def load() -> str:
        if ctx.names.user_pool_client_id:
            return ctx.names.user_pool_client_id
        pool_id = user_pool(ctx)["Id"]
        pages = ctx.client("cognito-idp").get_paginator("list_user_pool_clients")
        found = [
            client["ClientId"]
            for page in pages.paginate(UserPoolId=pool_id, MaxResults=60)
            for client in page["UserPoolClients"]
            if client["ClientName"] == ctx.names.user_pool_client_name
        ]
        if len(found) != 1:
            raise fail(
                f"{pool_id} tiene {len(found)} app clients {ctx.names.user_pool_client_name}",
                f"{pool_id} has {len(found)} app clients {ctx.names.user_pool_client_name}",
            )
        return found[0]

    return ctx.remember("m5.app_client_id", load)


def issuer(ctx: Context) -> str:
    return f"https://cognito-idp.{ctx.region}.amazonaws.com/{user_pool(ctx)['Id']}"


@check(
    id="m5.user-pool",
    title=Text(
        es=f"El user pool inicia sesión por email y pide contraseñas de {MIN_PASSWORD_LENGTH} "
        "caracteres o más",
        en=f"The user pool signs in by email and asks for passwords of {MIN_PASSWORD_LENGTH} "
        "characters or more",
    ),
    calls=POOL_CALLS,
    fix=Text(
        es='Declara `aws_cognito_user_pool` con `username_attributes = ["email"]` y un '
        f"`password_policy` con `minimum_length` de {MIN_PASSWORD_LENGTH} o más.",
        en='Declare `aws_cognito_user_pool` with `username_attributes = ["email"]` and a '
        f"`password_policy` whose `minimum_length` is {MIN_PASSWORD_LENGTH} or more.",
    ),
)
def user_pool_settings(ctx: Context) -> Text:
    pool = user_pool(ctx)
    policy = (pool.get("Policies") or {}).get("PasswordPolicy") or {}
    length = int(policy.get("MinimumLength") or 0)
    es, en = [], []
    if length < MIN_PASSWORD_LENGTH:
        es.append(f"pide contraseñas de {length} caracteres, menos de {MIN_PASSWORD_LENGTH}")
        en.append(f"asks for passwords of {length} characters, fewer than {MIN_PASSWORD_LENGTH}")
    if "email" not in (pool.get("UsernameAttributes") or []):
        es.append("no inicia sesión por email (UsernameAttributes)")
        en.append("does not sign in by email (UsernameAttributes)")
    if es:
        raise fail(f"{pool['Name']} {'; '.join(es)}", f"{pool['Name']} {'; '.join(en)}")
    return Text(
        es=f"{pool['Id']}: email, contraseñas de {length}+ caracteres",
        en=f"{pool['Id']}: email, passwords of {length}+ characters",
    )


@check(
    id="m5.app-client",
    title=Text(
        es="El app client es público (sin secreto) y permite SRP, contraseña y refresco",
        en="The app client is public (no secret) and allows SRP, password and refresh",
    ),
    calls=(*CLIENT_CALLS, "cognito-idp:DescribeUserPoolClient"),
    fix=Text(
        es="En `aws_cognito_user_pool_client`: `generate_secret = false` y "
        f"`explicit_auth_flows` con {', '.join(AUTH_FLOWS)}.",
        en="In `aws_cognito_user_pool_client`: `generate_secret = false` and "
        f"`explicit_auth_flows` with {', '.join(AUTH_FLOWS)}.",
    ),
)
def app_client(ctx: Context) -> Text:
    client = ctx.client("cognito-idp").describe_user_pool_client(
        UserPoolId=user_pool(ctx)["Id"], ClientId=app_client_id(ctx)
    )["UserPoolClient"]
    es, en = [], []
    if client.get("ClientSecret"):
        es.append("tiene un secreto, y ningún navegador ni móvil puede guardarlo")
        en.append("has a secret, which no browser or phone can keep")
    missing = [flow for flow in AUTH_FLOWS if flow not in (client.get("ExplicitAuthFlows") or [])]
    if missing:
        es.append(f"le faltan flujos: {', '.join(missing)}")
        en.append(f"lacks flows: {', '.join(missing)}")
    if es:
        name = client["ClientName"]
        raise fail(f"{name} {'; '.join(es)}", f"{name} {'; '.join(en)}")
    return Text(
        es=f"{client['ClientName']}: sin secreto, {len(AUTH_FLOWS)} flujos",
        en=f"{client['ClientName']}: no secret, {len(AUTH_FLOWS)} flows",
    )


@check(
    id="m5.authorizer",
    title=Text(
        es="POST /sessions pasa por un autorizador de Cognito con este user pool; GET y DELETE, no",
        en="POST /sessions goes through a Cognito authorizer of this user pool; GET and DELETE "
        "do not",
    ),
    calls=(
        *POOL_CALLS,
        "apigateway:GetRestApis",
        "apigateway:GetResources",
        "apigateway:GetMethod",
        "apigateway:GetAuthorizers",
    ),
    fix=Text(
        es='Declara `aws_api_gateway_authorizer` con `type = "COGNITO_USER_POOLS"`, el ARN del '
        f'pool en `provider_arns` e `identity_source = "{IDENTITY_SOURCE}"`; ponlo en el '
        'método POST (`authorization = "COGNITO_USER_POOLS"`, `authorizer_id`) y deja GET y '
        "DELETE sin él: llevan el token de sesión, no un token de Cognito.",
        en='Declare `aws_api_gateway_authorizer` with `type = "COGNITO_USER_POOLS"`, the pool\'s '
        f'ARN in `provider_arns` and `identity_source = "{IDENTITY_SOURCE}"`; put it on the POST '
        'method (`authorization = "COGNITO_USER_POOLS"`, `authorizer_id`) and leave GET and '
        "DELETE without it: they carry the session token, not a Cognito token.",
    ),
)
def authorizer(ctx: Context) -> Text:
    pool_arn = user_pool(ctx)["Arn"]
    items = ctx.client("apigateway").get_authorizers(restApiId=rest_api_id(ctx), limit=500)
    ours = [
        item
        for item in items.get("items", [])
        if item.get("type") == "COGNITO_USER_POOLS"
        and pool_arn in (item.get("providerARNs") or [])
        and item.get("identitySource") == IDENTITY_SOURCE
    ]
    if not ours:
        raise fail(
            f"ningún autorizador COGNITO_USER_POOLS lee {IDENTITY_SOURCE} con {pool_arn}",
            f"no COGNITO_USER_POOLS authorizer reads {IDENTITY_SOURCE} with {pool_arn}",
        )
    ids = {item["id"] for item in ours}
    problems = []
    post = methods_of(ctx, "/sessions", "POST") or {}
    if post.get("authorizationType") != "COGNITO_USER_POOLS" or post.get("authorizerId") not in ids:
        problems.append(
            f"POST /sessions: {post.get('authorizationType')} {post.get('authorizerId')}"
        )
    for method in ("GET", "DELETE"):
        found = methods_of(ctx, "/sessions/current", method) or {}
        if found.get("authorizationType") not in (None, "NONE"):
            problems.append(f"{method} /sessions/current: {found.get('authorizationType')}")
    if problems:
        listed = "; ".join(problems)
        raise fail(f"autorización distinta: {listed}", f"the authorization differs: {listed}")
    return Text(
        es=f"POST /sessions → autorizador {', '.join(sorted(ids))}",
        en=f"POST /sessions → authorizer {', '.join(sorted(ids))}",
    )


def _json(body: bytes) -> Any:
    try:
        return json.loads(body or b"null")
    except ValueError:
        return None


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def forged_token(ctx: Context) -> str:
    """Return a JWT with the pool's issuer and client and a signature no key of the pool made."""
    header = {"alg": "RS256", "kid": "forged", "typ": "JWT"}
    claims = {
        "iss": issuer(ctx),
        "aud": app_client_id(ctx),
        "sub": "forged-subject",
        "token_use": "id",
        "exp": int(time.time()) + 3600,
    }
    signature = base64.urlsafe_b64encode(secrets.token_bytes(256)).rstrip(b"=").decode()
    return f"{_b64(header)}.{_b64(claims)}.{signature}"


@check(
    id="m5.http-unauthorized",
    title=Text(
        es="Por HTTP, POST /sessions sin token o con uno falsificado recibe el 401 de API Gateway",
        en="Over HTTP, POST /sessions without a token or with a forged one gets API Gateway's 401",
    ),
    calls=CLIENT_CALLS,
    local=("HTTP POST /sessions",),
    fix=Text(
        es='Si responde la función (`{"error": ...}`) o llega un 201, el autorizador no está en '
        "el método POST o la etapa sirve un despliegue anterior: aplica de nuevo y mira "
        "`aws apigateway get-method`.",
        en='If the function answers (`{"error": ...}`) or a 201 comes back, the authorizer is '
        "not on the POST method or the stage serves an older deployment: apply again and read "
        "`aws apigateway get-method`.",
    ),
)
def http_unauthorized(ctx: Context) -> Text:
    body = json.dumps({"ttl": 1}).encode()
    cases = {"no token": {}, "forged token": {"Authorization": forged_token(ctx)}}
    for case, extra in cases.items():
        headers = {"Content-Type": "application/json", **extra}
        answer = ctx.api.request("POST", "/sessions", body, headers)
        if answer.status != 401 or _json(answer.body) != GATEWAY_UNAUTHORIZED:
            raise fail(
                f"POST /sessions con {case} → {answer.status} {answer.body[:80]!r}, se esperaba "
                '401 {"message":"Unauthorized"}',
                f"POST /sessions with {case} → {answer.status} {answer.body[:80]!r}, expected "
                '401 {"message":"Unauthorized"}',
            )
    return Text(es="sin token: 401; falsificado: 401", en="no token: 401; forged: 401")


def claims_of(token: str) -> dict[str, Any]:
    """Return a JWT's claims, unverified: the check reads its own, freshly issued token."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def sign_in_verify_user(ctx: Context) -> str:
    """Create the verification user with a random password and return its ID token."""
    cognito = ctx.client("cognito-idp")
    pool_id = user_pool(ctx)["Id"]
    # Meets any policy: upper, lower, digits and a symbol, 32+ characters.
    password = f"Vf-{secrets.token_urlsafe(24)}-9aZ!"
    cognito.admin_create_user(
        UserPoolId=pool_id,
        Username=VERIFY_USER,
        UserAttributes=[
            {"Name": "email", "Value": VERIFY_USER},
            {"Name": "email_verified", "Value": "true"},
        ],
        MessageAction="SUPPRESS",
    )
    cognito.admin_set_user_password(
        UserPoolId=pool_id, Username=VERIFY_USER, Password=password, Permanent=True
    )
    answer = cognito.initiate_auth(
        ClientId=app_client_id(ctx),
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": VERIFY_USER, "PASSWORD": password},
    )
    return answer["AuthenticationResult"]["IdToken"]


@check(
    id="m5.http-id-token",
    title=Text(
        es="Por HTTP, un token de ID abre una sesión para su `sub`, nunca para un `user_id` del "
        "cuerpo, y la tabla no guarda ningún token",
        en="Over HTTP, an ID token opens a session for its `sub`, never for a body's `user_id`, "
        "and the table keeps no token",
    ),
    calls=(
        *CLIENT_CALLS,
        "cognito-idp:AdminCreateUser",
        "cognito-idp:AdminSetUserPassword",
        "cognito-idp:InitiateAuth",
        "cognito-idp:AdminDeleteUser",
        "dynamodb:GetItem",
    ),
    local=("HTTP POST /sessions", "HTTP GET /sessions/current", "HTTP DELETE /sessions/current"),
    fix=Text(
        es="La función debe tomar el usuario de `requestContext.authorizer.claims.sub` y "
        "responder 400 a un `user_id` en el cuerpo; prueba con curl y mira `course logs`.",
        en="The function must take the user from `requestContext.authorizer.claims.sub` and "
        "answer 400 to a `user_id` in the body; try it with curl and read `course logs`.",
    ),
)
def http_id_token(ctx: Context) -> Text:
    cognito = ctx.client("cognito-idp")
    pool_id = user_pool(ctx)["Id"]
    delete_verify_user(cognito, pool_id)  # a run cut short may have left it behind
    try:
        return _session_for(ctx, sign_in_verify_user(ctx))
    finally:
        delete_verify_user(cognito, pool_id)


def delete_verify_user(cognito: Any, pool_id: str) -> None:
    with contextlib.suppress(cognito.exceptions.UserNotFoundException):
        cognito.admin_delete_user(UserPoolId=pool_id, Username=VERIFY_USER)


def _session_for(ctx: Context, id_token: str) -> Text:
    subject = claims_of(id_token)["sub"]
    headers = {"Content-Type": "application/json", "Authorization": id_token}
    spoofed = ctx.api.request(
        "POST", "/sessions", json.dumps({"user_id": "mallory"}).encode(), headers
    )
    if spoofed.status != 400:
        raise fail(
            f'POST /sessions con {{"user_id": "mallory"}} → {spoofed.status}, se esperaba 400',
            f'POST /sessions with {{"user_id": "mallory"}} → {spoofed.status}, expected 400',
        )
    created = ctx.api.request("POST", "/sessions", json.dumps({"ttl": 1}).encode(), headers)
    fields = _json(created.body) if created.status == 201 else None
    if not isinstance(fields, dict) or not isinstance(fields.get("session_token"), str):
        # The body may hold a token: show the status only.
        raise fail(
            f"POST /sessions con un token de ID → {created.status}, sin session_token",
            f"POST /sessions with an ID token → {created.status}, no session_token",
        )
    bearer = {"Authorization": f"Bearer {fields['session_token']}"}
    try:
        if fields.get("user_id") != subject:
            raise fail(
                f"la sesión es de {fields.get('user_id')!r}, no del sub {subject}",
                f"the session belongs to {fields.get('user_id')!r}, not to sub {subject}",
            )
        read = ctx.api.request("GET", "/sessions/current", None, bearer)
        if read.status != 200 or (_json(read.body) or {}).get("user_id") != subject:
            raise fail(
                f"GET /sessions/current → {read.status}, se esperaba 200 para {subject}",
                f"GET /sessions/current → {read.status}, expected 200 for {subject}",
            )
        item = (
            ctx.client("dynamodb")
            .get_item(
                TableName=ctx.names.table_name,
                Key={"session_id": {"S": str(fields.get("session_id"))}},
                ConsistentRead=True,
            )
            .get("Item")
            or {}
        )
        stored = json.dumps(item)
        if fields["session_token"] in stored or id_token in stored:
            raise fail(
                "el elemento de la sesión guarda un token: guarda solo su SHA-256",
                "the session's item holds a token: keep its SHA-256 only",
            )
    finally:
        ctx.api.request("DELETE", "/sessions/current", None, bearer)
    return Text(
        es=f"user_id en el cuerpo: 400; token de ID: 201 para {subject}; GET: 200",
        en=f"user_id in the body: 400; ID token: 201 for {subject}; GET: 200",
    )
