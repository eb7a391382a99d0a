"""`course invoke` and `course logs` against a sandbox described by .sandbox/state.json."""

from __future__ import annotations

import argparse
import io
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from modules.cli import main
from modules.cli.cmd_invoke import report_lines
from modules.cli.cmd_logs import events, parse_since
from modules.cli.exit_codes import ExitCode
from modules.deployment.state import SandboxState
from modules.i18n import Text
from modules.sandbox.moto_server import MotoServer, free_port
from tests.fixtures import new_project
from tests.fixtures.functions import (
    deploy_function,
    fixture_zip,
    publish_alias,
    sandbox_session,
    unique,
)
from tests.fixtures.language import assert_spoken_in

pytestmark = pytest.mark.sandbox

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ")


@pytest.fixture(scope="module")
def deployed(moto_server: MotoServer) -> dict[str, Any]:
    """The echo function behind alias `live`, as the sandbox's outputs would name it."""
    session = sandbox_session()
    name = unique("echo")
    code = fixture_zip("echo")
    deploy_function(session, moto_server.endpoint, name, code, "echo_app.handler")
    publish_alias(session, moto_server.endpoint, name)
    return {"name": name, "code": code, "session": session}


@pytest.fixture
def project(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    moto_server: MotoServer,
    deployed: dict[str, Any],
) -> Path:
    """A project root whose sandbox runs the echo function, with its zip in build/."""
    outputs = {
        "function_name": deployed["name"],
        "function_alias_name": "live",
        "log_group_name": f"/aws/lambda/{deployed['name']}",
    }
    SandboxState(moto_server.endpoint, 0, outputs).save(new_project(tmp_path))
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "lambda.zip").write_bytes(deployed["code"])
    (tmp_path / "event.json").write_text('{"greeting": "hola"}')
    monkeypatch.chdir(new_project(tmp_path))
    return tmp_path


def test_invoke_prints_the_answer_on_stdout_and_report_on_stderr(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["invoke", "--target", "sandbox", "--event", "event.json"])
    out, err = capsys.readouterr()
    assert code == ExitCode.OK
    answer = json.loads(out)
    assert answer["event"] == {"greeting": "hola"}
    assert answer["context"]["invoked_function_arn"].endswith(":live")
    report = [line for line in err.splitlines() if line.startswith("REPORT")]
    assert len(report) == 1
    assert "Init Duration" in report[0]  # every `course invoke` is a cold start
    assert "START RequestId" not in err


def test_invoke_reads_the_event_from_stdin_and_prints_every_log_line(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b'{"from": "stdin"}')))
    code = main(["invoke", "--event", "-", "--logs"])
    out, err = capsys.readouterr()
    assert code == ExitCode.OK
    assert json.loads(out)["event"] == {"from": "stdin"}
    assert "START RequestId" in err and "END RequestId" in err and "echo: init" in err


def test_invoke_json_output_is_one_object_for_machines(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["invoke", "--event", "event.json", "--json"])
    out, _ = capsys.readouterr()
    assert code == ExitCode.OK
    result = json.loads(out)
    assert result["target"] == "sandbox"
    assert result["functionError"] is None
    assert result["payload"]["event"] == {"greeting": "hola"}
    assert result["report"]["requestId"] == result["requestId"]
    assert result["report"]["status"] == "success"
    assert any(line.startswith("REPORT") for line in result["logs"])


def test_invoke_exits_1_when_the_function_fails(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "event.json").write_text('{"action": "raise"}')
    code = main(["invoke", "--event", "event.json"])
    out, _ = capsys.readouterr()
    assert code == ExitCode.FAILED
    assert json.loads(out)["errorType"] == "ValueError"


def test_invoke_refuses_an_event_that_is_not_json(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "event.json").write_text("{not json")
    assert main(["invoke", "--event", "event.json", "--lang", "en"]) == ExitCode.USAGE
    assert "not JSON" in capsys.readouterr().err


def test_invoke_exits_1_with_advice_when_the_zip_is_not_the_deployed_code(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "build" / "lambda.zip").write_bytes(fixture_zip("sleepy"))
    assert main(["invoke"]) == ExitCode.FAILED
    assert "course zip" in capsys.readouterr().err


