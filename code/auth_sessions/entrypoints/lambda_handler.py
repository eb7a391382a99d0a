"""The Lambda handler: API Gateway REST proxy events (payload v1) in, JSON HTTP answers out.

Routes: POST /sessions, GET /sessions/current, DELETE /sessions/current. Read it top to bottom:
the event is parsed once into a typed Request, each route turns it into a typed command for the
service, and one table maps the service's errors to HTTP statuses.

The session token travels only in the Authorization header, never in a URL, and is never
logged; the session id (the token's SHA-256) is public and is logged whole.
"""

from __future__ import annotations

import functools
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from auth_sessions import bootstrap
from auth_sessions.bootstrap import Dependencies
from auth_sessions.config import Settings
from auth_sessions.domain.errors import (
    AuthSessionsError,
    InvalidSessionRequest,
    InvalidSessionToken,
    RepositoryUnavailable,
    SessionAlreadyExists,
    SessionNotFound,
)
from auth_sessions.domain.model import (
    DEFAULT_TTL_HOURS,
    Session,
    SessionToken,
    require_ttl_hours,
    require_user_id,
    to_rfc3339,
)

# --8<-- [start:from-m5-import]
from auth_sessions.entrypoints.authorizer import MissingIdentity, caller_of, with_caller

# --8<-- [end:from-m5-import]
from auth_sessions.entrypoints.json_logging import LOGGER_NAME, configure_logging
from auth_sessions.service import CreateSession, create_session, get_session, revoke_session

LambdaHandler = Callable[[object, object], dict[str, object]]
Event = Mapping[str, object]

LOGGER = logging.getLogger(LOGGER_NAME)

SESSIONS = "/sessions"
CURRENT_SESSION = "/sessions/current"
MAX_BODY_BYTES = 4096
CREATE_FIELDS = frozenset({"user_id", "ttl"})
HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# What a create request may carry, as the error messages name it.
# --8<-- [start:until-m4-create-body]
BODY_EXAMPLE = '{"user_id": "alice", "ttl": 24}'
BODY_FIELDS = "user_id and ttl"
# --8<-- [end:until-m4-create-body]
# --8<-- [start:from-m5-create-body]
BODY_EXAMPLE = '{"ttl": 24}'  # the user is the ID token's sub claim, never the body's
BODY_FIELDS = "ttl"
# --8<-- [end:from-m5-create-body]

# --8<-- [start:cors-headers]
# Browsers call the API from other origins; with a proxy integration the function, not API
# Gateway, must add these headers to every answer (the OPTIONS preflight is API Gateway's).
# Authorization is listed because it is not a CORS-safelisted header: without it here and in
# the preflight, a browser refuses to send the session token.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET,POST,DELETE,OPTIONS",
    "Access-Control-Allow-Headers": "Authorization,Content-Type",
}
# --8<-- [end:cors-headers]
# RFC 9110 names, written out: Python 3.13 renamed 413's phrase, and answers must not depend
# on the interpreter.
REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class RouteNotFound(AuthSessionsError):
    """No route serves the request's path."""


class MethodNotAllowed(AuthSessionsError):
    """The path exists but not with this method."""

    def __init__(self, allowed: tuple[str, ...]) -> None:
        super().__init__(f"this path accepts {', '.join(allowed)}")
        self.allowed = allowed


class ContentTooLarge(AuthSessionsError):
    """The request body is over MAX_BODY_BYTES."""


class UnsupportedMediaType(AuthSessionsError):
    """The request body is declared as something other than JSON."""


class MissingToken(AuthSessionsError):
    """The request has no well-formed Authorization: Bearer <session token> header."""


