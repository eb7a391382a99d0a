"""Lambda's platform lines (START, END, REPORT, INIT_REPORT) in its text and JSON log formats."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum


class LogFormat(StrEnum):
    """A function's log format (`LoggingConfig.LogFormat`); Lambda's default is Text."""

    TEXT = "Text"
    JSON = "JSON"

    @classmethod
    def parse(cls, value: str) -> LogFormat:
        """Return the format named value, in any case; raise ValueError for anything else."""
        for member in cls:
            if member.value.lower() == value.strip().lower():
                return member
        raise ValueError(f"unknown log format {value!r}: use Text or JSON")


class Status(StrEnum):
    """How an invocation ended, with the names of Lambda's platform.report records."""

    SUCCESS = "success"
    FAILURE = "failure"  # the handler raised: the runtime reported a function error
    ERROR = "error"  # the runtime itself failed: init error, crash, out of memory
    TIMEOUT = "timeout"


def iso_time(epoch_s: float) -> str:
    """Format epoch seconds like Lambda's records: 2026-11-28T21:08:43.123Z."""
    moment = datetime.fromtimestamp(epoch_s, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _json_line(epoch_s: float, kind: str, record: Mapping[str, object]) -> str:
    return json.dumps(
        {"time": iso_time(epoch_s), "type": kind, "record": record}, separators=(",", ":")
    )


@dataclass(frozen=True)
class PlatformLine:
    """One line Lambda itself writes, in both formats; `json` is None when JSON has no twin."""

    text: str
    json: str | None

    def message(self, log_format: LogFormat) -> str | None:
        """Return the line as written to the log group in log_format (None: not written)."""
        return self.json if log_format is LogFormat.JSON else self.text


@dataclass(frozen=True)
class Report:
    """The metrics of one invocation; durations in milliseconds, memory in MB."""

    request_id: str
    duration_ms: float
    memory_size_mb: int
    max_memory_used_mb: int
    init_duration_ms: float | None = None  # only on a cold start
    status: Status = Status.SUCCESS
    error_type: str | None = None

    @property
    def billed_duration_ms(self) -> int:
        """Return the billed milliseconds: rounded up to 1 ms, init included.

        Since 2025-08-01 Lambda bills the init phase of on-demand zip functions on managed
        runtimes too, so a cold start's Billed Duration covers Init Duration + Duration.
        """
        total = self.duration_ms + (self.init_duration_ms or 0.0)
        # Round away float noise first so 13.000000001 ms bills 13 ms, not 14.
        return math.ceil(round(total, 3))

    @property
    def cold(self) -> bool:
        return self.init_duration_ms is not None

    def text(self) -> str:
        """Return the REPORT line as Lambda writes it in the Text format (tab separated)."""
        fields = [
            f"REPORT RequestId: {self.request_id}",
            f"Duration: {self.duration_ms:.2f} ms",
            f"Billed Duration: {self.billed_duration_ms} ms",
            f"Memory Size: {self.memory_size_mb} MB",
            f"Max Memory Used: {self.max_memory_used_mb} MB",
        ]
        if self.init_duration_ms is not None:
            fields.append(f"Init Duration: {self.init_duration_ms:.2f} ms")
        # The Text line names a status only when the platform ended the invocation
        # (timeout, crash, out of memory, init failure); a handler's exception is not one.
        if self.status in (Status.ERROR, Status.TIMEOUT):
            fields.append(f"Status: {self.status.value}")
            if self.error_type and self.status is Status.ERROR:
                fields.append(f"Error Type: {self.error_type}")
            return "\t".join(fields)
        return "\t".join(fields) + "\t"

    def record(self) -> dict[str, object]:
        """Return the platform.report record of Lambda's JSON format."""
        metrics: dict[str, object] = {
            "durationMs": round(self.duration_ms, 3),
            "billedDurationMs": self.billed_duration_ms,
            "memorySizeMB": self.memory_size_mb,
            "maxMemoryUsedMB": self.max_memory_used_mb,
        }
        if self.init_duration_ms is not None:
            metrics["initDurationMs"] = round(self.init_duration_ms, 3)
        record: dict[str, object] = {
            "requestId": self.request_id,
            "metrics": metrics,
            "status": self.status.value,
        }
        if self.error_type and self.status in (Status.ERROR, Status.FAILURE):
            record["errorType"] = self.error_type
        return record

    def line(self, epoch_s: float) -> PlatformLine:
        return PlatformLine(self.text(), _json_line(epoch_s, "platform.report", self.record()))


def start_line(epoch_s: float, request_id: str, version: str, function_arn: str) -> PlatformLine:
    """Return the START line of an invocation."""
    record = {"requestId": request_id, "functionArn": function_arn, "version": version}
    return PlatformLine(
        f"START RequestId: {request_id} Version: {version}",
        _json_line(epoch_s, "platform.start", record),
    )


def end_line(request_id: str) -> PlatformLine:
    """Return the END line; the JSON format has no END record (platform.report closes it)."""
    return PlatformLine(f"END RequestId: {request_id}", None)


def init_report_line(
    epoch_s: float, duration_ms: float, phase: str, error_type: str | None
) -> PlatformLine:
    """Return the INIT_REPORT line Lambda writes when an init fails (phase init or invoke)."""
    status = "error" if error_type != "Sandbox.Timedout" else "timeout"
    fields = [f"INIT_REPORT Init Duration: {duration_ms:.2f} ms", f"Phase: {phase}"]
    fields.append(f"Status: {status}")
    if error_type and status == "error":
        fields.append(f"Error Type: {error_type}")
    record: dict[str, object] = {
        "initializationType": "on-demand",
        "phase": phase,
        "status": status,
        "metrics": {"durationMs": round(duration_ms, 3)},
    }
    if error_type:
        record["errorType"] = error_type
    return PlatformLine("\t".join(fields), _json_line(epoch_s, "platform.initReport", record))


def timed_out_line(epoch_s: float, request_id: str, seconds: float) -> PlatformLine:
    """Return the line Lambda adds after a timed-out invocation's REPORT (Text format only)."""
    return PlatformLine(
        f"{iso_time(epoch_s)} {request_id} Task timed out after {seconds:.2f} seconds", None
    )


def runtime_error_line(message: str, error_type: str) -> PlatformLine:
    """Return the line Lambda writes before END when the runtime died (Text format only)."""
    return PlatformLine(f"{message}\n{error_type}", None)
