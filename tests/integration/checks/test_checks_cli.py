"""`course verify N`: the checklist, JSON, and exit codes 0, 1 and 3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modules.checks import checks_for
from modules.cli import main
from modules.cli.exit_codes import ExitCode
from modules.deployment import target as deployments
from modules.deployment.aws import CLIENT_CONFIG
from modules.deployment.state import SandboxState
from modules.sandbox.moto_server import MotoServer
from tests.integration.checks.deployment import NAMES, Aws, deploy, make_repo

pytestmark = pytest.mark.sandbox


@pytest.fixture
def aws_env(aws_env: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The test environment, where the aws target may reach the moto server too."""
    monkeypatch.setattr(deployments, "AWS_CONFIG", CLIENT_CONFIG)
    return aws_env


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The reader's project, where the commands run."""
    path = make_repo(tmp_path / "repo")
    monkeypatch.chdir(path)
    return path


@pytest.fixture
def table_and_role(moto_server: MotoServer) -> Aws:
    moto_server.reset()
    aws = Aws(moto_server.endpoint)
    deploy(aws, 2)
    return aws


@pytest.fixture
def fake_sandbox(moto_server: MotoServer, repo: Path) -> Path:
    """The reader's project, whose .sandbox/state.json points at the test moto server."""
    SandboxState(
        endpoint=moto_server.endpoint, pid=0, outputs={"table_name": NAMES.table_name}
    ).save(repo)
    return repo


def test_verify_on_aws_prints_json_and_exits_0_when_every_check_passes(
    aws_env: str, table_and_role: Aws, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["verify", "2", "--target", "aws", "--json", "--lang", "en"])
    report = json.loads(capsys.readouterr().out)
    assert code == ExitCode.OK
    assert report["ok"] is True
    assert report["summary"]["passed"] == len(checks_for(2))
    assert [c["id"] for c in report["checks"]] == [c.id for c in checks_for(2)]
    assert report["names"] == "defaults"


def test_verify_exits_1_and_shows_the_fix_when_a_check_fails(
    aws_env: str, table_and_role: Aws, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table_and_role("dynamodb").update_time_to_live(
        TableName=NAMES.table_name,
        TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires_at"},
    )
    code = main(["verify", "2", "--target", "aws"])
    out = capsys.readouterr().out
    assert code == ExitCode.FAILED
    assert "Módulo 2 · Roles de IAM y DynamoDB" in out
    assert "✗ El TTL de la tabla está activo sobre `expires_at`  [m2.table-ttl]" in out
    assert "Cómo arreglarlo: Añade `ttl {" in out
    assert "6 superadas, 1 fallida, 0 omitidas (de 7)" in out
    assert "\033[" not in out  # captured output is not a terminal


def test_verify_on_the_sandbox_lists_skips_and_still_exits_0(
    aws_env: str,
    fake_sandbox: Path,
    moto_server: MotoServer,
    repo: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    moto_server.reset()
    code = main(["verify", "0", "--lang", "en"])
    out = capsys.readouterr().out
    assert code == ExitCode.OK, out
    assert "(target: sandbox; names: Terraform outputs)" in out
    assert out.count("\u2013 ") == 3
    assert "skipped: only meaningful on a real AWS account" in out
    total = len(checks_for(0))
    assert f"{total - 3} passed, 0 failed, 3 skipped (of {total})" in out


def test_verify_reads_names_from_the_sandbox_state(
    aws_env: str,
    fake_sandbox: Path,
    table_and_role: Aws,
    repo: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["verify", "2", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == ExitCode.OK, report
    assert (report["target"], report["names"]) == ("sandbox", "terraform outputs")


def test_verify_exits_3_when_the_sandbox_is_not_running(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["verify", "3", "--json"])
    captured = capsys.readouterr()
    assert code == ExitCode.UNAVAILABLE
    assert "course sandbox up" in captured.err
    assert json.loads(captured.out)["error"].startswith("no hay ningún sandbox en marcha")


def test_verify_exits_3_when_the_sandbox_state_points_at_a_stopped_server(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    SandboxState(endpoint="http://127.0.0.1:9", pid=0).save(repo)
    assert main(["verify", "1", "--lang", "en"]) == ExitCode.UNAVAILABLE
    assert "does not answer" in capsys.readouterr().err


def test_verify_outside_a_project_says_how_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["verify", "1", "--lang", "en"]) == ExitCode.USAGE
    assert "course init DIR" in capsys.readouterr().err


def test_verify_exits_3_without_aws_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    assert main(["verify", "2", "--target", "aws", "--lang", "en"]) == ExitCode.UNAVAILABLE
    assert "no AWS credentials" in capsys.readouterr().err


def test_verify_rejects_a_module_the_course_does_not_have(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["verify", "9"])
    assert exit_info.value.code == ExitCode.USAGE
    assert "invalid choice: 9" in capsys.readouterr().err
