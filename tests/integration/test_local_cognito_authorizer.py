"""The local API's Cognito authorizer against user pools in moto: what it lets through, and not.

Each refusal has its own test, made so that only the property under test is wrong: a token of
the right pool with the wrong signature, the right token a moment too late, and so on.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from modules.runtime.cognito_authorizer import CognitoAuthorizer, load_user_pool, pool_of_arn
from modules.runtime.local_api import LocalApi
from modules.sandbox.moto_server import MotoServer
from tests.fixtures.cognito import Pool, claims_of, guard_with_pool, make_pool, sign_in
from tests.fixtures.functions import (
    create_proxy_api,
    deploy_function,
    fixture_zip,
    http_call,
    publish_alias,
    sandbox_session,
    unique,
)

pytestmark = pytest.mark.sandbox


@pytest.fixture(scope="module")
def session() -> boto3.Session:
    return sandbox_session()


@pytest.fixture(scope="module")
def cognito(session: boto3.Session, moto_server: MotoServer) -> Any:
    return session.client("cognito-idp", endpoint_url=moto_server.endpoint)


@pytest.fixture(scope="module")
def pool(cognito: Any) -> Pool:
    return make_pool(cognito)


@pytest.fixture(scope="module")
def tokens(cognito: Any, pool: Pool) -> dict[str, str]:
    return sign_in(cognito, pool, "ana@example.com")


@pytest.fixture(scope="module")
def authorizer(cognito: Any, pool: Pool, moto_server: MotoServer) -> CognitoAuthorizer:
    return CognitoAuthorizer([load_user_pool(cognito, moto_server.endpoint, pool.arn)])


def test_a_valid_id_token_gives_its_claims_as_strings(
    authorizer: CognitoAuthorizer, tokens: dict[str, str]
) -> None:
    claims = authorizer.claims(tokens["IdToken"])
    assert claims is not None
    assert claims["sub"] == claims_of(tokens["IdToken"])["sub"]
    assert claims["token_use"] == "id"
    assert claims["email"] == "ana@example.com"
    assert all(isinstance(value, str) for value in claims.values())


def test_the_token_may_come_with_the_bearer_scheme(
    authorizer: CognitoAuthorizer, tokens: dict[str, str]
) -> None:
    assert authorizer.claims(f"Bearer {tokens['IdToken']}") is not None


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer ", "not-a-jwt", "a.b.c"])
def test_no_token_or_something_that_is_no_jwt_is_refused(
    authorizer: CognitoAuthorizer, header: str | None
) -> None:
    assert authorizer.claims(header) is None


def test_an_access_token_is_refused(authorizer: CognitoAuthorizer, tokens: dict[str, str]) -> None:
    assert authorizer.claims(tokens["AccessToken"]) is None


def test_a_token_signed_by_another_key_is_refused(
    authorizer: CognitoAuthorizer, tokens: dict[str, str]
) -> None:
    """Same header (kid), same claims: only the signature is not the pool's."""
    forger = RSAKey.generate_key(2048, parameters={"kid": "dummy"})
    forged = jwt.encode({"alg": "RS256", "kid": "dummy"}, claims_of(tokens["IdToken"]), forger)
    assert authorizer.claims(forged) is None


def test_a_token_whose_claims_were_changed_is_refused(
    authorizer: CognitoAuthorizer, tokens: dict[str, str]
) -> None:
    header, _, signature = tokens["IdToken"].split(".")
    claims = {**claims_of(tokens["IdToken"]), "sub": "someone-else"}
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert authorizer.claims(f"{header}.{payload}.{signature}") is None


def test_an_expired_token_is_refused(
    cognito: Any, pool: Pool, moto_server: MotoServer, tokens: dict[str, str]
) -> None:
    """The same token, read an hour and a minute later (Cognito's ID tokens last an hour)."""
    later = CognitoAuthorizer(
        [load_user_pool(cognito, moto_server.endpoint, pool.arn)],
        now=lambda: time.time() + 3660,
    )
    assert later.claims(tokens["IdToken"]) is None


def test_a_token_of_another_pool_is_refused(cognito: Any, authorizer: CognitoAuthorizer) -> None:
    """moto signs every pool's tokens with one key: only the issuer tells them apart."""
    other = make_pool(cognito)
    token = sign_in(cognito, other, "eve@example.com")["IdToken"]
    assert authorizer.claims(token) is None


def test_a_token_for_a_client_the_pool_no_longer_has_is_refused(
    cognito: Any, moto_server: MotoServer
) -> None:
    pool = make_pool(cognito)
    gone = cognito.create_user_pool_client(UserPoolId=pool.pool_id, ClientName="gone")
    gone_id = gone["UserPoolClient"]["ClientId"]
    token = sign_in(cognito, pool, "old@example.com", client_id=gone_id)["IdToken"]
    cognito.delete_user_pool_client(UserPoolId=pool.pool_id, ClientId=gone_id)
    authorizer = CognitoAuthorizer([load_user_pool(cognito, moto_server.endpoint, pool.arn)])
    assert authorizer.claims(token) is None
    assert authorizer.claims(sign_in(cognito, pool, "new@example.com")["IdToken"]) is not None


def test_a_user_pool_arn_names_its_region_and_id() -> None:
    arn = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123"
    assert pool_of_arn(arn) == ("eu-west-1", "eu-west-1_AbC123")
    with pytest.raises(ValueError, match="not a Cognito user pool ARN"):
        pool_of_arn("arn:aws:iam::123456789012:role/x")


# -- through the local API -------------------------------------------------------------------


@pytest.fixture(scope="module")
def guarded_url(session: boto3.Session, moto_server: MotoServer, pool: Pool) -> Iterator[str]:
    """The echo function behind POST /items, which needs an ID token of the pool."""
    endpoint = moto_server.endpoint
    code = fixture_zip("echo")
    name = unique("echo-authorized")
    deploy_function(session, endpoint, name, code, "echo_app.handler")
    alias_arn = publish_alias(session, endpoint, name)
    api_id = create_proxy_api(session, endpoint, alias_arn, {"/items": ["POST", "GET"]})
    client = session.client("apigateway", endpoint_url=endpoint)
    guard_with_pool(client, api_id, "/items", "POST", pool)
    with LocalApi.from_sandbox(session, endpoint, api_id, "dev", [code]) as local_api:
        yield local_api.serve("127.0.0.1", 0)


def test_the_local_api_answers_401_like_api_gateway_without_running_the_function(
    guarded_url: str,
) -> None:
    answer = http_call(guarded_url, "POST", "/items", b"{}", {"Authorization": "forged"})
    assert answer.status == 401
    assert answer.body == b'{"message":"Unauthorized"}'
    assert answer.headers["x-amzn-ErrorType"] == "UnauthorizedException"


def test_the_local_api_hands_the_verified_claims_to_the_function(
    guarded_url: str, tokens: dict[str, str]
) -> None:
    answer = http_call(guarded_url, "POST", "/items", b"{}", {"Authorization": tokens["IdToken"]})
    assert answer.status == 200
    claims = answer.json()["requestContext"]["authorizer"]["claims"]
    assert claims["sub"] == claims_of(tokens["IdToken"])["sub"]


def test_a_method_without_the_authorizer_needs_no_token(guarded_url: str) -> None:
    answer = http_call(guarded_url, "GET", "/items")
    assert answer.status == 200
    assert "authorizer" not in answer.json()["requestContext"]
