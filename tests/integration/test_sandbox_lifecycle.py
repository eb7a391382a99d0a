"""One whole sandbox lifecycle: up, a clean plan, state in S3 with locking, up again, destroy.

The tests run in file order against one sandbox (module-scoped): the last ones destroy it.
The sandbox lives under a temporary folder, so a reader's own `.sandbox/` is never touched.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from modules.deployment import state as sandbox_state
from modules.deployment.aws import SANDBOX_CREDENTIALS, sandbox_settings
from modules.deployment.probe import is_answering
from modules.deployment.project import COURSE_ROOT, Project
from modules.packaging import build_zip
from modules.sandbox.lifecycle import BOOTSTRAP_STATE_KEY, Sandbox, SandboxLayout, variable_args
from modules.sandbox.moto_server import pid_is_moto

pytestmark = [pytest.mark.sandbox, pytest.mark.terraform]

APP_STATE_KEY = "app/dev/terraform.tfstate"
APP_OUTPUTS = {
    "api_url",
    "rest_api_id",
    "stage_name",
    "table_name",
    "table_arn",
    "function_name",
    "function_arn",
    "function_alias_name",
    "function_alias_arn",
    "log_group_name",
    "role_name",
    "role_arn",
    "usage_plan_id",
}
FAST = Config(connect_timeout=2, read_timeout=10, retries={"total_max_attempts": 2})


@dataclass
class Running:
    """The sandbox of this module and what `up` returned."""

    sandbox: Sandbox
    zip_path: Path
    endpoint: str
    pid: int
    outputs: dict[str, str]

    def client(self, service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=SANDBOX_CREDENTIALS["AWS_REGION"],
            aws_access_key_id=SANDBOX_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=SANDBOX_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=SANDBOX_CREDENTIALS["AWS_SESSION_TOKEN"],
            config=FAST,
        )

    def app_variables(self) -> list[str]:
        app = self.sandbox.app(self.outputs["state_bucket_name"], self.zip_path)
        return variable_args(app.variables)

    def terraform(self, *args: str, root: str = "app") -> subprocess.CompletedProcess[str]:
        layout = self.sandbox.layout
        cwd, data_dir = (
            (layout.app_root, layout.app_data_dir)
            if root == "app"
            else (layout.bootstrap_root, layout.bootstrap_data_dir)
        )
        return self.sandbox.terraform.run(
            *args,
            cwd=cwd,
            data_dir=data_dir,
            extra_env=sandbox_settings(self.endpoint),
            check=False,
        )


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    state_root = tmp_path_factory.mktemp("sandbox-root")
    zip_path = build_zip(output=tmp_path_factory.mktemp("package") / "lambda.zip").path
    sandbox = Sandbox(layout=SandboxLayout(Project.at(COURSE_ROOT, state_root)))
    try:
        current = sandbox.up(zip_path=zip_path)
    except BaseException:
        sandbox.stop()
        raise
    yield Running(sandbox, zip_path, current.endpoint, current.pid, current.outputs)
    # Whatever the tests did, no server and no files outlive the module.
    sandbox.down()


def test_up_records_the_server_and_every_output_in_the_state_file(running: Running) -> None:
    recorded = sandbox_state.load(running.sandbox.layout.state_root)
    assert recorded is not None
    assert recorded.endpoint == running.endpoint and recorded.pid == running.pid
    assert pid_is_moto(recorded.pid) and is_answering(recorded.endpoint)
    assert set(recorded.outputs) >= APP_OUTPUTS
    assert set(recorded.outputs) >= {"state_bucket_name", "state_bucket_arn", "region"}
    assert all(isinstance(value, str) and value for value in recorded.outputs.values())
    assert recorded.outputs["api_url"].endswith("/dev")
    assert running.sandbox.layout.moto_log.is_file()


def test_up_creates_the_stack_with_the_contract_names(running: Running) -> None:
    outputs = running.outputs
    table = running.client("dynamodb").describe_table(TableName="hexagonal-auth-dev-sessions")
    assert table["Table"]["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    ttl = running.client("dynamodb").describe_time_to_live(TableName=outputs["table_name"])
    assert ttl["TimeToLiveDescription"]["AttributeName"] == "expires_at"
    function = running.client("lambda").get_function_configuration(
        FunctionName="hexagonal-auth-dev-session-api", Qualifier="live"
    )
    assert (function["Runtime"], function["Architectures"]) == ("python3.13", ["arm64"])
    assert (function["MemorySize"], function["Timeout"]) == (128, 10)
    assert function["Handler"] == "auth_sessions.entrypoints.lambda_handler.handler"
    assert function["Environment"]["Variables"]["DYNAMODB_TABLE_NAME"] == outputs["table_name"]
    assert function["Role"] == outputs["role_arn"]
    groups = running.client("logs").describe_log_groups(logGroupNamePrefix="/aws/lambda/")
    assert [(g["logGroupName"], g.get("retentionInDays")) for g in groups["logGroups"]] == [
        ("/aws/lambda/hexagonal-auth-dev-session-api", 7)
    ]
    stage = running.client("apigateway").get_stage(
        restApiId=outputs["rest_api_id"], stageName="dev"
    )
    assert stage["stageName"] == "dev"
    plan = running.client("apigateway").get_usage_plan(usagePlanId=outputs["usage_plan_id"])
    assert plan["apiStages"] == [{"apiId": outputs["rest_api_id"], "stage": "dev"}]


def test_every_resource_carries_the_default_tags(running: Running) -> None:
    tags = running.client("dynamodb").list_tags_of_resource(
        ResourceArn=running.outputs["table_arn"]
    )["Tags"]
    assert {tag["Key"]: tag["Value"] for tag in tags} == {
        "Project": "hexagonal-auth",
        "Environment": "dev",
        "ManagedBy": "Terraform",
    }


@pytest.mark.parametrize("root", ["app", "bootstrap"], ids=["app", "bootstrap"])
def test_a_plan_right_after_up_is_clean(running: Running, root: str) -> None:
    variables = (
        running.app_variables()
        if root == "app"
        else [
            "-var=noncurrent_version_expiration_enabled=false",
            "-var=tls_only_policy_enabled=false",
        ]
    )
    result = running.terraform(
        "plan", "-detailed-exitcode", "-input=false", "-no-color", *variables, root=root
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@pytest.mark.parametrize(
    "key", [BOOTSTRAP_STATE_KEY, APP_STATE_KEY], ids=["bootstrap-state", "app-state"]
)
def test_each_state_lives_in_the_bucket_under_its_own_key_with_versions(
    running: Running, key: str
) -> None:
    bucket = running.outputs["state_bucket_name"]
    s3 = running.client("s3")
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    versions = s3.list_object_versions(Bucket=bucket, Prefix=key)
    assert [v["Key"] for v in versions.get("Versions", []) if v["IsLatest"]] == [key]
    state = json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
    assert state["resources"], f"{key} holds no resources"


def test_no_local_copy_of_the_bootstrap_state_remains(running: Running) -> None:
    layout = running.sandbox.layout
    leftovers = [
        layout.bootstrap_local_state,
        layout.bootstrap_root / "terraform.tfstate",
        layout.app_root / "terraform.tfstate",
    ]
    assert [path for path in leftovers if path.exists()] == []
    assert not layout.bootstrap_local_root.exists()


def wait_for_object(s3: Any, bucket: str, key: str, timeout_s: float) -> bool:
    """Poll until the object exists; return whether it appeared in time."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            s3.head_object(Bucket=bucket, Key=key)
            return True
        except ClientError:
            time.sleep(0.2)
    return False


