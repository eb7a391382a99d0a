"""Module 3: the function, its log group and alias, one real invocation, and what it logs."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

from modules.checks.context import Context, InvokeResult
from modules.checks.framework import Check, Text, fail, registrar, skip
from modules.i18n import TextError

CHECKS: list[Check] = []
check = registrar(CHECKS)

RUNTIME = "python3.13"
ARCHITECTURE = "arm64"
MEMORY_MB = 128
TIMEOUT_S = 10
HANDLER = "auth_sessions.entrypoints.lambda_handler.handler"
VERIFY_USER = "course-verify"
VERIFY_TTL_HOURS = 1
SESSION_MEMO = "m3.session"  # what m3.invoke-creates-session leaves for the checks after it

MOTO_LOGGING_CONFIG = Text(
    es="el sandbox no guarda logging_config (límite de moto); solo se comprueba en AWS",
    en="the sandbox does not store logging_config (moto limit); checked on AWS only",
)


def configuration(ctx: Context) -> dict[str, Any]:
    def load() -> dict[str, Any]:
        client = ctx.client("lambda")
        try:
            return client.get_function_configuration(FunctionName=ctx.names.function_name)
        except client.exceptions.ResourceNotFoundException:
            raise fail(
                f"la función {ctx.names.function_name} no existe en {ctx.region}",
                f"function {ctx.names.function_name} does not exist in {ctx.region}",
            ) from None

    return ctx.remember("m3.configuration", load)


def setting_check(*, id: str, title: Text, fix: Text, key: str, expected: Any, why: Text) -> None:
    """Register a check that one field of the function's configuration has one value."""

    def run(ctx: Context) -> Text:
        value = configuration(ctx).get(key)
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if value != expected:
            raise fail(
                f"{key} es {value!r}, se esperaba {expected!r}: {why.es}",
                f"{key} is {value!r}, expected {expected!r}: {why.en}",
            )
        return Text(es=f"{key} = {value}", en=f"{key} = {value}")

    check(id=id, title=title, calls=("lambda:GetFunctionConfiguration",), fix=fix)(run)


setting_check(
    id="m3.function-runtime",
    title=Text(es="La función usa Python 3.13", en="The function runs on Python 3.13"),
    fix=Text(es='Pon `runtime = "python3.13"` y aplica.', en='Set `runtime = "python3.13"`.'),
    key="Runtime",
    expected=RUNTIME,
    why=Text(es="el paquete se prueba con esa versión", en="the package is tested on it"),
)
setting_check(
    id="m3.function-architecture",
    title=Text(es="La función corre en arm64 (Graviton)", en="The function runs on arm64"),
    fix=Text(
        es='Pon `architectures = ["arm64"]` y aplica.',
        en='Set `architectures = ["arm64"]` and apply.',
    ),
    key="Architectures",
    expected=ARCHITECTURE,
    why=Text(es="arm64 cuesta un 20 % menos por GB-s", en="arm64 costs 20% less per GB-s"),
)
setting_check(
    id="m3.function-memory",
    title=Text(es="La función tiene 128 MB de memoria", en="The function has 128 MB of memory"),
    fix=Text(es="Pon `memory_size = 128` y aplica.", en="Set `memory_size = 128` and apply."),
    key="MemorySize",
    expected=MEMORY_MB,
    why=Text(es="es lo que cuesta y mide el curso", en="it is what the course prices and measures"),
)
setting_check(
    id="m3.function-timeout",
    title=Text(es="El tiempo máximo es 10 s", en="The timeout is 10 s"),
    fix=Text(es="Pon `timeout = 10` y aplica.", en="Set `timeout = 10` and apply."),
    key="Timeout",
    expected=TIMEOUT_S,
    why=Text(
        es="los reintentos del cliente de DynamoDB caben en 10 s",
        en="the DynamoDB client's retries fit in 10 s",
    ),
)
setting_check(
    id="m3.function-handler",
    title=Text(
        es="El handler es `auth_sessions.entrypoints.lambda_handler.handler`",
        en="The handler is `auth_sessions.entrypoints.lambda_handler.handler`",
    ),
    fix=Text(
        es=f'Pon `handler = "{HANDLER}"`; el zip lleva `auth_sessions/` en su raíz.',
        en=f'Set `handler = "{HANDLER}"`; the zip holds `auth_sessions/` at its root.',
    ),
    key="Handler",
    expected=HANDLER,
    why=Text(es="Lambda no encontraría el código", en="Lambda would not find the code"),
)


