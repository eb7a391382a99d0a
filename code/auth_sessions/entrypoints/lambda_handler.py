"""The Lambda handler: API Gateway REST proxy events (payload v1) in, JSON HTTP answers out.

Routes: POST /sessions, GET /sessions/{session_id}, DELETE /sessions/{session_id}.
A session id that is not a canonical UUID4 names no session, so GET and DELETE answer 404 for
it without reading the table; DELETE of a well-formed id answers 204 whether or not it existed.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from auth_sessions import bootstrap
from auth_sessions.bootstrap import Dependencies
from auth_sessions.config import Settings
from auth_sessions.domain.errors import (
    AuthSessionsError,
    InvalidSessionRequest,
    RepositoryUnavailable,
    SessionAlreadyExists,
    SessionNotFound,
)
from auth_sessions.domain.model import DEFAULT_TTL_HOURS, Session, is_session_id, to_rfc3339
from auth_sessions.entrypoints.json_logging import LOGGER_NAME, configure_logging
from auth_sessions.service import create_session, get_session, revoke_session

LambdaHandler = Callable[[object, object], dict[str, object]]
Event = Mapping[str, object]

LOGGER = logging.getLogger(LOGGER_NAME)

SESSIONS = "/sessions"
SESSION = "/sessions/{session_id}"
MAX_BODY_BYTES = 4096
CREATE_FIELDS = frozenset({"user_id", "ttl"})
HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_SESSION_PATH = re.compile(r"/sessions/([^/]+)")

# --8<-- [start:cors-headers]
# Browsers call the API from other origins; with a proxy integration the function, not API
# Gateway, must add these headers to every answer (the OPTIONS preflight is API Gateway's).
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET,POST,DELETE,OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
}
# --8<-- [end:cors-headers]
# RFC 9110 names, written out: Python 3.13 renamed 413's phrase, and answers must not depend
# on the interpreter.
REASONS = {
    400: "Bad Request",
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


# --8<-- [start:error-status]
ERROR_STATUS: dict[type[AuthSessionsError], int] = {
    InvalidSessionRequest: 400,
    RouteNotFound: 404,
    SessionNotFound: 404,
    MethodNotAllowed: 405,
    ContentTooLarge: 413,
    UnsupportedMediaType: 415,
    SessionAlreadyExists: 500,  # a UUID4 collision: not the client's doing, and about never
    RepositoryUnavailable: 503,
}
# A 5xx answer gives advice; the cause goes to the logs, never to the client.
SERVER_ERROR_MESSAGES = {
    500: "the service failed unexpectedly; try again later",
    503: "the session store is busy or unreachable; retry in a few seconds",
}
# --8<-- [end:error-status]


@dataclass(frozen=True, slots=True)
class Answer:
    """An HTTP answer before it becomes a proxy response."""

    status: int
    body: Mapping[str, object] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    session_id: str | None = None  # logged as a short prefix, never whole
    error: Exception | None = None  # logged by type, never sent

    def to_proxy(self) -> dict[str, object]:
        """Return the answer in the shape API Gateway's proxy integration expects."""
        return {
            "statusCode": self.status,
            "headers": {
                "Content-Type": "application/json",
                "Cache-Control": "no-store",  # session ids are secrets: no cache keeps them
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
    message = SERVER_ERROR_MESSAGES.get(status, str(error))
    headers = {"Allow": ", ".join(error.allowed)} if isinstance(error, MethodNotAllowed) else {}
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
def create(event: Event, _session_id: object, deps: Dependencies) -> Answer:
    """POST /sessions: open a session from the JSON body."""
    fields = create_fields(event)
    session = create_session(
        fields["user_id"],
        fields.get("ttl", DEFAULT_TTL_HOURS),
        repository=deps.repository,
        clock=deps.clock,
        new_id=deps.new_session_id,
    )
    body = {**session_fields(session), "message": "session created"}
    return Answer(201, body, session_id=session.session_id)


def read(_event: Event, session_id: object, deps: Dependencies) -> Answer:
    """GET /sessions/{session_id}: the session, if it is still valid."""
    session = get_session(session_id, repository=deps.repository, clock=deps.clock)
    return Answer(200, session_fields(session))


def revoke(_event: Event, session_id: object, deps: Dependencies) -> Answer:
    """DELETE /sessions/{session_id}: log out, idempotently."""
    revoke_session(session_id, repository=deps.repository)
    return Answer(204)


# --8<-- [end:actions]

Action = Callable[[Event, object, Dependencies], Answer]
ROUTES: dict[str, dict[str, Action]] = {
    SESSIONS: {"POST": create},
    SESSION: {"GET": read, "DELETE": revoke},
}


# --8<-- [start:create-fields]
def create_fields(event: Event) -> dict[str, object]:
    """Return the JSON object of a create request; raise a 400, 413 or 415 error."""
    content_type = header(event, "content-type")
    if content_type is not None and not is_json_media_type(content_type):
        raise UnsupportedMediaType("send the body as JSON with Content-Type: application/json")
    # API Gateway REST base64-encodes a body only when its type is a binary media type,
    # and this API declares none: such a body is not the JSON we expect.
    if event.get("isBase64Encoded"):
        raise InvalidSessionRequest("the body arrived base64-encoded; send plain JSON text")
    body = event.get("body")
    if not isinstance(body, str) or not body.strip():
        raise InvalidSessionRequest('send a JSON body such as {"user_id": "alice", "ttl": 24}')
    if len(body.encode("utf-8", "surrogatepass")) > MAX_BODY_BYTES:
        raise ContentTooLarge(f"the body must be at most {MAX_BODY_BYTES} bytes")
    try:
        fields = json.loads(body)
    except (ValueError, RecursionError) as error:  # RecursionError: deeply nested arrays
        raise InvalidSessionRequest("the body is not valid JSON") from error
    if not isinstance(fields, dict):
        raise InvalidSessionRequest('the body must be a JSON object such as {"user_id": "alice"}')
    unknown = sorted(set(fields) - CREATE_FIELDS)
    if unknown:
        names = ", ".join(json.dumps(name[:32]) for name in unknown[:3])
        raise InvalidSessionRequest(f"unknown field(s) {names}: send only user_id and ttl")
    if "user_id" not in fields:
        raise InvalidSessionRequest("user_id is required")
    return fields


# --8<-- [end:create-fields]


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


def route_of(event: Event) -> tuple[str, object]:
    """Return the route template and the raw session id of an event; raise RouteNotFound."""
    resource = event.get("resource")
    path = event.get("path")
    match = _SESSION_PATH.fullmatch(path) if isinstance(path, str) else None
    path_id = match[1] if match else None
    if resource is None:  # not from API Gateway: route on the path alone
        resource = SESSIONS if path == SESSIONS else SESSION if path_id is not None else None
    if resource == SESSIONS:
        return SESSIONS, None
    if resource == SESSION:
        parameters = event.get("pathParameters")
        if isinstance(parameters, dict) and "session_id" in parameters:
            return SESSION, parameters["session_id"]
        return SESSION, path_id
    raise RouteNotFound("no such path: use POST /sessions or GET/DELETE /sessions/{session_id}")


def action_for(route: str, method: object) -> Action:
    """Return the action serving method on route; raise MethodNotAllowed."""
    actions = ROUTES[route]
    action = actions.get(method) if isinstance(method, str) else None
    if action is None:
        raise MethodNotAllowed(tuple(sorted(actions)))
    return action


def log_answer(
    answer: Answer,
    event: object,
    context: object,
    route: str | None,
    session_id: object,
    started: float,
) -> None:
    """Log one line about an answered request: never a whole session id, header or body."""
    event = event if isinstance(event, dict) else {}
    method = event.get("httpMethod")
    request_context = event.get("requestContext")
    api_request_id = request_context.get("requestId") if isinstance(request_context, dict) else None
    fields: dict[str, object] = {
        "requestId": getattr(context, "aws_request_id", None),
        "apiRequestId": api_request_id
        if isinstance(api_request_id, str) and len(api_request_id) <= 64
        else None,
        "route": route,
        "method": method if isinstance(method, str) and method in HTTP_METHODS else None,
        "status": answer.status,
        "durationMs": round((time.perf_counter() - started) * 1000, 3),
    }
    session_id = answer.session_id or session_id
    if is_session_id(session_id):
        # A session id is a bearer secret: 8 hex digits are enough to follow one in the logs.
        fields["sessionIdPrefix"] = session_id[:8]
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
        route: str | None = None
        session_id: object = None
        try:
            if not isinstance(event, dict):
                raise InvalidSessionRequest("the event is not an API Gateway proxy event")
            route, session_id = route_of(event)
            action = action_for(route, event.get("httpMethod"))
            answer = action(event, session_id, deps)
        except Exception as error:  # the one broad except: every failure becomes an answer
            answer = error_answer(error)
        log_answer(answer, event, context, route, session_id, started)
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
