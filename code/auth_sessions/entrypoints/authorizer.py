"""Who is calling, as API Gateway's Cognito authorizer proved it (module 5).

API Gateway checks the ID token (signature, issuer, expiry) before the function runs and hands
the token's claims over in `requestContext.authorizer.claims`. The function trusts them because
only API Gateway can call it (the Lambda permission); it never reads the token itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from auth_sessions.domain.errors import AuthSessionsError, InvalidSessionRequest


class MissingIdentity(AuthSessionsError):
    """The event carries no Cognito claims: no authorizer stood in front of the request."""


# --8<-- [start:caller]
def caller_of(event: Mapping[str, object]) -> str | None:
    """Return the `sub` claim of the ID token API Gateway verified, or None."""
    context = event.get("requestContext")
    authorizer = context.get("authorizer") if isinstance(context, dict) else None
    claims = authorizer.get("claims") if isinstance(authorizer, dict) else None
    subject = claims.get("sub") if isinstance(claims, dict) else None
    return subject if isinstance(subject, str) and subject else None


def with_caller(fields: Mapping[str, object], caller: str | None) -> dict[str, object]:
    """Return the create fields with user_id set to the caller; raise a 400 or a 401."""
    # --8<-- [start:exercise-m5-caller]
    if "user_id" in fields:  # a body naming the user would let anyone act for anyone
        raise InvalidSessionRequest("user_id comes from your ID token: send only ttl")
    if caller is None:
        raise MissingIdentity("sign in with Cognito and send your ID token in Authorization")
    return {**fields, "user_id": caller}
    # --8<-- [end:exercise-m5-caller]


# --8<-- [end:caller]