@check(
    id="m3.function-env",
    title=Text(
        es="`DYNAMODB_TABLE_NAME` apunta a la tabla de sesiones",
        en="`DYNAMODB_TABLE_NAME` points at the sessions table",
    ),
    calls=("lambda:GetFunctionConfiguration",),
    fix=Text(
        es="En `environment { variables = { ... } }` usa "
        "`DYNAMODB_TABLE_NAME = aws_dynamodb_table.sessions.name`.",
        en="In `environment { variables = { ... } }` use "
        "`DYNAMODB_TABLE_NAME = aws_dynamodb_table.sessions.name`.",
    ),
)
def function_env(ctx: Context) -> Text:
    variables = configuration(ctx).get("Environment", {}).get("Variables", {})
    value = variables.get("DYNAMODB_TABLE_NAME")
    if value != ctx.names.table_name:
        raise fail(
            f"DYNAMODB_TABLE_NAME es {value!r}, la tabla es {ctx.names.table_name!r}",
            f"DYNAMODB_TABLE_NAME is {value!r}, the table is {ctx.names.table_name!r}",
        )
    return Text(es=f"DYNAMODB_TABLE_NAME = {value}", en=f"DYNAMODB_TABLE_NAME = {value}")


@check(
    id="m3.function-role",
    title=Text(
        es="La función usa el rol de ejecución del módulo 2",
        en="The function uses module 2's execution role",
    ),
    calls=("lambda:GetFunctionConfiguration",),
    fix=Text(
        es="Pon `role = aws_iam_role.lambda_execution.arn` en la función.",
        en="Set `role = aws_iam_role.lambda_execution.arn` on the function.",
    ),
)
def function_role(ctx: Context) -> Text:
    arn = configuration(ctx).get("Role", "")
    if arn.rsplit("/", 1)[-1] != ctx.names.role_name:
        raise fail(
            f"la función usa {arn}, no el rol {ctx.names.role_name}",
            f"the function uses {arn}, not role {ctx.names.role_name}",
        )
    return Text(es=arn, en=arn)


@check(
    id="m3.function-json-logs",
    title=Text(
        es="La función escribe logs JSON en su grupo de logs",
        en="The function writes JSON logs to its log group",
    ),
    calls=("lambda:GetFunctionConfiguration",),
    fix=Text(
        es='Añade `logging_config { log_format = "JSON", log_group = '
        "aws_cloudwatch_log_group.lambda.name }` a la función.",
        en='Add `logging_config { log_format = "JSON", log_group = '
        "aws_cloudwatch_log_group.lambda.name }` to the function.",
    ),
    sandbox_skip=MOTO_LOGGING_CONFIG,
)
def function_json_logs(ctx: Context) -> Text:
    logging = configuration(ctx).get("LoggingConfig", {})
    fmt, group = logging.get("LogFormat"), logging.get("LogGroup")
    if fmt != "JSON" or group != ctx.names.log_group_name:
        raise fail(
            f"formato {fmt}, grupo {group}; se esperaba JSON en {ctx.names.log_group_name}",
            f"format {fmt}, group {group}; expected JSON in {ctx.names.log_group_name}",
        )
    return Text(es=f"JSON → {group}", en=f"JSON → {group}")


