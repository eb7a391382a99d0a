"""A naive port of the original course's handler, kept only to be measured against ours.

It follows the original design on purpose: the whole request is logged, and the repository
with its boto3 client is built (and closed) inside every invocation instead of once per
execution environment. The session rules are the service's own domain, so the two handlers
differ only in that design. POST /sessions is all the original served.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from datetime import UTC, datetime

import boto3

from auth_sessions.adapters.dynamodb_session_repository import DynamoDbSessionRepository
from auth_sessions.domain.errors import AuthSessionsError
from auth_sessions.domain.model import DEFAULT_TTL_HOURS, Session

LOGGER = logging.getLogger()
LOGGER.setLevel(logging.INFO)


def respond(status: int, body: dict[str, object]) -> dict[str, object]:
    """Return a proxy response with a JSON body."""
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }


def handler(event: dict[str, object], context: object) -> dict[str, object]:
    """Create a session the way the original handler did, for the user the authorizer names."""
    LOGGER.info("Received request: %s", json.dumps(event))
    try:
        request = json.loads(str(event.get("body") or ""))
    except ValueError:
        return respond(400, {"error": "Invalid JSON"})
    # The user: the Cognito authorizer's sub claim (module 5), as the course's function reads it.
    context = event.get("requestContext")
    authorizer = context.get("authorizer") if isinstance(context, dict) else None
    claims = authorizer.get("claims") if isinstance(authorizer, dict) else None
    user_id = claims.get("sub") if isinstance(claims, dict) else None
    if not isinstance(request, dict) or not user_id:
        return respond(400, {"error": "user_id is required"})
    table_name = os.environ.get("DYNAMODB_TABLE_NAME", "")
    if not table_name:
        return respond(500, {"error": "Repository init failed"})
    client = boto3.client("dynamodb")
    try:
        repository = DynamoDbSessionRepository(client, table_name)
        session = Session.start(
            session_id=str(uuid.uuid4()),  # the original's id, itself the secret
            user_id=user_id,
            ttl_hours=request.get("ttl") or DEFAULT_TTL_HOURS,
            now=datetime.now(UTC),
        )
        repository.add(session)
    except AuthSessionsError as error:
        return respond(400, {"error": str(error)})
    except Exception:
        LOGGER.exception("Save failed")
        return respond(500, {"error": "Save failed"})
    finally:
        client.close()
    LOGGER.info("Session created: %s", session.session_id)
    return respond(
        201,
        {
            "session_id": session.session_id,
            "user_id": session.user_id,
            "expires_at": session.expires_at,
            "message": "Session created successfully",
        },
    )
