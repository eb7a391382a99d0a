"""`course api` as a reader runs it: it prints the base URL, serves, and stops on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from modules.cli import main
from modules.cli.exit_codes import ExitCode
from modules.deployment.state import SandboxState
from modules.sandbox.moto_server import MotoServer
from tests.fixtures import new_project
from tests.fixtures.functions import (
    create_proxy_api,
    deploy_function,
    fixture_zip,
    http_call,
    publish_alias,
    sandbox_session,
    unique,
)

pytestmark = pytest.mark.sandbox

ROOT = Path(__file__).resolve().parents[2]
RUN_COURSE = "import sys; from modules.cli import main; sys.exit(main())"


@pytest.fixture
def project(tmp_path: Path, moto_server: MotoServer) -> dict[str, Any]:
    """A project root whose sandbox holds the echo function behind a REST API."""
    session = sandbox_session()
    name = unique("echo")
    code = fixture_zip("echo")
    deploy_function(session, moto_server.endpoint, name, code, "echo_app.handler")
    alias_arn = publish_alias(session, moto_server.endpoint, name)
    api_id = create_proxy_api(session, moto_server.endpoint, alias_arn, {"/items": ["POST"]})
    outputs = {"rest_api_id": api_id, "stage_name": "dev", "function_name": name}
    SandboxState(moto_server.endpoint, 0, outputs).save(new_project(tmp_path))
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "lambda.zip").write_bytes(code)
    return {"root": tmp_path, "api_id": api_id}


@pytest.fixture
def course_api(project: dict[str, Any]) -> Iterator[subprocess.Popen[str]]:
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "code")]),
        "NO_COLOR": "1",
    }
    with subprocess.Popen(
        [sys.executable, "-c", RUN_COURSE, "api", "--port", "0", "--lang", "en"],
        cwd=project["root"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        yield process
        if process.poll() is None:
            process.kill()


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_course_api_prints_its_url_serves_and_stops_cleanly(
    course_api: subprocess.Popen[str], stop: signal.Signals
) -> None:
    assert course_api.stdout is not None and course_api.stderr is not None
    base_url = course_api.stdout.readline().strip()
    assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/dev"), (
        base_url or course_api.stderr.read()
    )
    answer = http_call(base_url, "POST", "/items", b'{"a": 1}', {"Content-Type": "text/plain"})
    assert answer.status == 200
    assert answer.json()["body"] == '{"a": 1}'
    assert http_call(base_url, "GET", "/items").status == 403
    course_api.send_signal(stop)
    assert course_api.wait(timeout=20) == ExitCode.INTERRUPTED
    log = course_api.stderr.read()
    assert "stopped" in log
    assert "POST /dev/items 200" in log
    assert "GET /dev/items 403" in log
    assert "REPORT RequestId" in log


def test_course_api_exits_3_without_a_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(new_project(tmp_path))
    assert main(["api"]) == ExitCode.UNAVAILABLE
    assert "course sandbox up" in capsys.readouterr().err


def test_course_api_exits_1_when_the_api_is_missing(
    project: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project["root"])
    assert main(["api", "--rest-api-id", "nosuchapi"]) == ExitCode.FAILED
    assert "nosuchapi" in capsys.readouterr().err
