"""On the sandbox target, modules 3 and 4 run the real function under the project's runtime.

The deployment is built straight into moto with the real package (`build_zip`) of the code as
module 4 leaves it, so the invocation, the log lines and the HTTP round trip are the service's
own, not fakes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest

from modules.checks import checks_for
from modules.checks.framework import CheckResult, Status, run_checks
from modules.checks.m4 import rest_api_id
from modules.checks.targets import SandboxApiUrl, SandboxInvoker, UrllibApi
from modules.deployment.aws import SANDBOX_CREDENTIALS
from modules.learner.reference import files_at, write_tree
from modules.learner.stages import Stage
from modules.packaging import build_zip
from modules.sandbox.moto_server import MotoServer
from tests.integration.checks.deployment import (
    NAMES,
    Aws,
    RecordingClients,
    deploy_api,
    deploy_function,
    deploy_table_and_role,
    make_context,
    make_repo,
)

pytestmark = pytest.mark.sandbox


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The function of module 4: no authorizer in front of it yet, the body names the user."""
    project = tmp_path_factory.mktemp("module-4")
    write_tree(files_at(Stage.end_of(4)), project)
    output = tmp_path_factory.mktemp("package") / "lambda.zip"
    return build_zip(source=project / "code" / "auth_sessions", output=output).path


@pytest.fixture(scope="module")
def deployed(moto_server: MotoServer, package: Path) -> Aws:
    moto_server.reset()
    aws = Aws(moto_server.endpoint)
    deploy_table_and_role(aws)
    deploy_function(aws, package.read_bytes())
    deploy_api(aws)
    return aws


def sandbox_session() -> boto3.Session:
    return boto3.Session(
        aws_access_key_id=SANDBOX_CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=SANDBOX_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        region_name=SANDBOX_CREDENTIALS["AWS_REGION"],
    )


@pytest.fixture(scope="module")
def results(
    deployed: Aws, package: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, CheckResult]]:
    """Run modules 3 and 4 once; the tests below read what happened."""
    endpoint = deployed.endpoint
    ctx = make_context(
        target="sandbox",
        clients=RecordingClients(endpoint),
        repo=make_repo(tmp_path_factory.mktemp("runtime") / "repo", code=True),
    )
    ctx.log_wait_s = 10.0
    session = sandbox_session()
    ctx.invoker = SandboxInvoker(
        session, endpoint, NAMES.function_name, NAMES.alias_name, package, ctx.closers
    )
    ctx.api = UrllibApi(
        SandboxApiUrl(
            session, endpoint, lambda: rest_api_id(ctx), NAMES.stage_name, package, ctx.closers
        )
    )
    try:
        found = run_checks([*checks_for(3), *checks_for(4)], ctx)
    finally:
        ctx.close()
    yield {r.check.id: r for r in found}


def test_modules_3_and_4_pass_through_the_local_runtime(results: dict[str, CheckResult]) -> None:
    failed = {
        check_id: result.detail.en
        for check_id, result in results.items()
        if result.status is not Status.PASSED and check_id != "m3.function-json-logs"
    }
    assert failed == {}
    assert results["m3.function-json-logs"].status is Status.SKIPPED


def test_the_logs_check_read_the_real_function_lines(results: dict[str, CheckResult]) -> None:
    detail = results["m3.logs-no-token"].detail.en
    lines = int(detail.split(" ", 1)[0])
    assert lines >= 3  # START, the service's own line(s), END, REPORT
