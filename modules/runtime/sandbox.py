"""The running sandbox as the runtime's commands see it: endpoint, outputs, clients."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import boto3

from modules.runtime.errors import SandboxNotRunning
from modules.sandbox import state
from modules.sandbox.moto_server import SANDBOX_CREDENTIALS

# The naming contract's defaults, for a sandbox whose outputs lack a name.
DEFAULT_FUNCTION = "hexagonal-auth-dev-session-api"
DEFAULT_ALIAS = "live"
DEFAULT_LOG_GROUP = f"/aws/lambda/{DEFAULT_FUNCTION}"
DEFAULT_STAGE = "dev"


@dataclass(frozen=True)
class Sandbox:
    """A sandbox that answers: its endpoint and the app's Terraform outputs."""

    endpoint: str
    outputs: dict[str, str] = field(default_factory=dict)

    def session(self) -> boto3.Session:
        """Return a session with the sandbox's test credentials (never the reader's own)."""
        return boto3.Session(
            aws_access_key_id=SANDBOX_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=SANDBOX_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=SANDBOX_CREDENTIALS["AWS_SESSION_TOKEN"],
            region_name=self.outputs.get("region") or SANDBOX_CREDENTIALS["AWS_REGION"],
        )

    def client(self, service: str) -> Any:
        return self.session().client(service, endpoint_url=self.endpoint)


def answers(endpoint: str, timeout_s: float = 1.0) -> bool:
    """Tell whether something accepts connections at endpoint's host and port."""
    parsed = urlparse(endpoint)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 80), timeout=timeout_s):
            return True
    except OSError:
        return False


def connect(root: Path) -> Sandbox:
    """Return the sandbox started under root; raise SandboxNotRunning when there is none."""
    current = state.load(root)
    if current is None:
        raise SandboxNotRunning("no sandbox is running here: start it with `make sandbox`")
    if not answers(current.endpoint):
        raise SandboxNotRunning(
            f"the sandbox at {current.endpoint} does not answer: start it again with `make sandbox`"
        )
    return Sandbox(current.endpoint, dict(current.outputs))
