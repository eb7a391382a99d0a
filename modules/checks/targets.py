"""Build the context of a target: the running sandbox, or the reader's AWS account."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

from modules.checks.context import Context, FunctionPython, HttpResponse, InvokeResult
from modules.checks.framework import fail
from modules.deployment import target as deployments
from modules.deployment.aws import ClientFactory, Target, reader_region
from modules.deployment.project import Project


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
                f"el runtime local no pudo ejecutar la función: {error.detail.es}",
                f"the local runtime could not run the function: {error.detail.en}",
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
                    f"el servidor local de la API no arrancó: {error.detail.es}",
                    f"the local API server did not start: {error.detail.en}",
                ) from error
            self.closers.append(server.close)
            self._url = server.serve("127.0.0.1", 0)
        return self._url


def function_python() -> FunctionPython:
    """Return the function's own Python (`.venv-lambda/`); raise RuntimeNotInstalled."""
    from modules.checks.m3 import RUNTIME
    from modules.runtime.interpreter import lambda_python

    return lambda_python(RUNTIME)


def sandbox_context(project: Project, code: Path | None = None) -> Context:
    """Return the context of the project's running sandbox; raise SandboxNotRunning.

    code is the local copy of the deployed zip, by default the project's build/lambda.zip.
    """
    deployment = deployments.sandbox(project)
    assert deployment.endpoint is not None  # a sandbox always has one
    names = deployment.names
    closers: list[Callable[[], None]] = []
    code = code or project.zip_path
    session = deployment.session
    invoker = SandboxInvoker(
        session, deployment.endpoint, names.function_name, names.alias_name, code, closers
    )
    ctx = Context(
        target="sandbox",
        names=names,
        repo_root=project.root,
        clients=deployment.clients,
        region=deployment.region,
        configured_region=reader_region(),
        invoker=invoker,
        api=UrllibApi(lambda: ""),
        function_python=function_python,
        endpoint_url=deployment.endpoint,
        log_wait_s=5.0,
        closers=closers,
    )
    from modules.checks.m4 import rest_api_id

    stage_url = SandboxApiUrl(
        session, deployment.endpoint, lambda: rest_api_id(ctx), names.stage_name, code, closers
    )
    ctx.api = UrllibApi(stage_url)
    return ctx


def aws_context(project: Project) -> Context:
    """Return the context of the project on the reader's AWS account; raise AwsUnavailable."""
    deployment = deployments.aws(project)
    names = deployment.names
    closers: list[Callable[[], None]] = []
    ctx = Context(
        target="aws",
        names=names,
        repo_root=project.root,
        clients=deployment.clients,
        region=deployment.region,
        configured_region=deployment.session.region_name,
        invoker=LambdaInvoker(deployment.clients, names.function_name, names.alias_name),
        api=UrllibApi(lambda: ""),
        function_python=function_python,
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


def build_context(target: Target, project: Project, code: Path | None = None) -> Context:
    """Return the context of target; raise a DeploymentError when it cannot be reached."""
    if target == "sandbox":
        return sandbox_context(project, code)
    return aws_context(project)