# --8<-- [start:error-status]
ERROR_STATUS: dict[type[AuthSessionsError], int] = {
    InvalidSessionRequest: 400,
    MissingToken: 401,
    InvalidSessionToken: 401,
    SessionNotFound: 401,
    # --8<-- [start:from-m5-missing-identity]
    MissingIdentity: 401,  # no Cognito claims: no authorizer stood in front of POST
    # --8<-- [end:from-m5-missing-identity]
    RouteNotFound: 404,
    MethodNotAllowed: 405,
    ContentTooLarge: 413,
    UnsupportedMediaType: 415,
    SessionAlreadyExists: 500,  # two equal 256-bit tokens: not the client's doing, and never
    RepositoryUnavailable: 503,
}
# These answers say the same whatever the cause. A 401 that told "missing" from "unknown" or
# "expired" would let a caller probe tokens; a 5xx sends its cause to the logs, not the client.
FIXED_MESSAGES = {
    401: "send a valid session token in the header Authorization: Bearer <session_token>",
    500: "the service failed unexpectedly; try again later",
    503: "the session store is busy or unreachable; retry in a few seconds",
}
# RFC 9110: a 401 names the authentication scheme the client should use.
CHALLENGE = {"WWW-Authenticate": "Bearer"}
# --8<-- [end:error-status]


# --8<-- [start:request]
@dataclass(frozen=True, slots=True)
class Request:
    """The parts of an API Gateway event that the routes use, read once and typed."""

    method: str  # one of the route's methods, such as "GET"
    route: str  # a key of ROUTES, such as "/sessions/current"
    token: SessionToken | None = None  # from Authorization: Bearer; None if missing or malformed
    fields: Mapping[str, object] = field(default_factory=dict)  # the JSON body's object (POST)


# --8<-- [end:request]


@dataclass(frozen=True, slots=True)
class Answer:
    """An HTTP answer before it becomes a proxy response."""

    status: int
    body: Mapping[str, object] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    session_id: str | None = None  # of a new session; public, so logged whole
    error: Exception | None = None  # logged by type, never sent

    def to_proxy(self) -> dict[str, object]:
        """Return the answer in the shape API Gateway's proxy integration expects."""
        return {
            "statusCode": self.status,
            "headers": {
                "Content-Type": "application/json",
                "Cache-Control": "no-store",  # a 201 carries a token: no cache may keep it
                **CORS_HEADERS,
                **self.headers,
            },
            # ensure_ascii keeps the body encodable whatever the client sent (lone surrogates).
            "body": "" if self.body is None else json.dumps(self.body),
            "isBase64Encoded": False,
        }


def error_answer(error: Exception) -> Answer:
    """Map an error to its HTTP answer through ERROR_STATUS; anything unknown is a 500."""
    status = next((ERROR_STATUS[kind] for kind in type(error).__mro__ if kind in ERROR_STATUS), 500)
    message = FIXED_MESSAGES.get(status, str(error))
    # --8<-- [start:from-m5-identity-message]
    if isinstance(error, MissingIdentity):
        message = str(error)  # asks for an ID token, not for a session token
    # --8<-- [end:from-m5-identity-message]
    headers: Mapping[str, str] = CHALLENGE if status == 401 else {}
    if isinstance(error, MethodNotAllowed):
        headers = {"Allow": ", ".join(error.allowed)}
    return Answer(status, {"error": REASONS[status], "message": message}, headers, error=error)


def session_fields(session: Session) -> dict[str, object]:
    """Return the public fields of a session."""
    return {
        "session_id": session.session_id,
        "user_id": session.user_id,
        "created_at": to_rfc3339(session.created_at),
        "expires_at": session.expires_at,
    }


# --8<-- [start:actions]
def create(request: Request, deps: Dependencies) -> Answer:
    """POST /sessions: open a session; the answer holds its token, shown this once."""
    new = create_session(
        create_command(request.fields),
        repository=deps.repository,
        clock=deps.clock,
        new_token=deps.new_session_token,
    )
    body = {"session_token": new.token.text, **session_fields(new.session)}
    return Answer(201, body, session_id=new.session.session_id)


def read(request: Request, deps: Dependencies) -> Answer:
    """GET /sessions/current: the session the bearer token proves, if it is still valid."""
    session = get_session(bearer_token(request), repository=deps.repository, clock=deps.clock)
    return Answer(200, session_fields(session))


def revoke(request: Request, deps: Dependencies) -> Answer:
    """DELETE /sessions/current: log out; any well-formed token gets 204, known or not."""
    revoke_session(bearer_token(request), repository=deps.repository)
    return Answer(204)


