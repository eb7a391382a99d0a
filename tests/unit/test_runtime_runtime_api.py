"""The Lambda Runtime API served to the runtime client: next, response, error, init error."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from modules.runtime.httpserver import NoDelayServer, QuietHandler
from modules.runtime.runtime_api import MAX_RESPONSE_BYTES, Invocation, RuntimeApi

PREFIX = "/2018-06-01/runtime"
ARN = "arn:aws:lambda:us-east-1:123456789012:function:echo:live"


@pytest.fixture
def api() -> Iterator[RuntimeApi]:
    server = RuntimeApi()
    yield server
    server.close()


def call(api: RuntimeApi, method: str, path: str, body: bytes | None = None, **headers: str):
    host, port = api.address.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request(method, PREFIX + path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def next_in_thread(api: RuntimeApi) -> tuple[threading.Thread, dict[str, object]]:
    seen: dict[str, object] = {}

    def ask() -> None:
        response, data = call(api, "GET", "/invocation/next")
        seen["status"] = response.status
        seen["headers"] = dict(response.getheaders())
        seen["body"] = data

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    return thread, seen


def test_next_blocks_until_an_event_and_carries_lambdas_headers(api: RuntimeApi) -> None:
    thread, seen = next_in_thread(api)
    assert api.wait_for(lambda: api.ready_at is not None, 5)
    time.sleep(0.05)
    assert thread.is_alive(), "next must wait for an event"
    invocation = Invocation(b'{"n": 1}', ARN, timeout_s=10)
    api.submit(invocation)
    thread.join(5)
    assert seen["status"] == 200
    assert seen["body"] == b'{"n": 1}'
    headers = seen["headers"]
    assert isinstance(headers, dict)
    assert headers["Lambda-Runtime-Aws-Request-Id"] == invocation.request_id
    assert headers["Lambda-Runtime-Invoked-Function-Arn"] == ARN
    assert headers["Lambda-Runtime-Trace-Id"].startswith("Root=1-")
    deadline_ms = int(headers["Lambda-Runtime-Deadline-Ms"])
    assert abs(deadline_ms - (time.time() + 10) * 1000) < 2000
    assert invocation.handed_out_at is not None


def test_a_response_completes_the_invocation(api: RuntimeApi) -> None:
    thread, _ = next_in_thread(api)
    invocation = Invocation(b"{}", ARN, timeout_s=3)
    api.submit(invocation)
    thread.join(5)
    response, data = call(api, "POST", f"/invocation/{invocation.request_id}/response", b'"ok"')
    assert response.status == 202
    assert json.loads(data) == {"status": "OK"}
    assert invocation.outcome is not None
    assert invocation.outcome.body == b'"ok"'
    assert not invocation.outcome.is_error


def test_an_error_completes_the_invocation_with_its_type(api: RuntimeApi) -> None:
    thread, _ = next_in_thread(api)
    invocation = Invocation(b"{}", ARN, timeout_s=3)
    api.submit(invocation)
    thread.join(5)
    body = json.dumps({"errorMessage": "boom", "errorType": "ValueError"}).encode()
    response, _ = call(
        api,
        "POST",
        f"/invocation/{invocation.request_id}/error",
        body,
        **{"Lambda-Runtime-Function-Error-Type": "ValueError"},
    )
    assert response.status == 202
    assert invocation.outcome is not None
    assert invocation.outcome.error_type == "ValueError"


def test_an_answer_for_another_request_is_refused(api: RuntimeApi) -> None:
    response, data = call(api, "POST", "/invocation/not-the-current-one/response", b"{}")
    assert response.status == 400
    assert json.loads(data)["errorType"] == "InvalidRequestID"


def test_a_response_over_six_megabytes_fails_the_invocation(api: RuntimeApi) -> None:
    thread, _ = next_in_thread(api)
    invocation = Invocation(b"{}", ARN, timeout_s=3)
    api.submit(invocation)
    thread.join(5)
    too_big = b'"' + b"x" * MAX_RESPONSE_BYTES + b'"'
    response, _ = call(api, "POST", f"/invocation/{invocation.request_id}/response", too_big)
    assert response.status == 413
    assert invocation.outcome is not None
    assert invocation.outcome.error_type == "Function.ResponseSizeTooLarge"


def test_an_init_error_is_recorded_until_init_is_over(api: RuntimeApi) -> None:
    body = json.dumps({"errorMessage": "no module", "errorType": "Runtime.ImportModuleError"})
    response, _ = call(api, "POST", "/init/error", body.encode())
    assert response.status == 202
    assert api.init_error is not None
    assert api.init_error.error_type == "Runtime.ImportModuleError"


def test_an_init_error_after_the_first_next_is_refused(api: RuntimeApi) -> None:
    next_in_thread(api)
    assert api.wait_for(lambda: api.ready_at is not None, 5)
    response, _ = call(api, "POST", "/init/error", b"{}")
    assert response.status == 403


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/unknown"), ("POST", "/invocation/x/other"), ("POST", "/elsewhere")],
    ids=["get", "post-verb", "post-path"],
)
def test_unknown_paths_answer_404(api: RuntimeApi, method: str, path: str) -> None:
    response, _ = call(api, method, path, b"{}" if method == "POST" else None)
    assert response.status == 404


def test_accepted_sockets_send_without_delay() -> None:
    server = NoDelayServer(("127.0.0.1", 0), QuietHandler)
    client = socket.create_connection(server.server_address[:2])
    try:
        accepted, _ = server.get_request()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        client.close()
        server.server_close()