INVOKE_PHRASES = [
    Text(es="… arranque en frío de ", en="… cold start of "),
    Text(es=" en el sandbox\n", en=" in the sandbox\n"),
    Text(es=" con Python 3.", en=" on Python 3."),
]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_invoke_speaks_only_the_run_s_language(
    lang: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["invoke", "--event", "event.json", "--lang", lang]) == ExitCode.OK
    assert_spoken_in(capsys.readouterr().err, lang, INVOKE_PHRASES)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_invoke_errors_speak_only_the_run_s_language(
    lang: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "build" / "lambda.zip").write_bytes(fixture_zip("sleepy"))
    assert main(["invoke", "--lang", lang]) == ExitCode.FAILED
    not_deployed = [
        Text(es="ningún zip local es el código desplegado", en="no local zip is the deployed code"),
        Text(es="Construye el zip y vuelve a desplegarlo", en="Build the zip and deploy it again"),
    ]
    assert_spoken_in(capsys.readouterr().err, lang, not_deployed)
    assert main(["invoke", "--function", "nobody", "--lang", lang]) == ExitCode.FAILED
    missing = Text(es="no existe la función nobody", en="function nobody not found")
    assert_spoken_in(capsys.readouterr().err, lang, [missing])
    (project / "event.json").write_text("{not json")
    assert main(["invoke", "--event", "event.json", "--lang", lang]) == ExitCode.USAGE
    not_json = Text(es="event.json no es JSON", en="event.json is not JSON")
    assert_spoken_in(capsys.readouterr().err, lang, [not_json])


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_missing_event_lists_the_sample_events_in_the_run_s_language(
    lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    events = new_project(tmp_path) / "code" / "events"
    events.mkdir(parents=True)
    (events / "create_session.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    argv = ["invoke", "--event", "code/events/nope.json", "--lang", lang]
    assert main(argv) == ExitCode.USAGE
    err = capsys.readouterr().err
    phrases = [
        Text(es="no existe el fichero de evento code/events/nope.json", en="no event file"),
        Text(es="los eventos de ejemplo son:", en="the sample events are:"),
    ]
    assert_spoken_in(err, lang, phrases)
    assert "  code/events/create_session.json" in err.splitlines()


def test_invoke_exits_3_without_a_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(new_project(tmp_path))
    assert main(["invoke"]) == ExitCode.UNAVAILABLE
    assert "course sandbox up" in capsys.readouterr().err


def test_invoke_exits_3_when_the_sandbox_does_not_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    SandboxState(f"http://127.0.0.1:{free_port()}", 0, {}).save(new_project(tmp_path))
    monkeypatch.chdir(new_project(tmp_path))
    assert main(["invoke", "--lang", "en"]) == ExitCode.UNAVAILABLE
    assert "does not answer" in capsys.readouterr().err


def test_logs_prints_the_log_group_oldest_first(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["invoke", "--event", "event.json"])
    capsys.readouterr()
    assert main(["logs", "--since", "1h"]) == ExitCode.OK
    # A multi-line event (a traceback) continues on lines of its own; stamps start events.
    lines = [line for line in capsys.readouterr().out.splitlines() if STAMP.match(line)]
    assert any(re.search(r"Z START RequestId: [0-9a-f-]{36} Version: 1$", line) for line in lines)
    assert any("\tDuration: " in line and " REPORT RequestId" in line for line in lines)
    stamps = [line.split(" ")[0] for line in lines]
    assert stamps == sorted(stamps)


def test_logs_json_prints_one_object_per_event(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["invoke", "--event", "event.json"])
    capsys.readouterr()
    assert main(["logs", "--json"]) == ExitCode.OK
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records
    assert {"timestamp", "logStreamName", "message"} <= set(records[0])


def test_logs_of_a_missing_group_exit_1(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["logs", "--log-group", "/aws/lambda/nobody", "--lang", "en"]) == ExitCode.FAILED
    assert "not found" in capsys.readouterr().err


def test_logs_exit_3_without_a_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(new_project(tmp_path))
    assert main(["logs"]) == ExitCode.UNAVAILABLE


def test_following_the_logs_yields_events_written_later(
    project: Path,
    moto_server: MotoServer,
    deployed: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("modules.cli.cmd_logs.FOLLOW_INTERVAL_S", 0.05)
    main(["invoke", "--event", "event.json"])
    client = deployed["session"].client("logs", endpoint_url=moto_server.endpoint)
    group = f"/aws/lambda/{deployed['name']}"
    stream = client.describe_log_streams(logGroupName=group)["logStreams"][0]["logStreamName"]
    follow = events(client, group, parse_since("1h"), follow=True)
    seen = [next(follow)["message"]]
    client.put_log_events(
        logGroupName=group,
        logStreamName=stream,
        logEvents=[{"timestamp": int(time.time() * 1000), "message": "written later"}],
    )
    while seen[-1] != "written later":
        seen.append(next(follow)["message"])
    follow.close()
    assert seen.count("written later") == 1


@pytest.mark.parametrize(
    ("value", "seconds_ago"),
    [("30s", 30), ("10m", 600), ("2h", 7200), ("1d", 86400)],
    ids=["seconds", "minutes", "hours", "days"],
)
def test_since_takes_an_age(value: str, seconds_ago: int) -> None:
    assert abs(parse_since(value) - (time.time() - seconds_ago) * 1000) < 5000


def test_since_takes_an_iso_time_and_refuses_anything_else() -> None:
    assert parse_since("2026-11-28T12:00:00Z") == 1_795_867_200_000
    with pytest.raises(argparse.ArgumentTypeError, match="neither an age"):
        parse_since("yesterday")


def test_report_lines_are_found_in_a_tail_of_either_log_format() -> None:
    tail = "\n".join(
        [
            "START RequestId: r Version: 1",
            "REPORT RequestId: r\tDuration: 1.00 ms\tBilled Duration: 1 ms\t"
            "Memory Size: 128 MB\tMax Memory Used: 40 MB\t",
            json.dumps(
                {
                    "type": "platform.report",
                    "record": {
                        "requestId": "j",
                        "metrics": {
                            "durationMs": 2.5,
                            "billedDurationMs": 3,
                            "memorySizeMB": 128,
                            "maxMemoryUsedMB": 41,
                            "initDurationMs": 200.0,
                        },
                        "status": "success",
                    },
                }
            ),
        ]
    )
    assert report_lines(tail) == [
        "REPORT RequestId: r\tDuration: 1.00 ms\tBilled Duration: 1 ms\t"
        "Memory Size: 128 MB\tMax Memory Used: 40 MB",
        "REPORT RequestId: j\tDuration: 2.50 ms\tBilled Duration: 3 ms\t"
        "Memory Size: 128 MB\tMax Memory Used: 41 MB\tInit Duration: 200.00 ms",
    ]
