"""Build the context of a target: the running sandbox, or the reader's AWS account."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from modules.checks.context import (
    CLIENT_CONFIG,
    BotoClients,
    ClientFactory,
    Context,
    HttpResponse,
    InvokeResult,
    Names,
    Target,
)
from modules.checks.framework import TargetUnavailable, Text, fail
from modules.sandbox import state as sandbox_state
from modules.sandbox.moto_server import SANDBOX_CREDENTIALS, is_answering

DEFAULT_REGION = "us-east-1"
# The aws target means AWS: an AWS_ENDPOINT_URL left over from the sandbox must not redirect it.
AWS_CONFIG = CLIENT_CONFIG.merge(Config(ignore_configured_endpoint_urls=True))


def reader_region() -> str | None:
    """Return the default region of the reader's own configuration (profile or environment)."""
    try:
        return boto3.Session().region_name
    except BotoCoreError:  # a broken profile is a missing region, as far as M0 is concerned
        return None


@dataclass
class LambdaInvoker:
    """Invoke the deployed alias with boto3, as `aws lambda invoke` does."""

    clients: ClientFactory
    function_name: str
    qualifier: str

    def invoke(self, event: Mapping[str, Any]) -> InvokeResult:
        answer = self.clients("lambda").invoke(
            FunctionName=self.function_name,
            Qualifier=self.qualifier,
            Payload=json.dumps(event).encode(),
        )
        raw = answer["Payload"].read()
        try:
            payload = json.loads(raw or b"null")
        except ValueError:
            payload = raw.decode("utf-8", errors="replace")
        return InvokeResult(payload, answer.get("ResponseMetadata", {}).get("RequestId"))


@dataclass
class UrllibApi:
    """An HTTP client for the stage URL, which may only be known once it is first needed."""

    base_url: Callable[[], str]
    timeout_s: float = 30.0

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> HttpResponse:
        url = self.base_url().rstrip("/") + path
        request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as answer:
                return HttpResponse(
                    answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
                )
        except urllib.error.HTTPError as error:
            return HttpResponse(
                error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()
            )


DEPLOYED_ZIP = Path("build/lambda.zip")  # the local copy of the code the sandbox holds


@dataclass
class SandboxInvoker:
    """Invoke the sandbox's function through the project's local Lambda runtime."""

    session: boto3.Session
    endpoint: str
    function_name: str
    qualifier: str
    code: Path
    closers: list[Callable[[], None]]
    _lambda: Any = None

    def invoke(self, event: Mapping[str, Any]) -> InvokeResult:
        # Imported when first used: the other targets and checks never need the runtime.
        from modules.runtime.errors import LocalRuntimeError
        from modules.runtime.local_lambda import LocalLambda

        try:
            if self._lambda is None:
                self._lambda = LocalLambda.from_sandbox(
                    self.session, self.endpoint, self.function_name, self.qualifier, [self.code]
                )
                self.closers.append(self._lambda.close)
            result = self._lambda.invoke(json.dumps(event).encode())
            # The logs go to the log group in the background; the logs check reads them next.
            self._lambda.flush_logs()
        except LocalRuntimeError as error:
            raise fail(
                f"el runtime local no pudo ejecutar la función: {error}",
                f"the local runtime could not run the function: {error}",
            ) from error
        try:
            payload = result.json()
        except ValueError:
            payload = result.payload.decode("utf-8", errors="replace")
        return InvokeResult(payload, result.request_id)


@dataclass
class SandboxApiUrl:
    """Start the project's local API server (`course api`) on a free port on first use."""

    session: boto3.Session
    endpoint: str
    rest_api_id: Callable[[], str]
    stage_name: str
    code: Path
    closers: list[Callable[[], None]]
    _url: str | None = field(default=None)

    def __call__(self) -> str:
        if self._url is None:
            from modules.runtime.errors import LocalRuntimeError
            from modules.runtime.local_api import LocalApi

            try:
                server = LocalApi.from_sandbox(
                    self.session,
                    self.endpoint,
                    self.rest_api_id(),
                    self.stage_name,
                    [self.code],
                    max_environments=1,
                )
            except LocalRuntimeError as error:
                raise fail(
                    f"el servidor local de la API no arrancó: {error}",
                    f"the local API server did not start: {error}",
                ) from error
            self.closers.append(server.close)
            self._url = server.serve("127.0.0.1", 0)
        return self._url