@check(
    id="m3.log-retention",
    title=Text(
        es="El grupo de logs caduca: 7 días en dev, 30 en prod",
        en="The log group expires: 7 days in dev, 30 in prod",
    ),
    calls=("logs:DescribeLogGroups",),
    fix=Text(
        es="Crea el grupo en Terraform (`aws_cloudwatch_log_group`) con `retention_in_days` "
        "7 (dev) o 30 (prod); sin él, Lambda lo crea sin caducidad.",
        en="Create the group in Terraform (`aws_cloudwatch_log_group`) with "
        "`retention_in_days` 7 (dev) or 30 (prod); without it Lambda creates one that never "
        "expires.",
    ),
)
def log_retention(ctx: Context) -> Text:
    name = ctx.names.log_group_name
    groups = ctx.client("logs").describe_log_groups(logGroupNamePrefix=name)["logGroups"]
    group = next((g for g in groups if g["logGroupName"] == name), None)
    if group is None:
        raise fail(f"el grupo {name} no existe", f"log group {name} does not exist")
    expected = 30 if ctx.names.environment == "prod" else 7
    days = group.get("retentionInDays")
    if days != expected:
        shown = days if days is not None else "∞"
        raise fail(
            f"{name} guarda {shown} días; en {ctx.names.environment} son {expected}",
            f"{name} keeps {shown} days; {ctx.names.environment} keeps {expected}",
        )
    return Text(es=f"{days} días", en=f"{days} days")


@check(
    id="m3.alias",
    title=Text(
        es="El alias `live` apunta a una versión publicada",
        en="The `live` alias points at a published version",
    ),
    calls=("lambda:GetAlias",),
    fix=Text(
        es="Publica la función (`publish = true`) y crea `aws_lambda_alias` con "
        "`function_version = aws_lambda_function.session_api.version`.",
        en="Publish the function (`publish = true`) and create `aws_lambda_alias` with "
        "`function_version = aws_lambda_function.session_api.version`.",
    ),
)
def alias(ctx: Context) -> Text:
    client = ctx.client("lambda")
    name = ctx.names.alias_name
    try:
        found = client.get_alias(FunctionName=ctx.names.function_name, Name=name)
    except client.exceptions.ResourceNotFoundException:
        raise fail(f"el alias {name} no existe", f"alias {name} does not exist") from None
    version = found.get("FunctionVersion")
    if not str(version).isdigit():
        raise fail(
            f"{name} apunta a {version}: cada cambio llegaría sin versión a la que volver",
            f"{name} points at {version}: every change would ship with no version to roll back to",
        )
    return Text(es=f"{name} → versión {version}", en=f"{name} → version {version}")


def proxy_event(
    method: str,
    path: str,
    resource: str,
    body: Any = None,
    token: str | None = None,
    caller: str | None = None,
) -> dict[str, Any]:
    """Build an API Gateway REST proxy event (payload 1.0), as the deployed API sends it.

    caller: the `sub` claim a Cognito authorizer (module 5) verified, handed over in the event.
    """
    request_id = str(uuid.uuid4())
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    authorizer = {} if caller is None else {"authorizer": {"claims": {"sub": caller}}}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": resource,
            "httpMethod": method,
            "path": f"/verify{path}",
            "stage": "verify",
            "requestId": request_id,
            "identity": {"sourceIp": "127.0.0.1", "userAgent": "course-verify"},
            **authorizer,
        },
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


def invoke_create(ctx: Context) -> InvokeResult:
    """Open a session for the verification user through the function, at any module.

    From module 5 the user is the authorizer's `sub` claim and a body naming one is a 400;
    before, the body names it. The module 5 way goes first: its 400 writes nothing.
    """
    signed_in = {"ttl": VERIFY_TTL_HOURS}
    result = ctx.invoker.invoke(
        proxy_event("POST", "/sessions", "/sessions", signed_in, caller=VERIFY_USER)
    )
    if isinstance(result.payload, dict) and result.payload.get("statusCode") == 400:
        named = {"user_id": VERIFY_USER, "ttl": VERIFY_TTL_HOURS}
        result = ctx.invoker.invoke(proxy_event("POST", "/sessions", "/sessions", named))
    return result


