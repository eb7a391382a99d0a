"""Property-based tests: whatever arrives, the handler answers, never with 5xx, never writing.

The example counts are set per test; together they make 1,700 examples per run.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auth_sessions.adapters.fixed_clock import FixedClock
from auth_sessions.adapters.in_memory_session_repository import InMemorySessionRepository
from auth_sessions.bootstrap import Dependencies
from auth_sessions.domain.model import MAX_TTL_HOURS, MAX_USER_ID_LENGTH, MIN_TTL_HOURS
from auth_sessions.entrypoints.lambda_handler import (
    CORS_HEADERS,
    MAX_BODY_BYTES,
    ROUTES,
    make_handler,
)
from tests.unit.builders import (
    NOW,
    SESSION_TOKEN,
    FakeContext,
    body_of,
    get_event,
    load_event,
    make_event,
    make_session,
)

EXAMPLES = {
    "arbitrary": 300,
    "mutated": 300,
    "bad_body": 300,
    "bad_caller": 50,
    "base64": 100,
    "routes": 150,
    "oversized": 50,
    "content_type": 100,
    "valid": 150,
    "authorization": 200,
}
assert sum(EXAMPLES.values()) == 1700

QUICK = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
SAMPLES = [
    load_event(name) for name in ("create_session_signed_in", "get_session", "delete_session")
]
PROXY_KEYS = sorted(SAMPLES[0])
CREATE_FIELDS = {"ttl"}  # the user is the caller the authorizer verified

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=10,
)


def fresh() -> tuple[Any, InMemorySessionRepository]:
    repository = InMemorySessionRepository()
    return make_handler(Dependencies(repository=repository, clock=FixedClock(NOW))), repository


def assert_well_formed(response: dict[str, Any]) -> None:
    assert response["statusCode"] < 500, response
    assert response["headers"]["Content-Type"] == "application/json"
    assert CORS_HEADERS.items() <= response["headers"].items()
    json.dumps(response).encode("utf-8")  # what the Lambda runtime does with the answer
    if response["statusCode"] >= 400:
        body = body_of(response)
        assert set(body) == {"error", "message"}
        assert body["message"]


def answer(event: object) -> tuple[dict[str, Any], InMemorySessionRepository]:
    handler, repository = fresh()
    response = handler(event, FakeContext())
    assert_well_formed(response)
    return response, repository


@settings(max_examples=EXAMPLES["arbitrary"], **QUICK)
@given(
    event=json_values
    | st.dictionaries(st.sampled_from(PROXY_KEYS) | st.text(max_size=8), json_values, max_size=12)
)
def test_arbitrary_events_get_an_answer_and_write_only_on_201(event: object) -> None:
    response, repository = answer(event)
    assert len(repository) == (1 if response["statusCode"] == 201 else 0)


@settings(max_examples=EXAMPLES["mutated"], **QUICK)
@given(
    sample=st.sampled_from(SAMPLES),
    replaced=st.dictionaries(st.sampled_from(PROXY_KEYS), json_values, max_size=4),
    removed=st.sets(st.sampled_from(PROXY_KEYS), max_size=4),
)
def test_sample_events_with_fields_broken_or_missing_still_get_an_answer(
    sample: dict[str, Any], replaced: dict[str, Any], removed: set[str]
) -> None:
    event = {k: v for k, v in {**sample, **replaced}.items() if k not in removed}
    response, repository = answer(event)
    assert len(repository) == (1 if response["statusCode"] == 201 else 0)


def out_of_range_ttl() -> st.SearchStrategy[int]:
    return st.integers(max_value=MIN_TTL_HOURS - 1) | st.integers(min_value=MAX_TTL_HOURS + 1)


bad_user_ids = (
    st.just("")
    | st.text(alphabet=" \t", min_size=1, max_size=5)
    | st.text(min_size=MAX_USER_ID_LENGTH + 1, max_size=MAX_USER_ID_LENGTH + 40)
    | st.tuples(st.text(max_size=10), st.characters(categories=["Cc", "Cf", "Cs"])).map("".join)
)
bad_bodies = st.one_of(
    # Not JSON at all, or JSON cut short.
    st.text(max_size=200).map(lambda text: "<" + text),
    st.dictionaries(st.text(max_size=8), json_values, max_size=3).map(
        lambda obj: json.dumps(obj)[:-1]
    ),
    # JSON, but not an object.
    json_values.filter(lambda value: not isinstance(value, dict)).map(json.dumps),
    # An object with a field the API does not know.
    st.dictionaries(
        st.text(max_size=12).filter(lambda key: key not in CREATE_FIELDS),
        json_values,
        min_size=1,
        max_size=3,
    ).map(lambda extra: json.dumps({"ttl": 24, **extra})),
    # A user_id of any value: the user is the ID token's, never the body's.
    json_values.map(lambda user_id: json.dumps({"user_id": user_id, "ttl": 24})),
    # A ttl of the wrong type: a bool is not an int, a float is not a whole number of hours.
    json_values.filter(lambda value: type(value) is not int).map(
        lambda ttl: json.dumps({"ttl": ttl})
    ),
    # Values out of bounds.
    out_of_range_ttl().map(lambda ttl: json.dumps({"ttl": ttl})),
)


@settings(max_examples=EXAMPLES["bad_caller"], **QUICK)
@given(caller=bad_user_ids)
def test_a_bad_sub_claim_is_a_client_error_and_writes_nothing(caller: str) -> None:
    """Cognito's sub is a UUID; anything else in the claims is refused, never stored."""
    response, repository = answer(make_event(body={"ttl": 24}, caller=caller))
    assert response["statusCode"] == (401 if caller == "" else 400)
    assert len(repository) == 0


