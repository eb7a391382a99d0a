"""Start and stop a moto server on 127.0.0.1 with a free port."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from modules.deployment.aws import SANDBOX_CREDENTIALS
from modules.deployment.probe import is_answering
from modules.i18n import Text, TextError

# moto's server, with the API Gateway call the sandbox adds to it.
SERVER_MODULE = "modules.sandbox.moto_additions"


class MotoServerError(TextError):
    """The moto server did not start or answer; detail says why."""


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on host right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


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
        command = [sys.executable, "-m", SERVER_MODULE, "-H", self.host, "-p", str(self.port)]
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
                code = self.process.returncode
                raise MotoServerError(
                    Text(
                        es=f"el servidor de moto terminó con el código {code}",
                        en=f"moto server exited with code {code}",
                    )
                )
            if is_answering(self.endpoint):
                return self
            time.sleep(0.1)
        self.stop()
        raise MotoServerError(
            Text(
                es=f"el servidor de moto no respondió en {self.endpoint} en {ready_timeout_s} s",
                en=f"moto server did not answer on {self.endpoint} in {ready_timeout_s} s",
            )
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


# A tiny launcher: it starts the server in a session of its own, prints its pid and exits, so
# the server is nobody's child and outlives the command that asked for it.
_LAUNCHER = f"""
import subprocess, sys
host, port, log = sys.argv[1:4]
with open(log, "ab") as out:
    server = subprocess.Popen(
        [sys.executable, "-m", "{SERVER_MODULE}", "-H", host, "-p", port],
        stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
    )
print(server.pid, flush=True)
"""


@dataclass(frozen=True)
class DetachedServer:
    """A moto server running on its own: where it answers and its process id."""

    endpoint: str
    pid: int


def pid_exists(pid: int) -> bool:
    """Tell whether a process has this id (0 and negative ids name groups: never a process)."""
    if pid <= 0:  # signalling 0 or a negative id would hit a whole group, ours included
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def pid_is_moto(pid: int) -> bool:
    """Tell whether pid is a running moto server (never another program that reused the id)."""
    if not pid_exists(pid):
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        try:
            return SERVER_MODULE.encode() in cmdline.read_bytes()
        except OSError:
            return False
    return True  # no /proc (macOS): the id is alive, which is the best we can tell


def start_detached(
    log_path: Path, host: str = "127.0.0.1", port: int = 0, ready_timeout_s: float = 30.0
) -> DetachedServer:
    """Start a moto server that outlives this process; raise MotoServerError if it never answers."""
    if importlib.util.find_spec("moto") is None:
        raise MotoServerError(
            Text(
                es="moto no está instalado: ejecuta `make setup` en el repositorio del curso "
                "(o pip install 'aws-zero-to-architect[sandbox]')",
                en="moto is not installed: run `make setup` in the course repository "
                "(or pip install 'aws-zero-to-architect[sandbox]')",
            )
        )
    port = port or free_port(host)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    launched = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, host, str(port), str(log_path)],
        env={**os.environ, **SANDBOX_CREDENTIALS},
        capture_output=True,
        text=True,
        timeout=ready_timeout_s,
        check=False,
    )
    if launched.returncode != 0 or not launched.stdout.strip().isdigit():
        detail = launched.stderr.strip()[-2000:]
        raise MotoServerError(
            Text(es=f"no se pudo lanzar moto: {detail}", en=f"could not launch moto: {detail}")
        )
    server = DetachedServer(endpoint=f"http://{host}:{port}", pid=int(launched.stdout))
    deadline = time.monotonic() + ready_timeout_s
    while time.monotonic() < deadline:
        if is_answering(server.endpoint):
            return server
        # Alive is enough here: a process still inside exec shows no command line yet.
        if not pid_exists(server.pid):
            raise MotoServerError(
                Text(
                    es=f"moto terminó antes de responder; mira {log_path}",
                    en=f"moto exited before answering; see {log_path}",
                )
            )
        time.sleep(0.1)
    stop_pid(server.pid)
    raise MotoServerError(
        Text(
            es=f"moto no respondió en {server.endpoint} en {ready_timeout_s} s",
            en=f"moto did not answer on {server.endpoint} in {ready_timeout_s} s",
        )
    )


def stop_pid(pid: int, timeout_s: float = 10.0) -> bool:
    """Terminate the moto server with this pid and wait for it; return whether one was running."""
    if not pid_is_moto(pid):
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not pid_is_moto(pid):
            return True
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    return True