# --8<-- [end:actions]

Action = Callable[[Request, Dependencies], Answer]
ROUTES: dict[str, dict[str, Action]] = {
    SESSIONS: {"POST": create},
    CURRENT_SESSION: {"GET": read, "DELETE": revoke},
}


# --8<-- [start:commands]
def create_command(fields: Mapping[str, object]) -> CreateSession:
    """Turn the fields of a create request into a typed command; raise InvalidSessionRequest."""
    unknown = sorted(set(fields) - CREATE_FIELDS)
    if unknown:
        names = ", ".join(json.dumps(name[:32]) for name in unknown[:3])
        raise InvalidSessionRequest(f"unknown field(s) {names}: send only {BODY_FIELDS}")
    if "user_id" not in fields:
        raise InvalidSessionRequest("user_id is required")
    return CreateSession(
        user_id=require_user_id(fields["user_id"]),
        ttl_hours=require_ttl_hours(fields.get("ttl", DEFAULT_TTL_HOURS)),
    )


def bearer_token(request: Request) -> SessionToken:
    """Return the request's session token; raise MissingToken (401) if it has none."""
    if request.token is None:
        raise MissingToken("send Authorization: Bearer <session_token>")
    return request.token


# --8<-- [end:commands]


# --8<-- [start:parse]
def parse_request(event: object) -> Request:
    """Read an API Gateway proxy event once; raise a 400, 404, 405, 413 or 415 error."""
    if not isinstance(event, dict):
        raise InvalidSessionRequest("the event is not an API Gateway proxy event")
    route = route_of(event)
    method = event.get("httpMethod")
    if not isinstance(method, str) or method not in ROUTES[route]:
        raise MethodNotAllowed(tuple(sorted(ROUTES[route])))
    fields = json_fields(event) if method == "POST" else {}
    # --8<-- [start:from-m5-caller]
    if method == "POST":  # the user is whoever API Gateway's authorizer verified
        fields = with_caller(fields, caller_of(event))
    # --8<-- [end:from-m5-caller]
    return Request(method, route, token_of(event), fields)


# --8<-- [end:parse]


def route_of(event: Event) -> str:
    """Return the route of an event, a key of ROUTES; raise RouteNotFound."""
    route = event.get("resource")
    if route is None:  # not from API Gateway: route on the path alone
        route = event.get("path")
    if isinstance(route, str) and route in ROUTES:
        return route
    raise RouteNotFound("no such path: use POST /sessions, or GET or DELETE /sessions/current")


# --8<-- [start:token-of]
def token_of(event: Event) -> SessionToken | None:
    """Return the session token of an Authorization: Bearer header, or None."""
    value = header(event, "authorization")
    if not isinstance(value, str):
        return None
    scheme, _, credentials = value.strip().partition(" ")
    if scheme.lower() != "bearer":  # RFC 9110: scheme names are case-insensitive
        return None
    try:
        return SessionToken(credentials.strip())
    except InvalidSessionToken:
        return None  # malformed answers exactly like missing: one 401 for all


# --8<-- [end:token-of]


# --8<-- [start:json-fields]
def json_fields(event: Event) -> dict[str, object]:
    """Return the JSON object of a request body; raise a 400, 413 or 415 error."""
    content_type = header(event, "content-type")
    if content_type is not None and not is_json_media_type(content_type):
        raise UnsupportedMediaType("send the body as JSON with Content-Type: application/json")
    # API Gateway REST base64-encodes a body only when its type is a binary media type,
    # and this API declares none: such a body is not the JSON we expect.
    if event.get("isBase64Encoded"):
        raise InvalidSessionRequest("the body arrived base64-encoded; send plain JSON text")
    body = event.get("body")
    if not isinstance(body, str) or not body.strip():
        raise InvalidSessionRequest(f"send a JSON body such as {BODY_EXAMPLE}")
    if len(body.encode("utf-8", "surrogatepass")) > MAX_BODY_BYTES:
        raise ContentTooLarge(f"the body must be at most {MAX_BODY_BYTES} bytes")
    try:
        fields = json.loads(body)
    except (ValueError, RecursionError) as error:  # RecursionError: deeply nested arrays
        raise InvalidSessionRequest("the body is not valid JSON") from error
    if not isinstance(fields, dict):
        raise InvalidSessionRequest(f"the body must be a JSON object such as {BODY_EXAMPLE}")
    return fields


