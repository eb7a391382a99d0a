"""What a check sees: the target, the names of the deployment, AWS clients and the reader's repo."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol

import boto3
from botocore.config import Config

from modules.checks.terraform_files import backend_files

Target = Literal["sandbox", "aws"]
TARGETS: tuple[Target, ...] = ("sandbox", "aws")

DEFAULT_PROJECT = "hexagonal-auth"
DEFAULT_ENVIRONMENT = "dev"

# Short timeouts and few retries: a check answers in seconds or reports why it could not.
CLIENT_CONFIG = Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3})


@dataclass(frozen=True)
class Names:
    """Names of what the course deploys: Terraform outputs when known, else the naming rule."""

    project: str
    environment: str
    table_name: str
    function_name: str
    alias_name: str
    log_group_name: str
    role_name: str
    rest_api_name: str
    stage_name: str
    usage_plan_name: str
    app_state_key: str
    bootstrap_state_key: str = "bootstrap/terraform.tfstate"
    rest_api_id: str | None = None
    api_url: str | None = None
    usage_plan_id: str | None = None
    state_bucket: str | None = None  # None: computed from the account id, as the bootstrap does
    source: str = "defaults"  # "defaults" or "terraform outputs"

    @classmethod
    def defaults(
        cls, project: str = DEFAULT_PROJECT, environment: str = DEFAULT_ENVIRONMENT
    ) -> Names:
        """Return the names the Terraform gives with its default variables."""
        prefix = f"{project}-{environment}"
        return cls(
            project=project,
            environment=environment,
            table_name=f"{prefix}-sessions",
            function_name=f"{prefix}-session-api",
            alias_name="live",
            log_group_name=f"/aws/lambda/{prefix}-session-api",
            role_name=f"{prefix}-lambda-execution",
            rest_api_name=f"{prefix}-api",
            stage_name=environment,
            usage_plan_name=f"{prefix}-usage-plan",
            app_state_key=f"app/{environment}/terraform.tfstate",
        )

    def with_outputs(self, outputs: Mapping[str, str]) -> Names:
        """Return these names overridden by `terraform output` values (app and bootstrap roots)."""
        pairs = {
            "table_name": "table_name",
            "function_name": "function_name",
            "function_alias_name": "alias_name",
            "log_group_name": "log_group_name",
            "role_name": "role_name",
            "stage_name": "stage_name",
            "rest_api_id": "rest_api_id",
            "api_url": "api_url",
            "usage_plan_id": "usage_plan_id",
            "state_bucket_name": "state_bucket",
        }
        changes: dict[str, Any] = {
            field_name: str(outputs[output])
            for output, field_name in pairs.items()
            if outputs.get(output)
        }
        if not changes:
            return self
        if "stage_name" in changes:
            # The stage is named after the environment, and so is the app's state key.
            changes["environment"] = changes["stage_name"]
            changes["app_state_key"] = f"app/{changes['stage_name']}/terraform.tfstate"
        return replace(self, **changes, source="terraform outputs")

    def with_backend(self, repo: Path, backend_name: str) -> Names:
        """Return these names with the state keys and bucket of the repo's backend configs."""
        changes: dict[str, Any] = {}
        for backend in backend_files(repo):
            key = backend.values.get("key")
            if not isinstance(key, str):
                continue
            if key.startswith("bootstrap/"):
                changes["bootstrap_state_key"] = key
            elif backend.name == backend_name:
                changes["app_state_key"] = key
                bucket = backend.values.get("bucket")
                if isinstance(bucket, str) and bucket and self.state_bucket is None:
                    changes["state_bucket"] = bucket
        return replace(self, **changes)


class ClientFactory(Protocol):
    def __call__(self, service: str) -> Any: ...


@dataclass
class BotoClients:
    """boto3 clients of one session, created once per service."""

    session: boto3.Session
    endpoint_url: str | None = None  # None: boto3's own resolution
    config: Config = CLIENT_CONFIG
    _cache: dict[str, Any] = field(default_factory=dict)

    def __call__(self, service: str) -> Any:
        if service not in self._cache:
            kwargs: dict[str, Any] = {"config": self.config}
            if self.endpoint_url:
                kwargs["endpoint_url"] = self.endpoint_url
            self._cache[service] = self.session.client(service, **kwargs)
        return self._cache[service]


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


@dataclass
class Context:
    """Everything a check may use; checks share memo to avoid repeating calls."""

    target: Target
    names: Names
    project_root: Path
    repo_root: Path
    clients: ClientFactory
    region: str
    configured_region: str | None  # the reader's default region (profile or environment)
    invoker: Invoker
    api: HttpApi
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
