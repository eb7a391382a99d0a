"""A deployed function read back from Lambda: configuration and code."""

from __future__ import annotations

import base64
import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from modules.runtime.errors import BytecodeMismatch, CodeUnavailable, UnsupportedFunction
from modules.runtime.function import (
    FunctionConfig,
    bytecode_tags,
    check_bytecode,
    code_sha256,
    find_code,
)
from modules.runtime.report import LogFormat

FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:hexagonal-auth-dev-session-api"
CONFIGURATION = {
    "FunctionName": "hexagonal-auth-dev-session-api",
    "FunctionArn": f"{FUNCTION_ARN}:3",
    "Runtime": "python3.13",
    "Handler": "auth_sessions.entrypoints.lambda_handler.handler",
    "MemorySize": 128,
    "Timeout": 10,
    "Version": "3",
    "Architectures": ["arm64"],
    "CodeSha256": "abc=",
    "Environment": {"Variables": {"DYNAMODB_TABLE_NAME": "hexagonal-auth-dev-sessions"}},
}


def test_a_qualified_configuration_keeps_the_functions_own_arn() -> None:
    config = FunctionConfig.from_api(CONFIGURATION, qualifier="live")
    assert config.arn == FUNCTION_ARN
    assert config.invoked_arn == f"{FUNCTION_ARN}:live"
    assert config.version == "3"
    assert config.region == "us-east-1"
    assert config.architecture == "arm64"
    assert config.environment == {"DYNAMODB_TABLE_NAME": "hexagonal-auth-dev-sessions"}


def test_without_logging_config_the_function_logs_text_to_its_default_group() -> None:
    config = FunctionConfig.from_api(CONFIGURATION)
    assert config.log_format is LogFormat.TEXT
    assert config.log_group == "/aws/lambda/hexagonal-auth-dev-session-api"
    assert config.invoked_arn == config.arn


def test_the_logging_config_and_an_override_set_the_log_format() -> None:
    logging = {"LogFormat": "JSON", "LogGroup": "/custom/group", "ApplicationLogLevel": "WARN"}
    config = FunctionConfig.from_api({**CONFIGURATION, "LoggingConfig": logging})
    assert config.log_format is LogFormat.JSON
    assert config.log_group == "/custom/group"
    assert config.application_log_level == "WARN"
    overridden = FunctionConfig.from_api(CONFIGURATION, log_format=LogFormat.JSON)
    assert overridden.log_format is LogFormat.JSON


def test_code_sha256_is_base64_like_lambdas() -> None:
    data = b"zip bytes"
    assert code_sha256(data) == base64.b64encode(hashlib.sha256(data).digest()).decode()


def test_find_code_returns_the_candidate_with_the_deployed_digest(tmp_path: Path) -> None:
    stale = tmp_path / "stale.zip"
    stale.write_bytes(b"old")
    fresh = tmp_path / "fresh.zip"
    fresh.write_bytes(b"new")
    found = find_code(code_sha256(b"new"), [tmp_path / "missing.zip", stale, fresh])
    assert found == b"new"
    assert find_code(code_sha256(b"given"), [b"given"]) == b"given"


def test_find_code_names_what_it_tried_when_nothing_matches(tmp_path: Path) -> None:
    stale = tmp_path / "lambda.zip"
    stale.write_bytes(b"old")
    with pytest.raises(CodeUnavailable) as caught:
        find_code("deployed=", [stale, tmp_path / "absent.zip"])
    message = str(caught.value)
    assert "deployed=" in message
    assert f"{stale} (sha256 {code_sha256(b'old')})" in message
    assert "absent.zip (missing)" in message
    assert "course zip" in message


def zip_of(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, b"")
    return buffer.getvalue()


def test_the_bytecode_tags_come_from_the_pycache_names() -> None:
    code = zip_of(
        "auth_sessions/service.py",
        "auth_sessions/__pycache__/service.cpython-313.pyc",
        "auth_sessions/domain/__pycache__/model.cpython-312.opt-1.pyc",
        "old_style.pyc",  # a .pyc outside __pycache__ is no cached bytecode
    )
    assert bytecode_tags(code) == {"cpython-313", "cpython-312"}


def test_bytecode_of_the_runtimes_python_or_none_at_all_passes() -> None:
    check_bytecode(zip_of("a/__pycache__/m.cpython-313.pyc", "a/m.py"), "python3.13")
    check_bytecode(zip_of("a/m.py"), "python3.13")


def test_bytecode_of_another_python_is_refused_with_the_fix() -> None:
    code = zip_of("a/m.py", "a/__pycache__/m.cpython-311.pyc")
    with pytest.raises(BytecodeMismatch) as raised:
        check_bytecode(code, "python3.13")
    message = str(raised.value)
    assert "cpython-311 (Python 3.11)" in message
    assert "runs python3.13 (cpython-313)" in message
    assert "course zip" in message
    assert isinstance(raised.value, UnsupportedFunction)