@check(
    id="m3.invoke-creates-session",
    title=Text(
        es="Una invocación crea una sesión en la tabla con `expires_at` futuro",
        en="An invocation creates a session in the table with a future `expires_at`",
    ),
    calls=("lambda:Invoke", "dynamodb:GetItem", "dynamodb:DeleteItem"),
    fix=Text(
        es="Mira los logs de la invocación (`course logs`): una variable de entorno, el "
        "permiso del rol o el zip suelen ser la causa.",
        en="Read the invocation's logs (`course logs`): an environment variable, the role's "
        "permission or the zip is the usual cause.",
    ),
)
def invoke_creates_session(ctx: Context) -> Text:
    started = time.time()
    result = invoke_create(ctx)
    payload = result.payload if isinstance(result.payload, dict) else {}
    status = payload.get("statusCode")
    if status != 201:
        shown = json.dumps(result.payload)[:300]
        raise fail(f"la función respondió {shown}", f"the function answered {shown}")
    try:
        answer = json.loads(payload.get("body") or "{}")
        token, session_id = str(answer["session_token"]), str(answer["session_id"])
    except (ValueError, KeyError, TypeError):
        raise fail(
            "la respuesta 201 no trae session_token y session_id",
            "the 201 answer lacks session_token and session_id",
        ) from None
    dynamodb = ctx.client("dynamodb")
    key = {"session_id": {"S": session_id}}
    item = dynamodb.get_item(TableName=ctx.names.table_name, Key=key, ConsistentRead=True).get(
        "Item"
    )
    if item is None:
        raise fail(
            f"la función respondió 201 pero {ctx.names.table_name} no tiene la sesión",
            f"the function answered 201 but {ctx.names.table_name} lacks the session",
        )
    ctx.memo[SESSION_MEMO] = (token, session_id, item, result.request_id, started)
    # The verification session must not outlive the check; logout is what DELETE does.
    dynamodb.delete_item(TableName=ctx.names.table_name, Key=key)
    expires_at = int(item.get("expires_at", {}).get("N", "0"))
    latest = started + VERIFY_TTL_HOURS * 3600 + 300
    if not started < expires_at <= latest:
        raise fail(
            f"expires_at = {expires_at}: debería estar a {VERIFY_TTL_HOURS} h de {int(started)} "
            "(segundos epoch, número)",
            f"expires_at = {expires_at}: it should be {VERIFY_TTL_HOURS} h after "
            f"{int(started)} (epoch seconds, a number)",
        )
    return Text(
        es=f"sesión {session_id[:8]}… creada, caduca en {expires_at - int(started)} s (borrada)",
        en=f"session {session_id[:8]}… created, expires in {expires_at - int(started)} s (deleted)",
    )


def log_messages(ctx: Context, since_s: float) -> list[str]:
    """Return every message in the function's log group since since_s (epoch seconds)."""
    logs = ctx.client("logs")
    kwargs: dict[str, Any] = {
        "logGroupName": ctx.names.log_group_name,
        "startTime": int((since_s - 60) * 1000),
    }
    messages: list[str] = []
    while True:
        page = logs.filter_log_events(**kwargs)
        messages.extend(event["message"] for event in page.get("events", []))
        token = page.get("nextToken")
        if not token or token == kwargs.get("nextToken"):
            return messages
        kwargs["nextToken"] = token


def created_session(ctx: Context) -> tuple[str, str, dict[str, Any], str | None, float]:
    """Return what m3.invoke-creates-session saw: token, id, item, request id, start time."""
    if SESSION_MEMO not in ctx.memo:
        raise skip(
            "necesita la sesión de m3.invoke-creates-session, que no llegó a crearse",
            "needs the session of m3.invoke-creates-session, which was not created",
        )
    return ctx.memo[SESSION_MEMO]


