"""The function runs on its runtime's Python and imports the bytecode its zip ships."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from modules.cli import main
from modules.cli.exit_codes import ExitCode
from modules.deployment.aws import SANDBOX_CREDENTIALS
from modules.deployment.state import SandboxState
from modules.packaging import SOURCE, build_zip
from modules.runtime.environment import ExecutionEnvironment
from modules.runtime.function import FunctionConfig
from modules.runtime.interpreter import deployed_runtime, lambda_python, runtime_version
from modules.runtime.local_lambda import LocalLambda
from modules.sandbox.moto_server import MotoServer
from tests.fixtures import new_project
from tests.fixtures.functions import deploy_function, fixture_zip, sandbox_session, unique

pytestmark = pytest.mark.sandbox

RUNTIME = deployed_runtime()  # terraform/lambda.tf's, what Lambda runs the function on
HANDLER = "auth_sessions.entrypoints.lambda_handler.handler"
# If Python compiled a source instead of loading its .pyc, this is what it would run.
NOT_THE_BYTECODE = 'raise ImportError("compiled from source, not loaded from the .pyc")\n'


def test_the_function_runs_on_the_python_of_the_deployed_runtime(
    moto_server: MotoServer,
) -> None:
    session = sandbox_session()
    name = unique("echo")
    code = fixture_zip("echo")
    deploy_function(session, moto_server.endpoint, name, code, "echo_app.handler", Runtime=RUNTIME)
    with LocalLambda.from_sandbox(session, moto_server.endpoint, name, None, [code]) as function:
        answer = function.invoke(b"{}").json()
        version = function.python.version
    major, minor, _ = (int(part) for part in answer["python"].split("."))
    assert (major, minor) == runtime_version(RUNTIME)
    assert answer["python"] == version


def run_service(task_root: Path, event: bytes) -> tuple[Any, str | None]:
    """Start the service's handler in task_root on the runtime's Python; return its answer."""
    config = FunctionConfig(
        name="hexagonal-auth-dev-session-api",
        arn="arn:aws:lambda:us-east-1:123456789012:function:hexagonal-auth-dev-session-api",
        qualifier=None,
        version="$LATEST",
        handler=HANDLER,
        runtime=RUNTIME,
        memory_size_mb=128,
        timeout_s=10,
        architecture="arm64",
        code_sha256="",
        log_group="/aws/lambda/hexagonal-auth-dev-session-api",
        environment={"DYNAMODB_TABLE_NAME": "hexagonal-auth-dev-sessions"},
    )
    extra = {
        **SANDBOX_CREDENTIALS,
        # Lambda's task root is read-only: nothing may be compiled and cached there.
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    environment = ExecutionEnvironment(config, task_root, extra)
    try:
        result = environment.invoke(event)
    finally:
        environment.close()
    return result.json(), result.error_type


@pytest.mark.parametrize("bytecode", [True, False], ids=["with-pyc", "sources-only"])
def test_the_runtime_imports_the_shipped_bytecode_without_compiling(
    tmp_path: Path, bytecode: bool
) -> None:
    built = build_zip(SOURCE, tmp_path / "lambda.zip", bytecode=bytecode)
    task_root = tmp_path / "task"
    with zipfile.ZipFile(built.path) as archive:
        archive.extractall(task_root)
    for source in task_root.rglob("*.py"):
        source.write_text(NOT_THE_BYTECODE)
    event = (SOURCE.parent / "events" / "unknown_route.json").read_bytes()
    answer, error_type = run_service(task_root, event)
    if bytecode:
        assert error_type is None, answer
        assert answer["statusCode"] == 404
    else:
        # The control: with no .pyc to load, the runtime compiles the (broken) sources.
        assert error_type == "Runtime.ImportModuleError"
        assert "compiled from source" in answer["errorMessage"]


def zip_for_another_python(tmp_path: Path) -> bytes:
    """Return the service's zip with bytecode of a Python other than the runtime's."""
    other = build_zip(SOURCE, tmp_path / "other.zip", python=Path(sys.executable))
    runtime_tag = lambda_python(RUNTIME).cache_tag
    if other.cache_tag != runtime_tag:
        return other.path.read_bytes()
    # The tooling runs on the runtime's version too: name the bytecode for the next one.
    major, minor = runtime_version(RUNTIME)
    renamed = io.BytesIO()
    with zipfile.ZipFile(other.path) as source, zipfile.ZipFile(renamed, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            info.filename = info.filename.replace(runtime_tag, f"cpython-{major}{minor + 1}")
            target.writestr(info, data)
    return renamed.getvalue()


def sandbox_project(project: Path, endpoint: str, name: str, code: bytes, handler: str) -> None:
    """Deploy code as function name and make project a sandbox's root with it in build/."""
    deploy_function(sandbox_session(), endpoint, name, code, handler, Runtime=RUNTIME)
    SandboxState(endpoint, 0, {"function_name": name}).save(new_project(project))
    (project / "build").mkdir()
    (project / "build" / "lambda.zip").write_bytes(code)


def test_course_invoke_refuses_a_zip_built_for_another_python(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    moto_server: MotoServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = unique("session-api")
    code = zip_for_another_python(tmp_path)
    sandbox_project(tmp_path, moto_server.endpoint, name, code, HANDLER)
    monkeypatch.chdir(tmp_path)
    assert main(["invoke", "--function", name, "--lang", "en"]) == ExitCode.FAILED
    err = capsys.readouterr().err
    assert "the zip holds bytecode for cpython-3" in err
    assert f"the function runs {RUNTIME}" in err
    assert "course zip" in err


def test_course_invoke_names_the_python_it_runs_the_function_on(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    moto_server: MotoServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = unique("echo")
    sandbox_project(tmp_path, moto_server.endpoint, name, fixture_zip("echo"), "echo_app.handler")
    monkeypatch.chdir(tmp_path)
    assert main(["invoke", "--function", name, "--json", "--lang", "en"]) == ExitCode.OK
    out, err = capsys.readouterr()
    version = lambda_python(RUNTIME).version
    assert err.count(f"{RUNTIME} on Python {version}") == 1
    assert json.loads(out)["python"] == version