def test_a_second_run_fails_on_the_lock_while_the_first_holds_it(
    running: Running, tmp_path: Path
) -> None:
    sandbox, bucket, s3 = (
        running.sandbox,
        running.outputs["state_bucket_name"],
        running.client("s3"),
    )
    lock_key = f"{APP_STATE_KEY}.tflock"
    # An apply with a change waits for "yes" on stdin and keeps the lock all that time.
    holder_log = tmp_path / "holder.log"
    with holder_log.open("w") as log:
        holder = subprocess.Popen(
            sandbox.terraform.command(
                "apply",
                "-input=true",
                "-no-color",
                "-var=log_level=DEBUG",
                *running.app_variables(),
            ),
            cwd=sandbox.layout.app_root,
            env=sandbox.terraform.environment(
                sandbox.layout.app_data_dir, sandbox_settings(running.endpoint)
            ),
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        assert wait_for_object(s3, bucket, lock_key, timeout_s=60), holder_log.read_text()
        second = running.terraform("plan", "-input=false", "-no-color", "-lock-timeout=0s")
        assert second.returncode == 1
        assert "Error acquiring the state lock" in second.stderr
        assert "OperationTypeApply" in second.stderr
    finally:
        holder.communicate("no\n", timeout=60)
    assert "Apply cancelled" in holder_log.read_text()
    assert not wait_for_object(s3, bucket, lock_key, timeout_s=1), "the lock was not released"
    after = running.terraform(
        "plan",
        "-detailed-exitcode",
        "-input=false",
        "-no-color",
        *running.app_variables(),
    )
    assert after.returncode == 0, after.stdout[-3000:]


def test_up_again_reuses_the_server_and_skips_terraform_when_nothing_changed(
    running: Running,
) -> None:
    said: list[str] = []
    sandbox = replace(running.sandbox, report=lambda text: said.append(text.en))
    again = sandbox.up(zip_path=running.zip_path)
    assert (again.endpoint, again.pid) == (running.endpoint, running.pid)
    assert again.outputs == running.outputs
    assert any("nothing changed since the last apply" in line for line in said), said
    assert not any(line.strip().startswith("terraform apply") for line in said), said


def test_up_applies_again_when_forced_or_when_the_zip_changed(
    running: Running, tmp_path: Path
) -> None:
    said: list[str] = []
    sandbox = replace(running.sandbox, report=lambda text: said.append(text.en))
    forced = sandbox.up(zip_path=running.zip_path, force=True)
    assert forced.outputs == running.outputs
    assert any(line.strip().startswith("terraform apply") for line in said), said
    # Another zip is another fingerprint: the function's code must be deployed again.
    other = tmp_path / "lambda.zip"
    other.write_bytes(running.zip_path.read_bytes() + b"\0")
    assert sandbox.fingerprint(other) != sandbox.fingerprint(running.zip_path)


def test_destroy_leaves_no_table_function_role_log_group_api_or_bucket(running: Running) -> None:
    running.sandbox.destroy()
    assert running.client("dynamodb").list_tables()["TableNames"] == []
    assert running.client("lambda").list_functions()["Functions"] == []
    roles = running.client("iam").list_roles()["Roles"]
    assert [r["RoleName"] for r in roles if r["RoleName"].startswith("hexagonal-auth")] == []
    assert running.client("logs").describe_log_groups()["logGroups"] == []
    assert running.client("apigateway").get_rest_apis()["items"] == []
    assert running.client("apigateway").get_usage_plans()["items"] == []
    assert running.client("s3").list_buckets()["Buckets"] == []
    assert not running.sandbox.layout.bootstrap_local_state.exists()


def test_stop_ends_the_server_and_removes_the_sandbox_folder(running: Running) -> None:
    running.sandbox.stop()
    deadline = time.monotonic() + 10
    while pid_is_moto(running.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not pid_is_moto(running.pid)
    assert not is_answering(running.endpoint)
    assert not running.sandbox.layout.sandbox_dir.exists()
    assert running.sandbox.status().running is False