@check(
    id="m3.token-hashed-at-rest",
    title=Text(
        es="La tabla guarda el SHA-256 del token como id, nunca el token",
        en="The table keeps the token's SHA-256 as the id, never the token",
    ),
    calls=("dynamodb:GetItem",),  # the item m3.invoke-creates-session read back
    fix=Text(
        es="Crea la sesión con `session_id = SessionToken.session_id` (el SHA-256 en "
        "hexadecimal del token) y no guardes el token en ningún atributo.",
        en="Open the session with `session_id = SessionToken.session_id` (the token's SHA-256 "
        "in hex) and keep the token in no attribute.",
    ),
)
def token_hashed_at_rest(ctx: Context) -> Text:
    token, session_id, item, _, _ = created_session(ctx)
    expected = hashlib.sha256(token.encode()).hexdigest()
    if session_id != expected:
        raise fail(
            f"session_id {session_id[:16]}… no es el SHA-256 del token: quien lea la tabla "
            "podría usarla",
            f"session_id {session_id[:16]}… is not the token's SHA-256: whoever reads the table "
            "could use it",
        )
    holding = sorted(name for name, value in item.items() if token in json.dumps(value))
    if holding:
        raise fail(
            f"el token está en el elemento: {', '.join(holding)}",
            f"the token is in the item: {', '.join(holding)}",
        )
    return Text(
        es=f"session_id = SHA-256(token) = {session_id[:12]}…; el token no está en el elemento",
        en=f"session_id = SHA-256(token) = {session_id[:12]}…; the item does not hold the token",
    )


@check(
    id="m3.logs-no-token",
    title=Text(
        es="Los logs nunca guardan el token de sesión (es el secreto)",
        en="The logs never hold the session token (it is the secret)",
    ),
    calls=("logs:FilterLogEvents",),
    fix=Text(
        es="Registra el id de sesión (es público) si quieres seguirla; nunca el token, la "
        "cabecera Authorization, otras cabeceras ni el cuerpo.",
        en="Log the session id (it is public) to follow a session; never the token, the "
        "Authorization header, other headers or the body.",
    ),
)
def logs_no_token(ctx: Context) -> Text:
    token, _, _, request_id, started = created_session(ctx)
    marker = request_id or ""
    # CloudWatch Logs receives lines a few seconds after the invocation; wait for this one's.
    deadline = time.monotonic() + ctx.log_wait_s
    while True:
        messages = log_messages(ctx, started)
        if any(marker in message for message in messages):
            break
        if time.monotonic() >= deadline:
            raise fail(
                f"ninguna línea de la invocación {marker or '?'} llegó a "
                f"{ctx.names.log_group_name} en {ctx.log_wait_s:.0f} s",
                f"no line of invocation {marker or '?'} reached {ctx.names.log_group_name} "
                f"in {ctx.log_wait_s:.0f} s",
            )
        time.sleep(min(2.0, max(0.1, ctx.log_wait_s / 10)))
    leaks = [message.replace(token, "<token>") for message in messages if token in message]
    if leaks:
        raise fail(
            f"{len(leaks)} línea(s) con el token, p. ej.: {leaks[0][:200]}",
            f"{len(leaks)} line(s) hold the token, e.g.: {leaks[0][:200]}",
        )
    return Text(
        es=f"{len(messages)} líneas revisadas, ninguna con el token",
        en=f"{len(messages)} lines read, none holds the token",
    )


def invoke_status(ctx: Context, event: dict[str, Any]) -> tuple[int | None, dict[str, Any]]:
    """Invoke the function; return the status code it answered and its JSON body."""
    return answer_of(ctx.invoker.invoke(event))


def answer_of(result: InvokeResult) -> tuple[int | None, dict[str, Any]]:
    """The status code and JSON body of an invocation's answer; fail if the function failed."""
    payload = result.payload if isinstance(result.payload, dict) else {}
    try:
        body = json.loads(payload.get("body") or "{}")
    except ValueError:
        body = {}
    if "statusCode" not in payload:  # the function failed: the payload is Lambda's error
        shown = json.dumps(result.payload)[:300]
        raise fail(f"la función falló: {shown}", f"the function failed: {shown}")
    return payload.get("statusCode"), body if isinstance(body, dict) else {}


