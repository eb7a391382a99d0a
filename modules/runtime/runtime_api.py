"""The Lambda Runtime API (version 2018-06-01) of one execution environment.

The runtime client in the child asks `GET /runtime/invocation/next` for an event (the call
blocks until there is one), then posts the handler's result to `/invocation/{id}/response` or
its error to `/invocation/{id}/error`; an init that fails posts to `/runtime/init/error`.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from modules.runtime.httpserver import NoDelayServer, QuietHandler

PREFIX = "/2018-06-01/runtime"
# Lambda's limit on a synchronous response, in bytes.
MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100
ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"


@dataclass(frozen=True)
class Outcome:
    """What the runtime posted: a response, or an error with its type."""

    body: bytes
    error_type: str | None = None  # None for a response
    at: float = field(default_factory=time.monotonic)

    @property
    def is_error(self) -> bool:
        return self.error_type is not None


@dataclass
class Invocation:
    """One event on its way through the Runtime API."""

    payload: bytes
    invoked_arn: str
    timeout_s: float
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    trace_id: str = field(default_factory=lambda: _trace_id())
    handed_out_at: float | None = None  # monotonic
    deadline_ms: int = 0
    outcome: Outcome | None = None


def _trace_id() -> str:
    """Return an X-Ray trace header value shaped like Lambda's (not sampled)."""
    root = f"1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]}"
    return f"Root={root};Parent={uuid.uuid4().hex[:16]};Sampled=0"


class RuntimeApi:
    """Serve the Runtime API for one environment on 127.0.0.1 and a free port.

    State changes (the first `next`, an init error, an outcome) notify `changed`, a Condition
    the environment waits on; the environment adds its own changes (the child exited).
    """

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.ready_at: float | None = None  # monotonic time of the first `next`: init is done
        self.init_error: Outcome | None = None
        self._queued: Invocation | None = None
        self._current: Invocation | None = None
        self._closed = False
        self._server = NoDelayServer(("127.0.0.1", 0), _Handler)
        self._server.api = self  # type: ignore[attr-defined]
        self._server.serve_in_thread("runtime-api")

    @property
    def address(self) -> str:
        """Return host:port, the value of AWS_LAMBDA_RUNTIME_API."""
        host, port = self._server.server_address[:2]
        return f"{host!s}:{port}"

    def submit(self, invocation: Invocation) -> None:
        """Queue an invocation for the runtime's next `next` call."""
        with self.changed:
            self._queued = invocation
            self.changed.notify_all()

    def wait_for(self, predicate: Callable[[], bool], timeout_s: float | None) -> bool:
        """Wait until predicate holds (checked on every change) or timeout_s passes."""
        with self.changed:
            return self.changed.wait_for(predicate, timeout_s)

    def notify(self) -> None:
        with self.changed:
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self._closed = True
            self.changed.notify_all()
        self._server.stop()

    # Called by the request handler, in server threads.

    def next_invocation(self) -> Invocation | None:
        with self.changed:
            if self.ready_at is None:
                self.ready_at = time.monotonic()
                self.changed.notify_all()
            self.changed.wait_for(lambda: self._queued is not None or self._closed)
            if self._closed:
                return None
            invocation, self._queued = self._queued, None
            assert invocation is not None
            invocation.handed_out_at = time.monotonic()
            invocation.deadline_ms = int((time.time() + invocation.timeout_s) * 1000)
            self._current = invocation
            self.changed.notify_all()
            return invocation

    def finish(self, request_id: str, outcome: Outcome) -> bool:
        """Record the outcome of the current invocation; False when request_id is not it."""
        with self.changed:
            current = self._current
            if current is None or current.request_id != request_id:
                return False
            current.outcome = outcome
            self._current = None
            self.changed.notify_all()
            return True

    def fail_init(self, outcome: Outcome) -> bool:
        """Record an init error; False once init is over (Lambda answers 403 then)."""
        with self.changed:
            if self.ready_at is not None:
                return False
            self.init_error = outcome
            self.changed.notify_all()
            return True


class _Handler(QuietHandler):
    server: NoDelayServer

    @property
    def api(self) -> RuntimeApi:
        return self.server.api  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        if self.path != f"{PREFIX}/invocation/next":
            self._error(404, "UnknownPath", f"no route for GET {self.path}")
            return
        invocation = self.api.next_invocation()
        if invocation is None:
            self.close_connection = True
            self._error(410, "EnvironmentClosed", "the execution environment is shutting down")
            return
        headers = [
            ("Content-Type", "application/json"),
            ("Lambda-Runtime-Aws-Request-Id", invocation.request_id),
            ("Lambda-Runtime-Deadline-Ms", str(invocation.deadline_ms)),
            ("Lambda-Runtime-Invoked-Function-Arn", invocation.invoked_arn),
            ("Lambda-Runtime-Trace-Id", invocation.trace_id),
        ]
        self.send(200, invocation.payload, headers)

    def do_POST(self) -> None:
        body = self.read_body()
        if self.path == f"{PREFIX}/init/error":
            outcome = Outcome(body, self._error_type(body))
            if self.api.fail_init(outcome):
                self._accepted()
            else:
                self._error(403, "InvalidStateTransition", "init is already over")
            return
        parts = self.path.removeprefix(f"{PREFIX}/invocation/").split("/")
        if not self.path.startswith(f"{PREFIX}/invocation/") or len(parts) != 2:
            self._error(404, "UnknownPath", f"no route for POST {self.path}")
            return
        request_id, verb = parts
        if verb == "response":
            if len(body) > MAX_RESPONSE_BYTES:
                message = (
                    "Response payload size exceeded maximum allowed payload size "
                    f"({MAX_RESPONSE_BYTES} bytes)."
                )
                error = {"errorMessage": message, "errorType": "Function.ResponseSizeTooLarge"}
                too_large = Outcome(json.dumps(error).encode(), "Function.ResponseSizeTooLarge")
                self.api.finish(request_id, too_large)
                self._error(413, "RequestEntityTooLarge", message)
                return
            outcome = Outcome(body)
        elif verb == "error":
            outcome = Outcome(body, self._error_type(body))
        else:
            self._error(404, "UnknownPath", f"no route for POST {self.path}")
            return
        if self.api.finish(request_id, outcome):
            self._accepted()
        else:
            self._error(400, "InvalidRequestID", f"{request_id} is not the current invocation")

    def _error_type(self, body: bytes) -> str:
        header = self.headers.get(ERROR_TYPE_HEADER)
        if header:
            return header
        try:
            return str(json.loads(body).get("errorType") or "Unhandled")
        except (ValueError, AttributeError):
            return "Unhandled"

    def _accepted(self) -> None:
        self.send(202, b'{"status":"OK"}', [("Content-Type", "application/json")])

    def _error(self, status: int, error_type: str, message: str) -> None:
        body = json.dumps({"errorMessage": message, "errorType": error_type}).encode()
        self.send(status, body, [("Content-Type", "application/json")])
