"""What a check sees: the target, the names of the deployment, AWS clients and the reader's repo."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from modules.deployment.aws import (
    ClientFactory,
    Target,
    sandbox_settings,
    without_aws_settings,
    without_endpoints,
)
from modules.deployment.names import Names


@dataclass(frozen=True)
class InvokeResult:
    """What the function returned, and the request id its log lines carry."""

    payload: Any
    request_id: str | None


class Invoker(Protocol):
    def invoke(self, event: Mapping[str, Any]) -> InvokeResult:
        """Invoke the deployed function (through its alias) with event."""
        ...


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: bytes


class HttpApi(Protocol):
    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> HttpResponse:
        """Send one request to the deployed API; path is relative to the stage URL."""
        ...


class FunctionPython(Protocol):
    """The function's own Python: its interpreter and the packages its runtime provides."""

    @property
    def executable(self) -> Path: ...

    @property
    def site_packages(self) -> Path: ...


@dataclass
class Context:
    """Everything a check may use; checks share memo to avoid repeating calls."""

    target: Target
    names: Names
    repo_root: Path
    clients: ClientFactory
    region: str
    configured_region: str | None  # the reader's default region (profile or environment)
    invoker: Invoker
    api: HttpApi
    # Raises a TextError (with the fix) when this machine lacks it.
    function_python: Callable[[], FunctionPython]
    endpoint_url: str | None = None  # the sandbox's endpoint; None on AWS
    log_wait_s: float = 30.0
    memo: dict[str, Any] = field(default_factory=dict)
    closers: list[Callable[[], None]] = field(default_factory=list)

    def client(self, service: str) -> Any:
        return self.clients(service)

    def remember(self, key: str, compute: Callable[[], Any]) -> Any:
        """Return memo[key], computing it once."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def aws_environment(self) -> dict[str, str]:
        """Return the environment a child process needs to reach the target as the checks do."""
        if self.endpoint_url is None:
            env = without_endpoints(os.environ)
        else:
            env = {**without_aws_settings(os.environ), **sandbox_settings(self.endpoint_url)}
        return {**env, "AWS_REGION": self.region, "AWS_DEFAULT_REGION": self.region}

    def account_id(self) -> str:
        return self.remember(
            "account_id", lambda: self.client("sts").get_caller_identity()["Account"]
        )

    def partition(self) -> str:
        if self.region.startswith("cn-"):
            return "aws-cn"
        if self.region.startswith("us-gov-"):
            return "aws-us-gov"
        return "aws"

    def table_arn(self) -> str:
        return (
            f"arn:{self.partition()}:dynamodb:{self.region}:{self.account_id()}"
            f":table/{self.names.table_name}"
        )

    def log_group_arn(self) -> str:
        return (
            f"arn:{self.partition()}:logs:{self.region}:{self.account_id()}"
            f":log-group:{self.names.log_group_name}"
        )

    def function_arn(self) -> str:
        return (
            f"arn:{self.partition()}:lambda:{self.region}:{self.account_id()}"
            f":function:{self.names.function_name}"
        )

    def alias_arn(self) -> str:
        return f"{self.function_arn()}:{self.names.alias_name}"

    def state_bucket(self) -> str:
        """Return the state bucket: from outputs or backend config, else the bootstrap's rule."""
        return self.names.state_bucket or f"{self.names.project}-tfstate-{self.account_id()}"

    def close(self) -> None:
        """Stop whatever the checks started (a local API server)."""
        while self.closers:
            self.closers.pop()()