def open_verify_session(ctx: Context) -> tuple[str, str]:
    """Create a session through the function; return its token and id."""
    status, body = answer_of(invoke_create(ctx))
    session_id = str(body.get("session_id", ""))
    stored = status == 201 and "session_token" in body and bool(session_id)
    if stored:
        found = ctx.client("dynamodb").get_item(
            TableName=ctx.names.table_name, Key=item_key(session_id), ConsistentRead=True
        )
        stored = "Item" in found
    if not stored:
        raise skip(
            f"la función no creó la sesión ({status}); mira m3.invoke-creates-session",
            f"the function did not create the session ({status}); see m3.invoke-creates-session",
        )
    return str(body["session_token"]), session_id


def current_session_event(method: str, token: str) -> dict[str, Any]:
    return proxy_event(method, "/sessions/current", "/sessions/current", token=token)


@check(
    id="m3.invoke-reads-session",
    title=Text(
        es="Con el token, la función lee la sesión (GET /sessions/current → 200)",
        en="With the token, the function reads the session (GET /sessions/current → 200)",
    ),
    calls=("lambda:Invoke", "dynamodb:GetItem", "dynamodb:DeleteItem"),
    fix=Text(
        es="`DynamoDbSessionRepository.get` debe leer el elemento con `get_item` (lectura "
        "consistente) y devolver `from_item(item)`, o `None` si no está. `course logs` "
        "muestra el error de la invocación.",
        en="`DynamoDbSessionRepository.get` must read the item with `get_item` (a consistent "
        "read) and return `from_item(item)`, or `None` when it is missing. `course logs` "
        "shows the invocation's error.",
    ),
)
def invoke_reads_session(ctx: Context) -> Text:
    token, session_id = open_verify_session(ctx)
    try:
        status, body = invoke_status(ctx, current_session_event("GET", token))
    finally:
        delete_item(ctx, session_id)
    if status != 200 or body.get("session_id") != session_id:
        shown = json.dumps(body)[:200]
        raise fail(
            f"GET respondió {status} {shown}; se esperaba 200 con session_id {session_id[:8]}…",
            f"GET answered {status} {shown}; expected 200 with session_id {session_id[:8]}…",
        )
    return Text(
        es=f"200, sesión {session_id[:8]}… leída", en=f"200, session {session_id[:8]}… read"
    )


@check(
    id="m3.invoke-revokes-session",
    title=Text(
        es="Con el token, la función borra la sesión (DELETE → 204, y ya no está)",
        en="With the token, the function deletes the session (DELETE → 204, and it is gone)",
    ),
    calls=("lambda:Invoke", "dynamodb:GetItem", "dynamodb:DeleteItem"),
    fix=Text(
        es="`DynamoDbSessionRepository.remove` debe borrar el elemento con `delete_item` "
        "por su clave `session_id`. `course logs` muestra el error de la invocación.",
        en="`DynamoDbSessionRepository.remove` must delete the item with `delete_item` by "
        "its `session_id` key. `course logs` shows the invocation's error.",
    ),
)
def invoke_revokes_session(ctx: Context) -> Text:
    token, session_id = open_verify_session(ctx)
    try:
        status, _ = invoke_status(ctx, current_session_event("DELETE", token))
        left = ctx.client("dynamodb").get_item(
            TableName=ctx.names.table_name, Key=item_key(session_id), ConsistentRead=True
        )
    finally:
        delete_item(ctx, session_id)
    if status != 204:
        raise fail(f"DELETE respondió {status}, no 204", f"DELETE answered {status}, not 204")
    if "Item" in left:
        raise fail(
            f"DELETE respondió 204 pero la sesión {session_id[:8]}… sigue en la tabla",
            f"DELETE answered 204 but session {session_id[:8]}… is still in the table",
        )
    return Text(
        es=f"204, sesión {session_id[:8]}… borrada de la tabla",
        en=f"204, session {session_id[:8]}… gone from the table",
    )


