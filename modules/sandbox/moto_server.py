"""Start and stop a moto server on 127.0.0.1 with a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# Test credentials: moto accepts anything, and fake keys keep a reader's real ones out of reach.
SANDBOX_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


class MotoServerError(RuntimeError):
    """The moto server did not start or answer."""


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on host right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def is_answering(endpoint: str, timeout_s: float = 1.0) -> bool:
    """Tell whether a moto server answers at endpoint."""
    try:
        with urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=timeout_s):
            return True
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class MotoServer:
    """A moto server child process; use start() and stop(), or a with block."""

    host: str = "127.0.0.1"
    port: int = 0
    log_path: Path | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, ready_timeout_s: float = 30.0) -> MotoServer:
        """Spawn the server and wait until it answers; raise MotoServerError if it never does."""
        if not self.port:
            self.port = free_port(self.host)
        command = [sys.executable, "-m", "moto.server", "-H", self.host, "-p", str(self.port)]
        env = {**os.environ, **SANDBOX_CREDENTIALS}
        if self.log_path:
            # The child keeps its own copy of the descriptor; ours can close at once.
            with open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(
                    command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
                )
        else:
            self.process = subprocess.Popen(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        deadline = time.monotonic() + ready_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise MotoServerError(f"moto server exited with code {self.process.returncode}")
            if is_answering(self.endpoint):
                return self
            time.sleep(0.1)
        self.stop()
        raise MotoServerError(
            f"moto server did not answer on {self.endpoint} in {ready_timeout_s} s"
        )

    def reset(self) -> None:
        """Forget every resource the server holds."""
        request = urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=10):
            pass

    def stop(self) -> None:
        """Terminate the server and wait for it."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> MotoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
