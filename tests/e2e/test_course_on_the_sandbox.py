"""Every module's checks against the real `course sandbox up` deployment: the course's Terraform
applied into moto, the function run by the project's local runtime."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest

from modules.checks import checks_for
from modules.cli import main
from modules.cli.exit_codes import ExitCode
from modules.deployment.state import load

pytestmark = [pytest.mark.sandbox, pytest.mark.terraform]

# What moto cannot do, the sandbox switches off; these checks say so instead of passing.
SKIPPED_ON_THE_SANDBOX = {
    0: {"m0.root-mfa", "m0.user-mfa", "m0.budget"},
    1: {"m1.bucket-tls-only", "m1.bucket-old-versions-expire"},
    2: set(),
    3: {"m3.function-json-logs"},
    # The course deploys module 5, whose authorizer stands in front of POST /sessions.
    4: {"m4.http-round-trip"},
    5: set(),
}


def verify(
    number: int, sandbox: tuple[Path, Path], capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, dict[str, Any]]:
    root, package = sandbox
    capsys.readouterr()
    code = main(
        ["verify", str(number), "--root", str(root), "--zip", str(package), "--json", *extra]
    )
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("number", sorted(SKIPPED_ON_THE_SANDBOX), ids=lambda n: f"module-{n}")
def test_every_check_passes_on_the_sandbox_or_says_why_it_cannot_run(
    sandbox: tuple[Path, Path],
    number: int,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")  # module 0: the reader set a region
    # The repository checks (modules 0 and 1) look at this project, where Terraform ran.
    code, report = verify(number, sandbox, capsys)
    by_status: dict[str, set[str]] = {"passed": set(), "failed": set(), "skipped": set()}
    for check in report["checks"]:
        by_status[check["status"]].add(check["id"])
    details = {c["id"]: c["detail"] for c in report["checks"] if c["status"] != "passed"}
    assert by_status["failed"] == set(), details
    assert by_status["skipped"] == SKIPPED_ON_THE_SANDBOX[number], details
    assert by_status["passed"] == {c.id for c in checks_for(number)} - by_status["skipped"]
    assert code == ExitCode.OK
    assert report["names"] == "terraform outputs"


def test_a_broken_sandbox_deployment_fails_its_check_and_exits_1(
    sandbox: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    state = load(sandbox[0])
    assert state is not None
    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=state.endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    table = state.outputs["table_name"]
    spec = {"Enabled": False, "AttributeName": "expires_at"}
    dynamodb.update_time_to_live(TableName=table, TimeToLiveSpecification=spec)
    try:
        code, report = verify(2, sandbox, capsys)
    finally:
        spec["Enabled"] = True
        dynamodb.update_time_to_live(TableName=table, TimeToLiveSpecification=spec)
    assert code == ExitCode.FAILED
    failed = [c["id"] for c in report["checks"] if c["status"] == "failed"]
    assert failed == ["m2.table-ttl"]


def test_the_exports_of_sandbox_env_send_the_aws_cli_to_the_sandbox(
    sandbox: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["sandbox", "--root", str(sandbox[0]), "env"]) == ExitCode.OK
    exports = capsys.readouterr().out
    # A reader's own profile must not win over the exports.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    script = f"{exports}\naws sts get-caller-identity --query Account --output text"
    result = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "123456789012"  # moto's account: not a real one


def test_progress_shows_every_module_of_the_sandbox_deployment(
    sandbox: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    root, package = sandbox
    capsys.readouterr()
    argv = ["progress", "--root", str(root), "--zip", str(package), "--json", "--lang", "en"]
    assert main(argv) == ExitCode.OK
    report = json.loads(capsys.readouterr().out)
    rows = {row["module"]: row for row in report["modules"]}
    assert sorted(rows) == sorted(SKIPPED_ON_THE_SANDBOX)
    for number, row in rows.items():
        skipped = len(SKIPPED_ON_THE_SANDBOX[number])
        expected = (len(checks_for(number)) - skipped, 0, skipped)
        assert (row["passed"], row["failed"], row["skipped"]) == expected, row
        assert row["done"] is True


def test_progress_without_a_sandbox_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["progress", "--root", str(tmp_path), "--lang", "en"]) == ExitCode.UNAVAILABLE
    assert "course sandbox up" in capsys.readouterr().err
