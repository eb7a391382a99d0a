"""The session API as a reader calls it: `course api` in front of the local Lambda runtime in
front of the sandbox that `course sandbox up` deployed, held to code/openapi.yaml.

The deployed API must be the spec (every route and method, both ways, behind the authorizers
it names), Schemathesis's fuzzing and stateful runs must find no 5xx and no answer outside the
spec, and 500 requests at once must all be answered with nothing lost. POST /sessions needs an
ID token of the sandbox's Cognito user pool (moto): the module signs one user in and gives its
token to Schemathesis for the spec's Cognito scheme alone; GET and DELETE get the session token
a create answered, through the spec's links.

Where the time goes, measured on a two-core machine: Schemathesis spends about 6.6 ms of CPU
per request (generating, sending, checking), the stack far less for most of them: `course api`
and its runtimes 1.8 ms for a request that reads no table (6 ms for a write), moto 0.3 ms
(4.5 ms for a write). Hence two Schemathesis processes, and the count below.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest

from modules.api_reference import SPEC_PATH, gateway_authorization, load_spec, operations
from modules.checks.m5 import claims_of, delete_verify_user, sign_in_verify_user, user_pool
from modules.checks.targets import sandbox_context
from modules.deployment.aws import SANDBOX_CREDENTIALS
from modules.deployment.project import COURSE_ROOT, Project
from modules.deployment.state import load
from tests.fixtures.functions import Answer, http_call

pytestmark = [pytest.mark.sandbox, pytest.mark.terraform]

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("schemathesis.toml")
RUN_COURSE = "import sys; from modules.cli import main; sys.exit(main())"
# Requests per run (API_FUZZ_REQUESTS sets another count). Each example is about 10
# requests: Schemathesis's --max-examples bounds the fuzzing cases of each operation and the
# stateful scenarios (create, then read or revoke, ...), which are most of the requests.
REQUESTS = int(os.environ.get("API_FUZZ_REQUESTS") or 10_000)
REQUESTS_PER_EXAMPLE = 8
# Two Schemathesis processes side by side: every phase but the stateful one, and the stateful.
PHASES = ("examples,coverage,fuzzing", "stateful")
LOAD_REQUESTS = 500
LOAD_SECONDS = 120
FUZZ_SECONDS = 600
# The config's [auth.openapi.cognitoIdToken] reads the ID token from this variable.
ID_TOKEN_VARIABLE = "SESSION_API_ID_TOKEN"
# Of the POSTs Schemathesis sends with the ID token, at least this share must open a session:
# the rest are the bodies it generates to be refused (400, 413, 415).
MIN_CREATED_SHARE = 0.5


@dataclass(frozen=True)
class Stack:
    """A running `course api` over the sandbox, and what the tests read behind it."""

    base_url: str
    dynamodb: Any
    apigateway: Any
    table: str
    api_id: str
    stage: str
    id_token: str  # of the sandbox user pool's verification user


@pytest.fixture(scope="module")
def stack(sandbox: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    root, package = sandbox
    state = load(root)
    assert state is not None
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "code")]),
        "NO_COLOR": "1",
    }
    command = [sys.executable, "-c", RUN_COURSE, "api", "--root", str(root), "--zip", str(package)]
    command += ["--port", "0", "--quiet", "--lang", "en"]
    log = tmp_path_factory.mktemp("course-api") / "stderr.log"
    with (
        log.open("w") as stderr,
        subprocess.Popen(
            command, env=environment, stdout=subprocess.PIPE, stderr=stderr, text=True
        ) as process,
    ):
        try:
            assert process.stdout is not None
            base_url = process.stdout.readline().strip()
            assert base_url.startswith("http://127.0.0.1:"), log.read_text()[-3000:]
            session = boto3.Session(
                aws_access_key_id=SANDBOX_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=SANDBOX_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                region_name=state.outputs["region"],
            )
            # The user module 5's HTTP check signs in with, created and deleted the same way.
            ctx = sandbox_context(Project.at(COURSE_ROOT, root), package)
            cognito = ctx.client("cognito-idp")
            delete_verify_user(cognito, user_pool(ctx)["Id"])
            try:
                yield Stack(
                    base_url=base_url,
                    dynamodb=session.client("dynamodb", endpoint_url=state.endpoint),
                    apigateway=session.client("apigateway", endpoint_url=state.endpoint),
                    table=state.outputs["table_name"],
                    api_id=state.outputs["rest_api_id"],
                    stage=state.outputs["stage_name"],
                    id_token=sign_in_verify_user(ctx),
                )
            finally:
                delete_verify_user(cognito, user_pool(ctx)["Id"])
                ctx.close()
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def session_ids(stack: Stack) -> set[str]:
    """Every session id in the table, read with strongly consistent scans."""
    ids: set[str] = set()
    pages = stack.dynamodb.get_paginator("scan").paginate(
        TableName=stack.table, ConsistentRead=True, ProjectionExpression="session_id"
    )
    for page in pages:
        ids.update(item["session_id"]["S"] for item in page["Items"])
    return ids


def remove(stack: Stack, ids: set[str]) -> None:
    """Delete sessions straight from the table (a test's own clean-up)."""
    keys = sorted(ids)
    for start in range(0, len(keys), 25):
        requests = [
            {"DeleteRequest": {"Key": {"session_id": {"S": key}}}}
            for key in keys[start : start + 25]
        ]
        stack.dynamodb.batch_write_item(RequestItems={stack.table: requests})


def stored_text(stack: Stack) -> str:
    """The whole table as JSON text, read with strongly consistent scans."""
    pages = stack.dynamodb.get_paginator("scan").paginate(
        TableName=stack.table, ConsistentRead=True
    )
    return json.dumps([item for page in pages for item in page["Items"]])


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_deployed_api_is_the_spec_both_ways(stack: Stack) -> None:
    spec = load_spec()
    deployed: dict[tuple[str, str], str] = {}
    pages = stack.apigateway.get_paginator("get_resources").paginate(
        restApiId=stack.api_id, embed=["methods"]
    )
    for page in pages:
        for resource in page["items"]:
            for method, detail in (resource.get("resourceMethods") or {}).items():
                deployed[(resource["path"], method)] = detail.get("authorizationType", "NONE")
    in_spec = {(path, method): op for path, method, op in operations(spec)}
    assert set(deployed) - set(in_spec) == set(), "deployed but not in code/openapi.yaml"
    assert set(in_spec) - set(deployed) == set(), "in code/openapi.yaml but not deployed"
    wanted = {key: gateway_authorization(spec, operation) for key, operation in in_spec.items()}
    assert deployed == wanted


def fuzz(stack: Stack, seed: int, folder: Path) -> list[tuple[str, str, Path]]:
    """Run Schemathesis's CLI with the project's config; return each run's phases, output, HAR.

    The stateful phase runs beside the others, in a process of its own: Schemathesis spends
    more CPU per request than the stack (see the module's notes), and one process is one core.
    """
    st = Path(sys.executable).with_name("st")
    examples = -(-REQUESTS // REQUESTS_PER_EXAMPLE)
    runs = []
    for phases in PHASES:
        report = folder / f"{phases.replace(',', '-')}.har"
        command = [str(st), "--config-file", str(CONFIG), "--no-color", "run", str(SPEC_PATH)]
        command += ["--url", stack.base_url, "--seed", str(seed), "--max-examples", str(examples)]
        command += ["--phases", phases, "--report", "har", "--report-har-path", str(report)]
        command += ["--output-sanitize", "false"]  # the HAR keeps the tokens the test follows
        environment = {**os.environ, ID_TOKEN_VARIABLE: stack.id_token}
        # Its own folder: Schemathesis keeps a .schemathesis/ cache where it runs.
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=folder,
            env=environment,
        )
        runs.append((phases, process, report))
    results = []
    for phases, process, report in runs:
        try:
            output, _ = process.communicate(timeout=FUZZ_SECONDS)
        finally:
            process.kill()
        assert process.returncode == 0, f"phases {phases}:\n{output[-12000:]}"
        assert f"Seed: {seed}" in output
        results.append((phases, output, report))
    return results


def test_fuzzing_the_running_stack_finds_no_5xx_and_no_answer_outside_the_spec(
    stack: Stack, tmp_path: Path
) -> None:
    seed = int(os.environ.get("API_FUZZ_SEED") or secrets.randbelow(2**31))
    replay = f"replay with API_FUZZ_SEED={seed} API_FUZZ_REQUESTS={REQUESTS}"
    print(f"schemathesis seed {seed}")
    before = session_ids(stack)
    started = time.perf_counter()
    try:
        runs = fuzz(stack, seed, tmp_path)
    except AssertionError as error:
        raise AssertionError(f"{replay}\n{error}") from None
    seconds = time.perf_counter() - started
    entries = [
        entry for _, _, report in runs for entry in json.loads(report.read_text())["log"]["entries"]
    ]
    statuses = Counter(entry["response"]["status"] for entry in entries)
    print(f"{len(entries)} requests in {seconds:.1f} s; statuses {sorted(statuses.items())}")
    assert len(entries) >= REQUESTS, f"{replay}: only {len(entries)} requests"
    assert [status for status in statuses if status >= 500] == [], replay
    stateful = Counter(
        entry["request"]["method"] for entry in entries if entry["response"]["status"] in (200, 204)
    )
    assert stateful["GET"] > 0 and stateful["DELETE"] > 0, (
        "no create -> read -> delete sequence ran"
    )
    posts = Counter(
        entry["response"]["status"]
        for entry in entries
        if entry["request"]["method"] == "POST"
        and any(h["value"] == f"Bearer {stack.id_token}" for h in entry["request"]["headers"])
    )
    print(f"POSTs with the ID token: {sorted(posts.items())}")
    assert posts[201] > 0, f"{replay}: no POST reached the function with the ID token"
    assert posts[201] >= MIN_CREATED_SHARE * posts.total(), f"{replay}: too few POSTs opened one"

    created, revoked, tokens = set(), set(), []
    subject = claims_of(stack.id_token)["sub"]
    for entry in entries:
        request, response = entry["request"], entry["response"]
        if request["method"] == "POST" and response["status"] == 201:
            session = json.loads(response["content"]["text"])
            assert session["user_id"] == subject, f"{replay}: a session not for the token's sub"
            tokens.append(session["session_token"])
            created.add(sha256(tokens[-1]))
        if request["method"] == "DELETE" and response["status"] == 204:
            headers = {h["name"].lower(): h["value"] for h in request["headers"]}
            revoked.add(sha256(headers["authorization"].split(" ", 1)[1].strip()))
    after = session_ids(stack)
    try:
        # Only answered creates wrote items, and every answered revoke removed its own.
        assert after - before <= created, f"{replay}: items no 201 created"
        assert after == (before | created) - revoked, replay
        # Every item holds its token's SHA-256 and the sub: no token, session or Cognito's.
        table = stored_text(stack)
        assert stack.id_token not in table
        assert [token for token in tokens if token in table] == [], replay
    finally:
        remove(stack, after - before)
    assert session_ids(stack) == before


def test_500_requests_at_once_are_all_answered_and_none_is_lost(stack: Stack) -> None:
    before = session_ids(stack)
    answers: list[tuple[Answer, float]] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(LOAD_REQUESTS)
    body = json.dumps({"ttl": 1})
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {stack.id_token}"}

    def call() -> None:
        start.wait(timeout=LOAD_SECONDS)
        began = time.perf_counter()
        try:
            answer = http_call(stack.base_url, "POST", "/sessions", body, headers)
        except BaseException as error:  # a lost request is the finding, not a crash
            with lock:
                failures.append(error)
            return
        with lock:
            answers.append((answer, time.perf_counter() - began))

    threads = [threading.Thread(target=call) for _ in range(LOAD_REQUESTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, LOAD_SECONDS - (time.perf_counter() - began)))
    wall = time.perf_counter() - began
    created = {answer.json()["session_id"] for answer, _ in answers if answer.status == 201}
    after = session_ids(stack)
    remove(stack, after - before)
    assert not any(thread.is_alive() for thread in threads), f"unanswered after {LOAD_SECONDS} s"
    assert failures == []
    assert Counter(answer.status for answer, _ in answers) == {201: LOAD_REQUESTS}
    assert len(created) == LOAD_REQUESTS
    assert after - before == created
    latencies = sorted(seconds for _, seconds in answers)
    p50 = statistics.median(latencies)
    p99 = latencies[int(0.99 * len(latencies)) - 1]
    print(
        f"{LOAD_REQUESTS} concurrent requests in {wall:.1f} s: p50 {p50 * 1000:.0f} ms, "
        f"p99 {p99 * 1000:.0f} ms"
    )
