"""API Gateway's COGNITO_USER_POOLS authorizer, as the local API emulates it.

A method with this authorizer runs only for a request whose identity source (the Authorization
header) holds an ID token of one of the authorizer's user pools: signed by a key of the pool's
JWKS, issued by the pool, for one of its app clients, `token_use` "id", not expired. Anything
else is API Gateway's 401 `{"message":"Unauthorized"}` and the function never runs. The verified
claims reach the function as `requestContext.authorizer.claims`, every value a string.

The keys come from the sandbox (moto), which serves each pool's JWKS at
`<endpoint>/<pool id>/.well-known/jwks.json`; its tokens name the AWS issuer URL all the same.
Not emulated: OAuth scopes on a method (access tokens), the authorizer's result cache.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

# Cognito signs its tokens with RS256 only; accepting another algorithm would let a token choose
# how it is checked.
ALGORITHMS = ("RS256",)
JWKS_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class UserPool:
    """What the authorizer needs of one user pool: who issues, for whom, with which keys."""

    pool_id: str
    issuer: str
    client_ids: frozenset[str]
    keys: KeySet


def pool_of_arn(arn: str) -> tuple[str, str]:
    """Return (region, pool id) of an ARN such as arn:aws:cognito-idp:REGION:ACCOUNT:userpool/ID."""
    parts = arn.split(":")
    resource = parts[5] if len(parts) > 5 else ""
    if len(parts) != 6 or parts[2] != "cognito-idp" or not resource.startswith("userpool/"):
        raise ValueError(f"{arn!r} is not a Cognito user pool ARN")
    return parts[3], resource.removeprefix("userpool/")


def issuer_of(region: str, pool_id: str) -> str:
    """Return the `iss` claim of a pool's tokens."""
    return f"https://cognito-idp.{region}.amazonaws.com/{pool_id}"


class CognitoAuthorizer:
    """Verify ID tokens of some user pools, as API Gateway does before a method runs."""

    def __init__(self, pools: Iterable[UserPool], now: Callable[[], float] = time.time) -> None:
        self.pools = {pool.issuer: pool for pool in pools}
        self._now = now

    def claims(self, header: str | None) -> dict[str, str] | None:
        """Return the claims of the token in header, or None when API Gateway would answer 401."""
        token = _token_of(header)
        if token is None:
            return None
        try:
            issuer = json.loads(jws.extract_compact(token.encode()).payload).get("iss")
        except (JoseError, ValueError, AttributeError):
            return None  # not a JWT at all
        pool = self.pools.get(issuer) if isinstance(issuer, str) else None
        if pool is None:
            return None  # another pool's token, or no issuer
        try:
            verified = jwt.decode(token, pool.keys, algorithms=list(ALGORITHMS))
            jwt.JWTClaimsRegistry(
                now=lambda: int(self._now()),
                iss={"essential": True, "value": pool.issuer},
                aud={"essential": True, "values": sorted(pool.client_ids)},
                token_use={"essential": True, "value": "id"},
                sub={"essential": True},
                exp={"essential": True},
            ).validate(verified.claims)
        except (JoseError, ValueError):
            return None  # forged, expired, for another client or an access token
        return {name: _text(value) for name, value in verified.claims.items()}


def _token_of(header: str | None) -> str | None:
    """Return the token of an Authorization value: the token itself, or `Bearer <token>`."""
    if header is None:
        return None
    value = header.strip()
    scheme, _, rest = value.partition(" ")
    if scheme.lower() == "bearer":
        value = rest.strip()
    return value or None


def _text(value: object) -> str:
    """Return a claim as API Gateway hands it to the function: a string."""
    return value if isinstance(value, str) else json.dumps(value)


def load_user_pool(cognito: Any, endpoint: str, arn: str) -> UserPool:
    """Read a user pool's app clients and JWKS from the sandbox."""
    region, pool_id = pool_of_arn(arn)
    client_ids = {
        client["ClientId"]
        for page in cognito.get_paginator("list_user_pool_clients").paginate(UserPoolId=pool_id)
        for client in page.get("UserPoolClients", [])
    }
    url = f"{endpoint.rstrip('/')}/{pool_id}/.well-known/jwks.json"
    with urllib.request.urlopen(url, timeout=JWKS_TIMEOUT_S) as response:
        jwks: Mapping[str, Any] = json.load(response)
    keys = KeySet.import_key_set(dict(jwks))  # type: ignore[arg-type]
    return UserPool(pool_id, issuer_of(region, pool_id), frozenset(client_ids), keys)