def terraform_outputs(root: Path) -> dict[str, str]:
    """Return `terraform output` of an initialised root as strings; {} when it cannot."""
    if shutil.which("terraform") is None or not (root / ".terraform").is_dir():
        return {}
    # The aws target means AWS: a sandbox endpoint left in the environment must not answer.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
    try:
        result = subprocess.run(
            ["terraform", f"-chdir={root}", "output", "-json"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env=env,
        )
        values = json.loads(result.stdout) if result.returncode == 0 else {}
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return {}
    return {name: str(item.get("value")) for name, item in values.items()}


def sandbox_context(
    project_root: Path,
    repo_root: Path,
    state_root: Path | None = None,
    code: Path | None = None,
) -> Context:
    """Return the running sandbox's context; raise TargetUnavailable when it is not running.

    state_root holds .sandbox/ (`course sandbox --root`), by default the project root; code is
    the local copy of the deployed zip, by default build/lambda.zip.
    """
    state = sandbox_state.load(state_root or project_root)
    if state is None or not is_answering(state.endpoint):
        raise TargetUnavailable(
            Text(
                es="el sandbox no está en marcha: arráncalo con `make sandbox`",
                en="the sandbox is not running: start it with `make sandbox`",
            )
        )
    session = boto3.Session(
        aws_access_key_id=SANDBOX_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=SANDBOX_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        aws_session_token=SANDBOX_CREDENTIALS["AWS_SESSION_TOKEN"],
        region_name=SANDBOX_CREDENTIALS["AWS_REGION"],
    )
    names = Names.defaults().with_outputs(state.outputs).with_backend(repo_root, "sandbox")
    closers: list[Callable[[], None]] = []
    code = code or project_root / DEPLOYED_ZIP
    invoker = SandboxInvoker(
        session, state.endpoint, names.function_name, names.alias_name, code, closers
    )
    ctx = Context(
        target="sandbox",
        names=names,
        project_root=project_root,
        repo_root=repo_root,
        clients=BotoClients(session, endpoint_url=state.endpoint),
        region=SANDBOX_CREDENTIALS["AWS_REGION"],
        configured_region=reader_region(),
        invoker=invoker,
        api=UrllibApi(lambda: ""),
        log_wait_s=5.0,
        closers=closers,
    )
    from modules.checks.m4 import rest_api_id

    stage_url = SandboxApiUrl(
        session, state.endpoint, lambda: rest_api_id(ctx), names.stage_name, code, closers
    )
    ctx.api = UrllibApi(stage_url)
    return ctx


def aws_context(project_root: Path, repo_root: Path) -> Context:
    """Return the reader's AWS account's context; raise TargetUnavailable without credentials."""
    session = boto3.Session()
    if session.get_credentials() is None:
        raise TargetUnavailable(
            Text(
                es="no hay credenciales de AWS: `aws configure sso` (o `aws configure`) y "
                "vuelve a probar",
                en="no AWS credentials: run `aws configure sso` (or `aws configure`) and try again",
            )
        )
    clients = BotoClients(session, config=AWS_CONFIG)
    try:
        clients("sts").get_caller_identity()
    except (ClientError, BotoCoreError) as error:
        raise TargetUnavailable(
            Text(
                es=f"AWS rechaza tus credenciales ({error}); renuévalas (`aws sso login`)",
                en=f"AWS rejects your credentials ({error}); renew them (`aws sso login`)",
            )
        ) from error
    outputs = {
        **terraform_outputs(repo_root / "terraform" / "bootstrap"),
        **terraform_outputs(repo_root / "terraform"),
    }
    names = Names.defaults().with_outputs(outputs)
    names = names.with_backend(repo_root, names.environment)
    region = session.region_name or DEFAULT_REGION
    closers: list[Callable[[], None]] = []
    ctx = Context(
        target="aws",
        names=names,
        project_root=project_root,
        repo_root=repo_root,
        clients=clients,
        region=region,
        configured_region=session.region_name,
        invoker=LambdaInvoker(clients, names.function_name, names.alias_name),
        api=UrllibApi(lambda: ""),
        closers=closers,
    )
    ctx.api = UrllibApi(lambda: stage_url(ctx))
    return ctx


def stage_url(ctx: Context) -> str:
    """Return the stage's invoke URL: the `api_url` output, else built from the API's id."""
    if ctx.names.api_url:
        return ctx.names.api_url
    from modules.checks.m4 import rest_api_id

    return (
        f"https://{rest_api_id(ctx)}.execute-api.{ctx.region}.amazonaws.com/{ctx.names.stage_name}"
    )


def build_context(
    target: Target,
    project_root: Path,
    repo_root: Path,
    state_root: Path | None = None,
    code: Path | None = None,
) -> Context:
    """Return the context of target; raise TargetUnavailable when it cannot be reached."""
    if target == "sandbox":
        return sandbox_context(project_root, repo_root, state_root, code)
    return aws_context(project_root, repo_root)
