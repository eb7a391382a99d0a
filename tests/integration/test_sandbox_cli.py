"""`course sandbox` without a running sandbox, and the sandbox's helpers against moto."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from modules.cli import main
from modules.cli.exit_codes import ExitCode
from modules.deployment.aws import sandbox_settings, without_aws_settings
from modules.deployment.project import COURSE_ROOT, Project
from modules.i18n import Text
from modules.sandbox.lifecycle import (
    APP_SANDBOX_VARIABLES,
    BOOTSTRAP_SANDBOX_VARIABLES,
    Sandbox,
    SandboxLayout,
    empty_versioned_bucket,
)
from tests.fixtures.language import assert_spoken_in

ONE_ATTEMPT = Config(connect_timeout=2, read_timeout=10, retries={"total_max_attempts": 1})


@pytest.mark.parametrize(
    "argv",
    [
        ["sandbox"],
        ["sandbox", "up"],
        ["sandbox", "down"],
        ["sandbox", "status"],
        ["sandbox", "env"],
    ],
    ids=["sandbox", "up", "down", "status", "env"],
)
def test_every_sandbox_command_explains_itself(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--help"])
    assert exited.value.code == 0
    assert "usage: course sandbox" in capsys.readouterr().out


def test_status_without_a_sandbox_says_so_and_exits_unavailable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sandbox", "--root", str(tmp_path), "status", "--lang", "en"]) == 3
    assert "not running" in capsys.readouterr().out
    assert main(["sandbox", "--root", str(tmp_path), "status", "--lang", "es"]) == 3
    assert "parado: arráncalo con `course sandbox up`" in capsys.readouterr().out


def test_status_json_without_a_sandbox_is_machine_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sandbox", "--root", str(tmp_path), "status", "--json"]) == 3
    assert json.loads(capsys.readouterr().out)["running"] is False


def test_env_without_a_sandbox_prints_no_exports_and_exits_unavailable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sandbox", "--root", str(tmp_path), "env"]) == ExitCode.UNAVAILABLE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "course sandbox up" in captured.err


def test_down_without_a_sandbox_has_nothing_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sandbox", "--root", str(tmp_path), "down", "--lang", "en"]) == ExitCode.OK
    assert "nothing to take down" in capsys.readouterr().out
    assert not (tmp_path / ".sandbox").exists()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_up_with_a_missing_package_fails_before_starting_anything(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "missing.zip")
    argv = ["sandbox", "--root", str(tmp_path), "up", "--zip", missing, "--lang", lang]
    assert main(argv) == ExitCode.FAILED
    captured = capsys.readouterr()
    phrase = Text(
        es=f"{missing} no existe: constrúyelo con `course zip`",
        en=f"{missing} does not exist: build it with `course zip`",
    )
    assert_spoken_in(captured.err, lang, [phrase])
    assert captured.out == ""
    assert not (tmp_path / ".sandbox").exists()


def test_the_reader_s_aws_settings_never_reach_a_sandbox_run() -> None:
    base = {
        "AWS_PROFILE": "production",
        "AWS_ACCESS_KEY_ID": "AKIAREAL",
        "AWS_ENDPOINT_URL_S3": "https://s3.example",
        "AWS_CA_BUNDLE": "/etc/ssl/ca.pem",
        "PATH": "/usr/bin",
    }
    env = {**without_aws_settings(base), **sandbox_settings("http://127.0.0.1:5000")}
    assert "AWS_PROFILE" not in env and "AWS_ENDPOINT_URL_S3" not in env
    assert env["AWS_ACCESS_KEY_ID"] == "testing"
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5000"
    assert env["AWS_CA_BUNDLE"] == "/etc/ssl/ca.pem" and env["PATH"] == "/usr/bin"


def test_only_the_settings_the_emulator_lacks_are_switched_off() -> None:
    assert BOOTSTRAP_SANDBOX_VARIABLES == {
        "tls_only_policy_enabled": "false",
        "noncurrent_version_expiration_enabled": "false",
    }
    assert APP_SANDBOX_VARIABLES == {"lambda_json_logs_enabled": "false"}


@pytest.fixture
def s3(aws_env: str) -> Any:
    return boto3.client("s3", config=ONE_ATTEMPT)


def versioned_bucket_with_delete_markers(s3: Any, name: str) -> str:
    """Create a bucket like the state bucket after a few locked applies."""
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    for body in (b"v1", b"v2"):
        s3.put_object(Bucket=name, Key="app/dev/terraform.tfstate", Body=body)
        s3.put_object(Bucket=name, Key="app/dev/terraform.tfstate.tflock", Body=b"lock")
        s3.delete_object(Bucket=name, Key="app/dev/terraform.tfstate.tflock")
    return name


@pytest.mark.sandbox
def test_emptying_removes_every_version_and_delete_marker(s3: Any) -> None:
    bucket = versioned_bucket_with_delete_markers(s3, "sandbox-empty-test")
    assert empty_versioned_bucket(s3, bucket) == 6  # 2 states, 2 locks, 2 delete markers
    listing = s3.list_object_versions(Bucket=bucket)
    assert listing.get("Versions", []) == [] and listing.get("DeleteMarkers", []) == []
    s3.delete_bucket(Bucket=bucket)


@pytest.mark.sandbox
def test_moto_still_fails_on_delete_markers_once_versioning_is_suspended(s3: Any) -> None:
    """The emulator fault the sandbox works around; if this fails, moto fixed it."""
    bucket = versioned_bucket_with_delete_markers(s3, "sandbox-moto-fault")
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    listing = s3.list_object_versions(Bucket=bucket)
    objects = [
        {"Key": entry["Key"], "VersionId": entry["VersionId"]}
        for entry in listing.get("Versions", []) + listing.get("DeleteMarkers", [])
    ]
    try:
        with pytest.raises(ClientError) as raised:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": objects})
        assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    finally:
        # The workaround cleans up even after the fault: versioning on, then empty.
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        empty_versioned_bucket(s3, bucket)
        s3.delete_bucket(Bucket=bucket)


def test_without_a_zip_the_default_package_is_built_when_missing(tmp_path: Path) -> None:
    # The project's own code is what gets packaged: here, a copy of the course's.
    shutil.copytree(COURSE_ROOT / "code" / "auth_sessions", tmp_path / "code" / "auth_sessions")
    sandbox = Sandbox(layout=SandboxLayout(Project.at(tmp_path)))
    package = sandbox.package(None)
    assert package == tmp_path / "build" / "lambda.zip"
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    assert "auth_sessions/entrypoints/lambda_handler.py" in names
    assert all(name.startswith("auth_sessions/") for name in names)
