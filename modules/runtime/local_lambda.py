"""A deployed function run locally: a pool of execution environments, warm between calls."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from modules.deployment.aws import SANDBOX_CREDENTIALS
from modules.i18n import Text
from modules.runtime.environment import ExecutionEnvironment, InvocationResult
from modules.runtime.errors import PayloadTooLarge
from modules.runtime.function import DeployedFunction, FunctionConfig, load_function
from modules.runtime.interpreter import LambdaPython, lambda_python
from modules.runtime.logs import CloudWatchLogs, LogEvent, LogShipper
from modules.runtime.report import LogFormat

# Lambda refuses a synchronous invocation whose event is over 6 MB.
MAX_EVENT_BYTES = 6 * 1024 * 1024


class LocalLambda:
    """Invoke a deployed function through local execution environments, as Lambda does.

    The first call starts an environment (a cold start, with Init Duration); later calls
    reuse an idle one (warm). Concurrent calls get environments of their own, up to
    max_environments; past that they wait for one to be free. An environment that timed out,
    crashed or ran out of memory is dropped and the next call starts a new one.
    Environments live as long as this object: close() stops them and flushes the logs.
    """

    def __init__(
        self,
        function: DeployedFunction,
        *,
        function_environment: Mapping[str, str] | None = None,
        logs_client: Any = None,
        max_environments: int = 1,
        on_log: Callable[[LogEvent], None] | None = None,
    ) -> None:
        if max_environments < 1:
            raise ValueError("max_environments must be at least 1")
        self.config: FunctionConfig = function.config
        # The runtime's own Python; RuntimeNotInstalled (say `make setup`) before any work.
        self.python: LambdaPython = lambda_python(self.config.runtime)
        self._task_root = Path(tempfile.mkdtemp(prefix="lambda-task-"))
        function.extract(self._task_root)
        self._function_environment = dict(function_environment or {})
        self._shipper = (
            LogShipper(CloudWatchLogs(logs_client, self.config.log_group)) if logs_client else None
        )
        self._on_log = on_log
        self._max = max_environments
        self._idle: list[ExecutionEnvironment] = []
        self._busy = 0
        self._closing: list[threading.Thread] = []
        self._available = threading.Condition()
        self._closed = False

    @classmethod
    def from_sandbox(
        cls,
        session: Any,
        endpoint: str,
        name: str,
        qualifier: str | None,
        code_candidates: Iterable[Path | bytes],
        *,
        log_format: LogFormat | None = None,
        max_environments: int = 1,
        on_log: Callable[[LogEvent], None] | None = None,
    ) -> LocalLambda:
        """Load a function from the sandbox at endpoint and run it against that sandbox."""
        lambda_client = session.client("lambda", endpoint_url=endpoint)
        function = load_function(lambda_client, name, qualifier, code_candidates, log_format)
        environment = {
            **SANDBOX_CREDENTIALS,
            "AWS_REGION": function.config.region,
            "AWS_DEFAULT_REGION": function.config.region,
            "AWS_ENDPOINT_URL": endpoint,
        }
        return cls(
            function,
            function_environment=environment,
            logs_client=session.client("logs", endpoint_url=endpoint),
            max_environments=max_environments,
            on_log=on_log,
        )

    def invoke(self, payload: bytes) -> InvocationResult:
        """Run one event (JSON bytes) and return what the function answered.

        Raises PayloadTooLarge for an event over 6 MB, as Lambda's Invoke API does.
        """
        if len(payload) > MAX_EVENT_BYTES:
            # The English text is Lambda's own error message.
            raise PayloadTooLarge(
                Text(
                    es=f"el evento tiene que ocupar menos de {MAX_EVENT_BYTES} bytes para "
                    "una invocación síncrona",
                    en=f"Request must be smaller than {MAX_EVENT_BYTES} bytes for the Invoke "
                    "operation",
                )
            )
        environment = self._acquire()
        try:
            result = environment.invoke(payload)
        finally:
            self._release(environment)
        self._publish(environment.stream, result.logs)
        return result

    def flush_logs(self) -> None:
        """Wait until every log line so far is in the log group."""
        if self._shipper:
            self._shipper.flush()

    def close(self) -> None:
        """Stop every environment, write the last logs and remove the task root."""
        with self._available:
            self._closed = True
            idle, self._idle = self._idle, []
        for environment in idle:
            self._publish(environment.stream, tuple(environment.close()))
        with self._available:
            closing, self._closing = self._closing, []
        for reaper in closing:
            reaper.join()
        if self._shipper:
            self._shipper.flush()
            self._shipper.close()
        shutil.rmtree(self._task_root, ignore_errors=True)

    def __enter__(self) -> LocalLambda:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def environments(self) -> int:
        """Return how many environments exist now (idle or busy)."""
        with self._available:
            return len(self._idle) + self._busy

    def _acquire(self) -> ExecutionEnvironment:
        with self._available:
            self._available.wait_for(
                lambda: self._closed or self._idle or self._busy + len(self._idle) < self._max
            )
            if self._closed:
                raise RuntimeError("this LocalLambda is closed")
            self._busy += 1
            if self._idle:
                return self._idle.pop()  # the most recently used: the warmest
        return ExecutionEnvironment(
            self.config, self._task_root, self._function_environment, self.python
        )

    def _release(self, environment: ExecutionEnvironment) -> None:
        with self._available:
            self._busy -= 1
            if environment.alive and not self._closed:
                self._idle.append(environment)
                self._available.notify()
                return
            self._available.notify()
            # A dead environment finishes its teardown off the caller's path; close() waits.
            reaper = threading.Thread(target=environment.close, name="environment-close")
            self._closing.append(reaper)
        reaper.start()

    def _publish(self, stream: str, lines: tuple[LogEvent, ...]) -> None:
        if self._shipper:
            self._shipper.ship(stream, list(lines))
        if self._on_log:
            for line in lines:
                self._on_log(line)
