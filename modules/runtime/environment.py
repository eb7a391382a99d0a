"""One execution environment: AWS's runtime interface client in a child process, driven here.

The child is `python -S -m awslambdaric <handler>` on the function's own Python (the minor
version of its Runtime, from `.venv-lambda/`, see modules.runtime.interpreter), with the task
root as working directory and first on PYTHONPATH, then that venv's site-packages (where
awslambdaric and boto3 live). `-S` keeps the interpreter's .pth hooks out, so an editable
install can't lend the function a package its zip lacks: a missing module fails here as on
Lambda. What still differs from Lambda: the CPU is this machine's (not the function's
Architectures), the other packages installed beside boto3 are importable too, and a CPU is
not scaled down with the memory size, so durations are shorter.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from modules.runtime.function import FunctionConfig
from modules.runtime.interpreter import LambdaPython, lambda_python
from modules.runtime.logs import FrameParser, LineParser, LogEvent, LogPump, log_stream_name
from modules.runtime.memory import MemoryWatcher
from modules.runtime.report import (
    LogFormat,
    PlatformLine,
    Report,
    Status,
    end_line,
    init_report_line,
    runtime_error_line,
    start_line,
    timed_out_line,
)
from modules.runtime.runtime_api import Invocation, RuntimeApi

# Lambda gives the init phase 10 s; an init that fails or runs out is retried once inside the
# first invocation, under the function's own timeout.
INIT_LIMIT_S = 10.0
# After posting an init error the runtime client exits on its own; give it this long.
EXIT_GRACE_S = 1.0
TIMED_OUT = "Sandbox.Timedout"
OUT_OF_MEMORY = "Runtime.OutOfMemory"
EXIT_ERROR = "Runtime.ExitError"


@dataclass(frozen=True)
class InvocationResult:
    """What one invocation returned, as Lambda's Invoke API does, plus its report and logs."""

    request_id: str
    payload: bytes
    function_error: str | None  # "Unhandled" when the function failed (X-Amz-Function-Error)
    report: Report
    logs: tuple[LogEvent, ...]  # this invocation's lines, init included, in order

    @property
    def error_type(self) -> str | None:
        return self.report.error_type

    def json(self) -> object:
        """Return the payload decoded from JSON."""
        return json.loads(self.payload)


