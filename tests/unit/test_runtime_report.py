"""Lambda's platform lines, byte for byte, in the Text and JSON log formats."""

from __future__ import annotations

import json

import pytest

from modules.runtime.report import (
    LogFormat,
    Report,
    Status,
    end_line,
    init_report_line,
    iso_time,
    runtime_error_line,
    start_line,
    timed_out_line,
)

REQUEST_ID = "8f5c2f0e-7b1a-4c37-9a65-3f1d2e4b5c6d"
ARN = "arn:aws:lambda:us-east-1:123456789012:function:hexagonal-auth-dev-session-api"
NOON = 1_795_867_200.25  # 2026-11-28T12:00:00.250Z


def make_report(**overrides: object) -> Report:
    values: dict[str, object] = {
        "request_id": REQUEST_ID,
        "duration_ms": 12.34,
        "memory_size_mb": 128,
        "max_memory_used_mb": 41,
    }
    values.update(overrides)
    return Report(**values)  # type: ignore[arg-type]


def test_a_warm_report_line_has_lambdas_tab_separated_fields_and_no_init_duration() -> None:
    assert make_report().text() == (
        f"REPORT RequestId: {REQUEST_ID}\tDuration: 12.34 ms\tBilled Duration: 13 ms\t"
        "Memory Size: 128 MB\tMax Memory Used: 41 MB\t"
    )


def test_a_cold_report_line_adds_init_duration_and_bills_it() -> None:
    line = make_report(init_duration_ms=210.55).text()
    assert line.endswith("Max Memory Used: 41 MB\tInit Duration: 210.55 ms\t")
    # Since 2025-08-01 the init phase of zip functions on managed runtimes is billed too.
    assert "Billed Duration: 223 ms" in line


@pytest.mark.parametrize(
    ("duration_ms", "init_ms", "billed_ms"),
    [
        (12.34, None, 13),
        (13.0, None, 13),
        (0.2, None, 1),
        (1000.0000001, None, 1000),
        (1233.96, 463.512, 1698),
    ],
    ids=["rounds-up", "whole-millisecond", "under-one", "float-noise", "cold-start"],
)
def test_billed_duration_rounds_up_to_the_millisecond(
    duration_ms: float, init_ms: float | None, billed_ms: int
) -> None:
    report = make_report(duration_ms=duration_ms, init_duration_ms=init_ms)
    assert report.billed_duration_ms == billed_ms


def test_a_timed_out_report_names_its_status_but_no_error_type() -> None:
    report = make_report(duration_ms=1000.5, status=Status.TIMEOUT, error_type="Sandbox.Timedout")
    assert report.text().endswith("Max Memory Used: 41 MB\tStatus: timeout")
    assert report.record()["status"] == "timeout"
    assert "errorType" not in report.record()


def test_a_runtime_error_report_names_status_and_error_type() -> None:
    report = make_report(
        max_memory_used_mb=128, status=Status.ERROR, error_type="Runtime.OutOfMemory"
    )
    assert report.text().endswith("\tStatus: error\tError Type: Runtime.OutOfMemory")


def test_a_handler_exception_leaves_the_text_report_plain_and_marks_the_json_record() -> None:
    report = make_report(status=Status.FAILURE, error_type="ValueError")
    assert "Status" not in report.text()
    assert report.record()["status"] == "failure"
    assert report.record()["errorType"] == "ValueError"


def test_the_json_report_is_a_platform_report_record() -> None:
    line = make_report(init_duration_ms=210.5549).line(NOON)
    record = json.loads(line.message(LogFormat.JSON) or "")
    assert record == {
        "time": "2026-11-28T12:00:00.250Z",
        "type": "platform.report",
        "record": {
            "requestId": REQUEST_ID,
            "metrics": {
                "durationMs": 12.34,
                "billedDurationMs": 223,
                "memorySizeMB": 128,
                "maxMemoryUsedMB": 41,
                "initDurationMs": 210.555,
            },
            "status": "success",
        },
    }
    assert line.message(LogFormat.TEXT) == line.text


def test_start_line_in_both_formats() -> None:
    line = start_line(NOON, REQUEST_ID, "$LATEST", ARN)
    assert line.text == f"START RequestId: {REQUEST_ID} Version: $LATEST"
    assert json.loads(line.json or "") == {
        "time": "2026-11-28T12:00:00.250Z",
        "type": "platform.start",
        "record": {"requestId": REQUEST_ID, "functionArn": ARN, "version": "$LATEST"},
    }


def test_end_line_exists_only_in_the_text_format() -> None:
    line = end_line(REQUEST_ID)
    assert line.message(LogFormat.TEXT) == f"END RequestId: {REQUEST_ID}"
    assert line.message(LogFormat.JSON) is None


def test_init_report_line_of_a_failed_init() -> None:
    line = init_report_line(NOON, 137.691, "init", "Runtime.ImportModuleError")
    assert line.text == (
        "INIT_REPORT Init Duration: 137.69 ms\tPhase: init\tStatus: error\t"
        "Error Type: Runtime.ImportModuleError"
    )
    record = json.loads(line.json or "")["record"]
    assert record["phase"] == "init"
    assert record["errorType"] == "Runtime.ImportModuleError"


def test_init_report_line_of_an_init_that_ran_out_of_time() -> None:
    line = init_report_line(NOON, 10000.0, "init", "Sandbox.Timedout")
    assert line.text.endswith("Phase: init\tStatus: timeout")


def test_timed_out_and_runtime_error_lines_are_text_only() -> None:
    timed_out = timed_out_line(NOON, REQUEST_ID, 1.004)
    assert (
        timed_out.text == f"2026-11-28T12:00:00.250Z {REQUEST_ID} Task timed out after 1.00 seconds"
    )
    crashed = runtime_error_line(
        "RequestId: x Error: Runtime exited with error: exit status 3", "Runtime.ExitError"
    )
    assert crashed.text.endswith("exit status 3\nRuntime.ExitError")
    assert timed_out.json is None and crashed.json is None


def test_iso_time_has_milliseconds_and_a_z() -> None:
    assert iso_time(0) == "1970-01-01T00:00:00.000Z"
    assert iso_time(NOON) == "2026-11-28T12:00:00.250Z"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("JSON", LogFormat.JSON),
        ("json", LogFormat.JSON),
        ("Text", LogFormat.TEXT),
        (" text ", LogFormat.TEXT),
    ],
    ids=["JSON", "json", "Text", "padded"],
)
def test_log_format_parses_any_case(value: str, expected: LogFormat) -> None:
    assert LogFormat.parse(value) is expected


def test_an_unknown_log_format_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="use Text or JSON"):
        LogFormat.parse("yaml")