def item_key(session_id: str) -> dict[str, dict[str, str]]:
    return {"session_id": {"S": session_id}}


def delete_item(ctx: Context, session_id: str) -> None:
    """Leave no verification session behind, whatever the function did."""
    ctx.client("dynamodb").delete_item(TableName=ctx.names.table_name, Key=item_key(session_id))


CONTRACT = Path(__file__).with_name("repository_contract.py")
CONTRACT_TIMEOUT_S = 120


def hold_adapter_to_contract(ctx: Context) -> list[dict[str, Any]]:
    """Run the repository contract on the reader's code/ in a child process; return its clauses.

    The child is the function's own Python with the project's code/ first on its path, so the
    adapter imports as it would on Lambda, and the course's own package never stands in for it.
    """
    code = ctx.repo_root / "code"
    try:
        python = ctx.function_python()
    except TextError as error:
        raise skip(error.detail.es, error.detail.en) from error
    env = {
        **ctx.aws_environment(),
        "PYTHONPATH": os.pathsep.join([str(code), str(python.site_packages)]),
    }
    # -S: only the path above (no .pth of an editable install); -P: not this file's folder.
    command = [str(python.executable), "-S", "-P", str(CONTRACT), ctx.names.table_name]
    try:
        done = subprocess.run(
            command,
            cwd=ctx.repo_root,
            env=env,
            capture_output=True,
            text=True,
            timeout=CONTRACT_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise fail(
            f"el contrato no terminó en {CONTRACT_TIMEOUT_S} s: ¿espera tu adaptador algo que "
            "no llega?",
            f"the contract did not finish in {CONTRACT_TIMEOUT_S} s: is your adapter waiting "
            "for something that never comes?",
        ) from None
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["(nothing on stderr)"]
        raise fail(
            f"el contrato no pudo ejecutar tu adaptador de {code}: {lines[-1]}",
            f"the contract could not run your adapter from {code}: {lines[-1]}",
        )
    clauses: list[dict[str, Any]] = json.loads(done.stdout)
    return clauses


@check(
    id="m3.repository-contract",
    title=Text(
        es="Tu adaptador de DynamoDB cumple el contrato del repositorio",
        en="Your DynamoDB adapter keeps the repository's contract",
    ),
    calls=("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem"),
    local=("python3.13 -S -P modules/checks/repository_contract.py",),
    fix=Text(
        es="Cada cláusula rota dice qué método de `DynamoDbSessionRepository` no la cumple; "
        "arréglalo en `code/auth_sessions/adapters/dynamodb_session_repository.py`. Son las "
        "mismas cláusulas que cumplen el repositorio en memoria y el adaptador del curso.",
        en="Each broken clause names the method of `DynamoDbSessionRepository` that breaks it; "
        "fix it in `code/auth_sessions/adapters/dynamodb_session_repository.py`. They are the "
        "clauses the in-memory repository and the course's adapter keep.",
    ),
)
def repository_contract(ctx: Context) -> Text:
    clauses = hold_adapter_to_contract(ctx)
    broken = [clause for clause in clauses if clause["breach"] is not None]
    if broken:
        raise fail(
            f"{len(broken)} de {len(clauses)} cláusulas rotas:"
            + "".join(f"\n- {c['es']}: {c['breach']['es']}" for c in broken),
            f"{len(broken)} of {len(clauses)} clauses broken:"
            + "".join(f"\n- {c['en']}: {c['breach']['en']}" for c in broken),
        )
    return Text(
        es=f"las {len(clauses)} cláusulas se cumplen sobre {ctx.names.table_name}",
        en=f"all {len(clauses)} clauses hold on {ctx.names.table_name}",
    )