def _exit_description(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        name = signal.Signals(-returncode).name.removeprefix("SIG").lower()
        return f"signal: {'killed' if name == 'kill' else name}"
    return f"exit status {returncode}"


def _error_payload(error_type: str, message: str) -> bytes:
    return json.dumps({"errorType": error_type, "errorMessage": message}).encode()


class _Child:
    """The runtime process of an environment with its Runtime API, log pipes and watcher."""

    def __init__(
        self,
        config: FunctionConfig,
        python: LambdaPython,
        task_root: Path,
        stream: str,
        extra_environment: Mapping[str, str],
    ) -> None:
        self.api = RuntimeApi()
        self.tmp = Path(tempfile.mkdtemp(prefix="lambda-tmp-"))
        self.exited = False
        stdout_r, stdout_w = os.pipe()
        stderr_r, stderr_w = os.pipe()
        telemetry_r, telemetry_w = os.pipe()
        environment = _child_environment(
            config,
            python,
            task_root,
            stream,
            self.api.address,
            telemetry_w,
            self.tmp,
            extra_environment,
        )
        self.started_at = time.monotonic()
        try:
            self.process = subprocess.Popen(
                [str(python.executable), "-S", "-m", "awslambdaric", config.handler],
                cwd=task_root,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=stdout_w,
                stderr=stderr_w,
                pass_fds=(telemetry_w,),
                start_new_session=True,  # its own process group: a kill reaches its children
            )
        except OSError:
            for fd in (stdout_r, stderr_r, telemetry_r):
                os.close(fd)
            self.api.close()
            shutil.rmtree(self.tmp, ignore_errors=True)
            raise
        finally:
            for fd in (stdout_w, stderr_w, telemetry_w):
                os.close(fd)
        self.pump = LogPump(
            {stdout_r: LineParser(), stderr_r: LineParser(), telemetry_r: FrameParser()}
        )
        self.watcher = MemoryWatcher(self.process.pid, config.memory_size_mb, self.kill)
        self._reaper = threading.Thread(target=self._reap, name="runtime-reaper", daemon=True)
        self._reaper.start()
        self._teardown = threading.Thread(
            target=self._release, name="runtime-teardown", daemon=True
        )

    def _reap(self) -> None:
        self.process.wait()
        self.exited = True
        self.api.notify()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def wait_exit(self, timeout_s: float) -> bool:
        return self.api.wait_for(lambda: self.exited, timeout_s)

    def exit_error(self, request_id: str) -> tuple[str, str]:
        """Return (error type, message) for a runtime that exited without an answer."""
        description = _exit_description(self.process.returncode)
        message = f"RequestId: {request_id} Error: Runtime exited with error: {description}"
        return (OUT_OF_MEMORY if self.watcher.exceeded else EXIT_ERROR), message

    def close(self, wait: bool = True) -> list[LogEvent]:
        """Kill the process and release everything; return its last log lines.

        With wait=False the slow part (stopping threads and the Runtime API server) goes on
        in the background, so an invocation that killed its runtime answers at once.
        """
        self.kill()
        self.wait_exit(5)
        events = self.pump.drain()
        self._teardown.start()
        if wait:
            self._teardown.join()
        return events

    def join(self) -> None:
        """Wait for a background teardown to finish."""
        if self._teardown.is_alive():
            self._teardown.join()

    def _release(self) -> None:
        self.watcher.stop()
        self.pump.close()
        self.api.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _child_environment(
    config: FunctionConfig,
    python: LambdaPython,
    task_root: Path,
    stream: str,
    runtime_api: str,
    telemetry_fd: int,
    tmp: Path,
    extra: Mapping[str, str],
) -> dict[str, str]:
    """Return the child's environment: the function's variables, then Lambda's reserved ones."""
    environment = dict(config.environment)
    environment.update(extra)
    environment.update(
        {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "LANG": "en_US.UTF-8",
            "TZ": ":UTC",
            "TMPDIR": str(tmp),
            "PYTHONPATH": os.pathsep.join([str(task_root), str(python.site_packages)]),
            "LAMBDA_TASK_ROOT": str(task_root),
            "LAMBDA_RUNTIME_DIR": str(python.runtime_dir),
            "_HANDLER": config.handler,
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{config.runtime}",
            "AWS_LAMBDA_FUNCTION_NAME": config.name,
            "AWS_LAMBDA_FUNCTION_VERSION": config.version,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(config.memory_size_mb),
            "AWS_LAMBDA_LOG_GROUP_NAME": config.log_group,
            "AWS_LAMBDA_LOG_STREAM_NAME": stream,
            "AWS_LAMBDA_RUNTIME_API": runtime_api,
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_REGION": config.region,
            "AWS_DEFAULT_REGION": config.region,
            "_LAMBDA_TELEMETRY_LOG_FD": str(telemetry_fd),
            # Lambda has no ~/.aws: the function must never read this machine's profiles.
            "AWS_CONFIG_FILE": str(tmp / "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(tmp / "no-aws-credentials"),
        }
    )
    if config.log_format is LogFormat.JSON:
        environment["AWS_LAMBDA_LOG_FORMAT"] = "JSON"
        if config.application_log_level:
            environment["AWS_LAMBDA_LOG_LEVEL"] = config.application_log_level
    return environment


@dataclass
class _Init:
    """How an init attempt ended: duration, peak memory, and the error when it failed."""

    duration_ms: float
    memory_mb: int
    error_type: str | None = None
    payload: bytes = b""
    ended_at: float = 0.0  # monotonic

    @property
    def failed(self) -> bool:
        return self.error_type is not None


class ExecutionEnvironment:
    """A Lambda execution environment: cold on its first invocation, warm after.

    One invocation at a time. It dies (and `alive` turns False) on a timeout, a crash, an
    out-of-memory kill or a failed init; the caller then starts a new one, as Lambda does.
    `extra_environment` reaches the function too: credentials and AWS_ENDPOINT_URL. `python`
    defaults to the runtime's own (lambda_python), which raises RuntimeNotInstalled.
    """

    def __init__(
        self,
        config: FunctionConfig,
        task_root: Path,
        extra_environment: Mapping[str, str] | None = None,
        python: LambdaPython | None = None,
    ) -> None:
        self.config = config
        self.python = python or lambda_python(config.runtime)
        self.task_root = task_root
        self.stream = log_stream_name(config.version)
        self._extra = dict(extra_environment or {})
        self._child: _Child | None = None
        self._dead: list[_Child] = []
        self._lock = threading.Lock()
        self.alive = True
        self.invocations = 0

    def invoke(self, payload: bytes) -> InvocationResult:
        """Run one event through the function; the environment starts on the first call."""
        with self._lock:
            if not self.alive:
                raise RuntimeError("this execution environment is gone; start a new one")
            self.invocations += 1
            return self._invoke(payload)

    def close(self) -> list[LogEvent]:
        """Stop the environment; return the log lines it wrote since the last invocation."""
        with self._lock:
            self.alive = False
            events = self._discard(wait=True)
            for child in self._dead:
                child.join()
            self._dead.clear()
            return events

    def _invoke(self, payload: bytes) -> InvocationResult:
        config = self.config
        lines: list[LogEvent] = []
        init: _Init | None = None
        if self._child is None:
            init = self._start("init", INIT_LIMIT_S, "", lines)
        invocation = Invocation(payload, config.invoked_arn, config.timeout_s)
        request_id = invocation.request_id
        self._platform(lines, start_line(time.time(), request_id, config.version, config.arn))
        began = time.monotonic()
        init_in_duration = False
        if init is not None and init.failed:
            # Lambda retries a failed init inside the invocation; its time counts as Duration
            # and comes out of the function's timeout.
            init = self._start("invoke", config.timeout_s, request_id, lines)
            if init.failed:
                return self._failed_init(lines, request_id, began, init)
            init, init_in_duration = None, True
            invocation.timeout_s = max(0.0, config.timeout_s - (time.monotonic() - began))
        child = self._child
        assert child is not None
        child.watcher.activate()
        child.api.submit(invocation)
        # The timeout runs from the moment the runtime takes the event.
        child.api.wait_for(
            lambda: invocation.handed_out_at is not None or child.exited, invocation.timeout_s
        )
        started = invocation.handed_out_at or time.monotonic()
        child.api.wait_for(
            lambda: invocation.outcome is not None or child.exited,
            max(0.0, started + invocation.timeout_s - time.monotonic()),
        )
        outcome = invocation.outcome
        timed_out = outcome is None and not child.exited
        if timed_out:
            child.kill()
            child.wait_exit(5)
        ended = outcome.at if outcome is not None else time.monotonic()
        child.watcher.pause()
        lines.extend(child.pump.drain())
        measured_from = began if init_in_duration else (invocation.handed_out_at or began)

        if outcome is not None:
            error_type = outcome.error_type
            status = Status.FAILURE if outcome.is_error else Status.SUCCESS
            if error_type == "Function.ResponseSizeTooLarge":
                status = Status.ERROR
            payload_out = outcome.body
        elif timed_out:
            status, error_type = Status.TIMEOUT, TIMED_OUT
            payload_out = _timed_out_payload(request_id, config.timeout_s)
        else:
            status = Status.ERROR
            error_type, message = child.exit_error(request_id)
            payload_out = _error_payload(error_type, message)
            self._platform(lines, runtime_error_line(message, error_type))

        report = Report(
            request_id=request_id,
            duration_ms=round((ended - measured_from) * 1000, 3),
            memory_size_mb=config.memory_size_mb,
            max_memory_used_mb=child.watcher.peak_mb,
            init_duration_ms=round(init.duration_ms, 3) if init is not None else None,
            status=status,
            error_type=error_type,
        )
        self._platform(lines, end_line(request_id))
        self._platform(lines, report.line(time.time()))
        if timed_out:
            self._platform(lines, timed_out_line(time.time(), request_id, config.timeout_s))
        if status in (Status.TIMEOUT, Status.ERROR) or child.exited:
            self.alive = False
            lines.extend(self._discard())
        return InvocationResult(
            request_id=request_id,
            payload=payload_out,
            function_error="Unhandled" if status is not Status.SUCCESS else None,
            report=report,
            logs=tuple(lines),
        )

    def _start(self, phase: str, limit_s: float, request_id: str, lines: list[LogEvent]) -> _Init:
        """Start the runtime and wait for its first `next` (init done) or its failure."""
        child = _Child(self.config, self.python, self.task_root, self.stream, self._extra)
        self._child = child
        child.watcher.activate()
        api = child.api
        api.wait_for(
            lambda: api.ready_at is not None or api.init_error is not None or child.exited,
            limit_s,
        )
        if api.ready_at is not None:
            child.watcher.pause()
            lines.extend(child.pump.drain())
            return _Init((api.ready_at - child.started_at) * 1000, child.watcher.peak_mb)
        duration_ms = (time.monotonic() - child.started_at) * 1000
        if api.init_error is not None:
            child.wait_exit(EXIT_GRACE_S)
            error_type, payload = api.init_error.error_type, api.init_error.body
        elif child.exited:
            error_type, message = child.exit_error(request_id)
            payload = _error_payload(error_type, message)
        else:
            error_type, payload = TIMED_OUT, b""
        child.watcher.pause()
        result = _Init(duration_ms, child.watcher.peak_mb, error_type, payload, time.monotonic())
        lines.extend(self._discard())
        self._platform(lines, init_report_line(time.time(), duration_ms, phase, error_type))
        return result

    def _failed_init(
        self, lines: list[LogEvent], request_id: str, began: float, init: _Init
    ) -> InvocationResult:
        ended = init.ended_at
        status = Status.TIMEOUT if init.error_type == TIMED_OUT else Status.ERROR
        payload = init.payload
        if status is Status.TIMEOUT:
            payload = _timed_out_payload(request_id, self.config.timeout_s)
        report = Report(
            request_id=request_id,
            duration_ms=round((ended - began) * 1000, 3),
            memory_size_mb=self.config.memory_size_mb,
            max_memory_used_mb=init.memory_mb,
            status=status,
            error_type=init.error_type,
        )
        self._platform(lines, end_line(request_id))
        self._platform(lines, report.line(time.time()))
        self.alive = False
        return InvocationResult(request_id, payload, "Unhandled", report, tuple(lines))

    def _discard(self, wait: bool = False) -> list[LogEvent]:
        """Kill the current child, if any; return its last log lines."""
        child, self._child = self._child, None
        if child is None:
            return []
        if not wait:
            self._dead.append(child)  # close() waits for its teardown
        return child.close(wait)

    def _platform(self, lines: list[LogEvent], line: PlatformLine) -> None:
        # A line with no twin in the JSON format stays for the terminal only (message None).
        lines.append(LogEvent.of(line.message(self.config.log_format), text=line.text))


def _timed_out_payload(request_id: str, seconds: float) -> bytes:
    message = f"RequestId: {request_id} Error: Task timed out after {seconds:.2f} seconds"
    return _error_payload(TIMED_OUT, message)
