"""The bench's own sandbox: a moto server, the sessions table and the functions deployed in it."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.functions import FunctionCode
from modules.deployment.aws import SANDBOX_CREDENTIALS, sandbox_session
from modules.runtime.environment import ExecutionEnvironment
from modules.runtime.function import FunctionConfig, load_function
from modules.runtime.interpreter import LambdaPython, deployed_runtime, lambda_python
from modules.runtime.report import LogFormat
from modules.sandbox.moto_server import MotoServer
from modules.sandbox.tables import create_sessions_table

# The naming contract's names, so the service runs exactly as the course deploys it.
TABLE_NAME = "hexagonal-auth-dev-sessions"
FUNCTION_NAMES = {
    "ours": "hexagonal-auth-dev-session-api",
    "ours_source": "hexagonal-auth-dev-bench-source",
    "floor": "hexagonal-auth-dev-bench-floor",
    "floor_botocore": "hexagonal-auth-dev-bench-botocore",
    "naive": "hexagonal-auth-dev-bench-naive",
}
ROLE_NAME = "hexagonal-auth-dev-lambda-execution"
# The function settings of terraform/lambda.tf.
RUNTIME = deployed_runtime()
ARCHITECTURE = "arm64"
MEMORY_SIZE_MB = 128
TIMEOUT_S = 10
TRUST_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


@dataclass(frozen=True)
class Function:
    """A function deployed in the sandbox, unzipped once, ready to start environments."""

    code: FunctionCode
    config: FunctionConfig
    task_root: Path
    python: LambdaPython
    extra_environment: dict[str, str] = field(default_factory=dict)

    @property
    def variant(self) -> str:
        return self.code.variant

    def start(self) -> ExecutionEnvironment:
        """Return a new execution environment: its first invocation is a cold start."""
        return ExecutionEnvironment(
            self.config, self.task_root, self.extra_environment, self.python
        )


class BenchSandbox:
    """A moto server of its own with the table and the functions; a with block stops it."""

    def __init__(self, log_path: Path | None = None) -> None:
        self.server = MotoServer(log_path=log_path)
        self.session = sandbox_session()
        self._roots: list[Path] = []
        self._role = ""

    @property
    def endpoint(self) -> str:
        return self.server.endpoint

    def client(self, service: str, **options: Any) -> Any:
        return self.session.client(service, endpoint_url=self.endpoint, **options)  # type: ignore[call-overload]

    def __enter__(self) -> BenchSandbox:
        self.server.start()
        try:
            create_sessions_table(self.client("dynamodb"), TABLE_NAME)
            iam = self.client("iam")
            self._role = iam.create_role(
                RoleName=ROLE_NAME, AssumeRolePolicyDocument=json.dumps(TRUST_POLICY)
            )["Role"]["Arn"]
        except BaseException:
            self.server.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        for root in self._roots:
            shutil.rmtree(root, ignore_errors=True)
        self.server.stop()

    def deploy(self, codes: Iterable[FunctionCode]) -> dict[str, Function]:
        """Create each function in moto, read it back as the runtime does, unzip it once."""
        functions = {}
        lambda_client = self.client("lambda")
        for code in codes:
            name = FUNCTION_NAMES[code.variant]
            lambda_client.create_function(
                FunctionName=name,
                Runtime=RUNTIME,
                Architectures=[ARCHITECTURE],
                Role=self._role,
                Handler=code.handler,
                Code={"ZipFile": code.code},
                MemorySize=MEMORY_SIZE_MB,
                Timeout=TIMEOUT_S,
                Environment={
                    "Variables": {
                        "DYNAMODB_TABLE_NAME": TABLE_NAME,
                        "ENVIRONMENT": "dev",
                        "LOG_LEVEL": "INFO",
                    }
                },
            )
            # The course's Terraform sets the JSON log format, which moto does not store.
            deployed = load_function(lambda_client, name, None, [code.code], LogFormat.JSON)
            root = Path(tempfile.mkdtemp(prefix=f"bench-{code.variant}-"))
            self._roots.append(root)
            deployed.extract(root)
            region = deployed.config.region
            functions[code.variant] = Function(
                code=code,
                config=deployed.config,
                task_root=root,
                python=lambda_python(deployed.config.runtime),
                extra_environment={
                    **SANDBOX_CREDENTIALS,
                    "AWS_REGION": region,
                    "AWS_DEFAULT_REGION": region,
                    "AWS_ENDPOINT_URL": self.endpoint,
                    # Lambda's task root is read-only: a module without a shipped .pyc is
                    # compiled again at every cold start, and so it must be here.
                    "PYTHONDONTWRITEBYTECODE": "1",
                },
            )
        return functions
