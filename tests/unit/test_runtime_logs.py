"""Reading the runtime's output and shipping it to a log group."""

from __future__ import annotations

import os
import re
import time
from datetime import UTC, datetime
from typing import Any

import pytest
from awslambdaric.bootstrap import FramedTelemetryLogSink

from modules.runtime.logs import (
    MAX_BATCH_EVENTS,
    CloudWatchLogs,
    FrameParser,
    LineParser,
    LogEvent,
    LogPump,
    LogShipper,
    log_stream_name,
)


def test_stream_names_look_like_lambdas() -> None:
    name = log_stream_name("$LATEST", datetime(2026, 11, 28, tzinfo=UTC))
    assert re.fullmatch(r"2026/11/28/\[\$LATEST\][0-9a-f]{32}", name)
    assert log_stream_name("1").split("]")[0].endswith("[1")


def test_line_parser_splits_lines_and_keeps_a_partial_one_for_later() -> None:
    parser = LineParser()
    first = parser.feed(b"one\ntwo\r\nthr")
    assert [event.message for event in first] == ["one", "two"]
    assert [event.message for event in parser.feed(b"ee\n")] == ["three"]
    parser.feed(b"no newline")
    assert [event.message for event in parser.flush()] == ["no newline"]
    assert parser.flush() == []


def test_frame_parser_reads_the_runtime_clients_own_frames() -> None:
    read_end, write_end = os.pipe()
    with FramedTelemetryLogSink(write_end) as sink:
        sink.log("first record\n")
        sink.log_error(["[ERROR] ValueError: boom", "Traceback (most recent call last):"])
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    parser = FrameParser()
    # Fed in two pieces: a frame split across reads must still come out whole.
    events = parser.feed(data[:10]) + parser.feed(data[10:])
    assert [event.message for event in events] == [
        "first record",
        "[ERROR] ValueError: boom\nTraceback (most recent call last):",
    ]
    assert abs(events[0].timestamp_ms - time.time() * 1000) < 60_000


def test_log_pump_drains_everything_written_before_the_call() -> None:
    read_end, write_end = os.pipe()
    pump = LogPump({read_end: LineParser()})
    try:
        os.write(write_end, b"a\nb\npartial")
        assert [event.message for event in pump.drain()] == ["a", "b", "partial"]
        assert pump.drain() == []
    finally:
        os.close(write_end)
        pump.close()


def test_log_pump_reads_to_the_end_when_the_writer_closes() -> None:
    read_end, write_end = os.pipe()
    pump = LogPump({read_end: LineParser()})
    os.write(write_end, b"last words")
    os.close(write_end)
    deadline = time.monotonic() + 5
    events: list[LogEvent] = []
    while time.monotonic() < deadline and not events:
        events = pump.drain()
        time.sleep(0.01)
    pump.close()
    assert [event.message for event in events] == ["last words"]


class FakeLogsClient:
    """Records put_log_events calls; the exceptions attribute mimics a boto3 client's."""

    class exceptions:
        class ResourceAlreadyExistsException(Exception):
            pass

    def __init__(self) -> None:
        self.groups: list[str] = []
        self.streams: list[str] = []
        self.batches: list[list[dict[str, Any]]] = []

    def create_log_group(self, logGroupName: str) -> None:
        if logGroupName in self.groups:
            raise self.exceptions.ResourceAlreadyExistsException
        self.groups.append(logGroupName)

    def create_log_stream(self, logGroupName: str, logStreamName: str) -> None:
        self.streams.append(logStreamName)

    def put_log_events(self, **request: Any) -> None:
        self.batches.append(request["logEvents"])


def test_cloudwatch_writes_in_time_order_and_skips_terminal_only_lines() -> None:
    client = FakeLogsClient()
    destination = CloudWatchLogs(client, "/aws/lambda/f")
    destination.write(
        "s",
        [
            LogEvent(2000, "START", "START"),
            LogEvent(1999, "written a moment earlier", "written a moment earlier"),
            LogEvent(2001, None, "END"),
            LogEvent(2002, "", ""),
        ],
    )
    assert client.groups == ["/aws/lambda/f"]
    assert client.streams == ["s"]
    [batch] = client.batches
    assert [entry["message"] for entry in batch] == ["START", "written a moment earlier", " "]
    stamps = [entry["timestamp"] for entry in batch]
    assert stamps == sorted(stamps)


def test_cloudwatch_splits_large_writes_into_batches_it_accepts() -> None:
    client = FakeLogsClient()
    events = [LogEvent(i, f"line {i}", "") for i in range(MAX_BATCH_EVENTS + 5)]
    CloudWatchLogs(client, "g").write("s", events)
    assert [len(batch) for batch in client.batches] == [MAX_BATCH_EVENTS, 5]


class RecordingDestination:
    def __init__(self) -> None:
        self.writes: list[tuple[str, list[str]]] = []

    def write(self, stream: str, events: list[LogEvent]) -> None:
        self.writes.append((stream, [event.message or "" for event in events]))


def test_the_shipper_writes_every_event_in_order_per_stream() -> None:
    destination = RecordingDestination()
    shipper = LogShipper(destination)
    for number in range(50):
        shipper.ship(
            f"stream-{number % 2}", [LogEvent.of(f"{number}-a"), LogEvent.of(f"{number}-b")]
        )
    shipper.flush()
    shipper.close()
    written: dict[str, list[str]] = {}
    for stream, messages in destination.writes:
        written.setdefault(stream, []).extend(messages)
    expected_even = [f"{n}-{part}" for n in range(0, 50, 2) for part in "ab"]
    assert written["stream-0"] == expected_even
    assert len(written["stream-1"]) == 50
    assert len(destination.writes) <= 50  # waiting events for a stream travel together


class BrokenDestination:
    def __init__(self) -> None:
        self.calls = 0

    def write(self, stream: str, events: list[LogEvent]) -> None:
        self.calls += 1
        raise ConnectionError("log service down")


def test_a_failing_log_group_warns_once_and_never_raises() -> None:
    warnings: list[str] = []
    destination = BrokenDestination()
    shipper = LogShipper(destination, warn=warnings.append)
    shipper.ship("stream-a", [LogEvent.of("one")])
    shipper.ship("stream-b", [LogEvent.of("two")])
    shipper.flush()
    shipper.close()
    assert destination.calls == 2
    assert len(warnings) == 1
    assert "log service down" in warnings[0]


@pytest.mark.parametrize(
    ("message", "text", "expected_text"),
    [("hello", None, "hello"), (None, "END RequestId: x", "END RequestId: x"), (None, None, "")],
    ids=["function-line", "terminal-only", "empty"],
)
def test_log_event_text_defaults_to_its_message(
    message: str | None, text: str | None, expected_text: str
) -> None:
    assert LogEvent.of(message, text=text).text == expected_text