# --8<-- [end:json-fields]


def header(event: Event, name: str) -> object | None:
    """Return a request header's value by case-insensitive name, or None."""
    headers = event.get("headers")
    if not isinstance(headers, dict):  # API Gateway sends null when there are none
        return None
    for key, value in headers.items():
        if isinstance(key, str) and key.lower() == name:
            return value
    return None


def is_json_media_type(content_type: object) -> bool:
    """Tell whether a Content-Type value is application/json, parameters aside."""
    return (
        isinstance(content_type, str)
        and content_type.split(";", 1)[0].strip().lower() == "application/json"
    )


def log_answer(
    answer: Answer, request: Request | None, event: object, context: object, started: float
) -> None:
    """Log one line about an answered request: never a token, a header or a body."""
    event = event if isinstance(event, dict) else {}
    request_context = event.get("requestContext")
    api_request_id = request_context.get("requestId") if isinstance(request_context, dict) else None
    method, route = event.get("httpMethod"), event.get("resource")
    session_id = answer.session_id  # a new session's; else the one the bearer token names
    if request is not None:
        method, route = request.method, request.route
        if session_id is None and request.token is not None:
            session_id = request.token.session_id
    fields: dict[str, object] = {
        "requestId": getattr(context, "aws_request_id", None),
        "apiRequestId": api_request_id
        if isinstance(api_request_id, str) and len(api_request_id) <= 64
        else None,
        # Only names the service knows: a client's odd method or path is not written as is.
        "route": route if isinstance(route, str) and route in ROUTES else None,
        "method": method if isinstance(method, str) and method in HTTP_METHODS else None,
        "status": answer.status,
        "durationMs": round((time.perf_counter() - started) * 1000, 3),
        # The SHA-256 of the token: public, so it may be logged whole to follow one session.
        "sessionId": session_id,
    }
    unexpected = answer.error is not None and not isinstance(answer.error, AuthSessionsError)
    if answer.error is not None:
        fields["error"] = type(answer.error).__name__
    if isinstance(answer.error, RepositoryUnavailable):
        fields["cause"] = str(answer.error)  # written by the adapter: codes, no input
    level = logging.ERROR if answer.status >= 500 else logging.INFO
    LOGGER.log(
        level, "request answered", extra=fields, exc_info=answer.error if unexpected else None
    )


def make_handler(deps: Dependencies) -> LambdaHandler:
    """Build the Lambda handler that serves the HTTP contract with deps."""

    # --8<-- [start:handler]
    def handler(event: object, context: object) -> dict[str, object]:
        """Answer one API Gateway REST proxy event; never raise."""
        started = time.perf_counter()
        request: Request | None = None
        try:
            request = parse_request(event)
            action = ROUTES[request.route][request.method]
            answer = action(request, deps)
        except Exception as error:  # the one broad except: every failure becomes an answer
            answer = error_answer(error)
        log_answer(answer, request, event, context, started)
        return answer.to_proxy()

    # --8<-- [end:handler]
    return handler


# --8<-- [start:module-handler]
@functools.cache
def default_handler() -> LambdaHandler:
    """Build the production handler once per execution environment (one boto3 client)."""
    settings = Settings.from_env()
    configure_logging(settings.log_level, runtime_json_logs=settings.runtime_json_logs)
    handler = make_handler(bootstrap.build(settings))
    LOGGER.info(
        "session service ready",
        extra={"environment": settings.environment, "table": settings.table_name},
    )
    return handler


def __getattr__(name: str) -> LambdaHandler:
    """Give `handler` on first access, which the Lambda runtime does at init.

    So a missing DYNAMODB_TABLE_NAME fails the cold start with a clear init error, and
    importing this module (as the tests do) needs no AWS settings at all.
    """
    if name == "handler":
        return default_handler()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --8<-- [end:module-handler]