@settings(max_examples=EXAMPLES["bad_body"], **QUICK)
@given(body=bad_bodies)
def test_a_bad_create_body_is_400_or_413_and_writes_nothing(body: str) -> None:
    response, repository = answer(make_event(body=body))
    too_large = len(body.encode("utf-8", "surrogatepass")) > MAX_BODY_BYTES
    assert response["statusCode"] == (413 if too_large else 400)
    assert len(repository) == 0


@settings(max_examples=EXAMPLES["base64"], **QUICK)
@given(payload=st.binary(max_size=300) | st.sampled_from([b'{"ttl": 24}', b'{"ttl": 2}']))
def test_a_base64_body_is_rejected_even_when_it_hides_valid_json(payload: bytes) -> None:
    event = make_event(body=base64.b64encode(payload).decode(), isBase64Encoded=True)
    response, repository = answer(event)
    assert response["statusCode"] == 400
    assert "base64" in body_of(response)["message"]
    assert len(repository) == 0


@settings(max_examples=EXAMPLES["routes"], **QUICK)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
    | st.text(max_size=10),
    resource=st.sampled_from([*ROUTES, "/", "/session", "/sessions/", "/{proxy+}"])
    | st.text(max_size=30),
)
def test_unknown_routes_are_404_and_wrong_methods_405(method: str, resource: str) -> None:
    event = make_event(method, resource, body={"ttl": 24})
    response, repository = answer(event)
    allowed = ROUTES.get(resource)
    if allowed is None:
        assert response["statusCode"] == 404
    elif method not in allowed:
        assert response["statusCode"] == 405
        assert response["headers"]["Allow"] == ", ".join(sorted(allowed))
    assert len(repository) == (1 if response["statusCode"] == 201 else 0)


@settings(max_examples=EXAMPLES["oversized"], **QUICK)
@given(
    padding=st.integers(min_value=1, max_value=200_000),
    prefix=st.text(max_size=50),
)
def test_a_body_over_the_limit_is_413_whatever_it_holds(padding: int, prefix: str) -> None:
    body = '{"ttl": "' + prefix + "é" * padding
    body += " " * max(0, MAX_BODY_BYTES + 1 - len(body.encode("utf-8", "surrogatepass")))
    response, repository = answer(make_event(body=body))
    assert response["statusCode"] == 413
    assert len(repository) == 0


@settings(max_examples=EXAMPLES["content_type"], **QUICK)
@given(
    content_type=st.text(max_size=40)
    | st.sampled_from(["text/plain", "application/xml", "multipart/form-data; boundary=x"])
)
def test_a_body_declared_as_anything_but_json_is_415(content_type: str) -> None:
    event = make_event(body={"ttl": 24}, headers={"Content-Type": content_type})
    response, repository = answer(event)
    is_json = content_type.split(";")[0].strip().lower() == "application/json"
    assert response["statusCode"] == (201 if is_json else 415)
    assert len(repository) == (1 if is_json else 0)


valid_user_ids = st.text(
    alphabet=st.characters(exclude_categories=["Cc", "Cf", "Cs"]),
    min_size=1,
    max_size=MAX_USER_ID_LENGTH,
).filter(str.strip)


@settings(max_examples=EXAMPLES["valid"], **QUICK)
@given(
    user_id=valid_user_ids,
    ttl=st.none() | st.integers(min_value=MIN_TTL_HOURS, max_value=MAX_TTL_HOURS),
)
def test_any_valid_request_creates_a_session_that_reads_back(user_id: str, ttl: int | None) -> None:
    """user_id is the caller: the sub claim the Cognito authorizer hands over."""
    handler, repository = fresh()
    fields: dict[str, Any] = {} if ttl is None else {"ttl": ttl}
    created = handler(make_event(body=fields, caller=user_id), FakeContext())
    assert created["statusCode"] == 201, created
    session = body_of(created)
    read = handler(get_event(session["session_token"]), FakeContext())
    assert body_of(read)["user_id"] == user_id
    assert session["expires_at"] - int(NOW.timestamp()) == (ttl or 24) * 3600
    assert len(repository) == 1


@settings(max_examples=EXAMPLES["authorization"], **QUICK)
@given(
    value=st.text(max_size=80)
    | st.text(alphabet="ABCDEFabcdef0123456789-_", min_size=40, max_size=46).map("Bearer ".__add__)
    | st.sampled_from(
        [f"Bearer {SESSION_TOKEN}", "Bearer", "Bearer ", f"Basic {SESSION_TOKEN}", "bearer x"]
    ),
    method=st.sampled_from(["GET", "DELETE"]),
)
def test_any_authorization_but_the_token_gets_the_one_401_or_a_204_logout(
    value: str, method: str
) -> None:
    """GET answers 200 only to the session's own token; everything else is one same 401."""
    handler, repository = fresh()
    repository.add(make_session())
    event = make_event(method, "/sessions/current", headers={"Authorization": value})
    response = handler(event, FakeContext())
    assert_well_formed(response)
    if value == f"Bearer {SESSION_TOKEN}":
        assert response["statusCode"] == (200 if method == "GET" else 204)
    elif response["statusCode"] == 204:  # logout of another well-formed token: nothing removed
        assert method == "DELETE"
        assert len(repository) == 1
    else:
        expected = handler(get_event(None), FakeContext())
        assert json.dumps(response) == json.dumps(expected)
        assert len(repository) == 1
