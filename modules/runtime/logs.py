"""The function's log lines: read from the child, then shipped to its CloudWatch log group."""

from __future__ import annotations

import contextlib
import errno
import os
import queue
import selectors
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

# awslambdaric writes each logging record to _LAMBDA_TELEMETRY_LOG_FD as one frame:
# 4-byte type, 4-byte length, 8-byte timestamp in microseconds (big-endian), then the message.
FRAME_HEADER_BYTES = 16
# CloudWatch Logs limits for one put_log_events call and one event.
MAX_BATCH_EVENTS = 10_000
MAX_BATCH_BYTES = 1_048_576
EVENT_OVERHEAD_BYTES = 26
MAX_EVENT_BYTES = 262_144 - EVENT_OVERHEAD_BYTES


@dataclass(frozen=True)
class LogEvent:
    """One log event: what the log group stores (`message`) and what a terminal shows (`text`).

    `message` is None for a line the function's log format has no place for (the END line of
    the JSON format): it is shown on a terminal and never written to the log group.
    """

    timestamp_ms: int
    message: str | None
    text: str

    @classmethod
    def of(
        cls, message: str | None, timestamp_ms: int | None = None, text: str | None = None
    ) -> LogEvent:
        stamp = timestamp_ms if timestamp_ms is not None else now_ms()
        return cls(stamp, message, text if text is not None else (message or ""))


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def log_stream_name(version: str, when: datetime | None = None) -> str:
    """Return a stream name like Lambda's: 2026/11/28/[$LATEST]<32 hex digits>."""
    moment = when or datetime.now(tz=UTC)
    return f"{moment:%Y/%m/%d}/[{version}]{uuid.uuid4().hex}"


class LineParser:
    """Split a byte stream (the child's stdout or stderr) into one event per line."""

    def __init__(self) -> None:
        self._pending = b""

    def feed(self, data: bytes) -> list[LogEvent]:
        self._pending += data
        *lines, self._pending = self._pending.split(b"\n")
        stamp = now_ms()
        return [LogEvent.of(_decode(line), stamp) for line in lines]

    def flush(self) -> list[LogEvent]:
        """Return a last line that has no newline yet (Lambda ships it too)."""
        rest, self._pending = self._pending, b""
        return [LogEvent.of(_decode(rest))] if rest else []


class FrameParser:
    """Split awslambdaric's framed telemetry stream into one event per logging record."""

    def __init__(self) -> None:
        self._pending = b""

    def feed(self, data: bytes) -> list[LogEvent]:
        self._pending += data
        events = []
        while len(self._pending) >= FRAME_HEADER_BYTES:
            length = int.from_bytes(self._pending[4:8], "big")
            end = FRAME_HEADER_BYTES + length
            if len(self._pending) < end:
                break
            stamp_us = int.from_bytes(self._pending[8:16], "big")
            message = _decode(self._pending[FRAME_HEADER_BYTES:end]).rstrip("\n")
            events.append(LogEvent.of(message, stamp_us // 1000))
            self._pending = self._pending[end:]
        return events

    def flush(self) -> list[LogEvent]:
        self._pending = b""  # a torn frame from a killed child carries no message worth keeping
        return []


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").rstrip("\r")


class Parser(Protocol):
    def feed(self, data: bytes) -> list[LogEvent]: ...

    def flush(self) -> list[LogEvent]: ...


class LogPump:
    """Read the child's output pipes in a thread; `drain()` returns everything written so far.

    The child writes a log line before it posts its response, so once the response has
    arrived every byte of that invocation is either in a pipe or already read: `drain()`
    empties the pipes under the same lock the thread reads with, and nothing is lost.
    """

    def __init__(self, pipes: dict[int, Parser]) -> None:
        self._parsers = dict(pipes)
        self._events: list[LogEvent] = []
        self._lock = threading.Lock()
        self._selector = selectors.DefaultSelector()
        for fd in self._parsers:
            os.set_blocking(fd, False)
            self._selector.register(fd, selectors.EVENT_READ)
        # close() writes to this pipe so the thread wakes at once instead of at a timeout.
        self._wake_read, self._wake_write = os.pipe()
        self._selector.register(self._wake_read, selectors.EVENT_READ)
        self._thread = threading.Thread(target=self._run, name="log-pump", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._parsers:
                    return
            for key, _ in self._selector.select(timeout=1.0):
                if key.fd == self._wake_read:
                    return
                with self._lock:
                    if key.fd in self._parsers:
                        self._read(key.fd)

    def _read(self, fd: int) -> None:
        """Read fd until it is empty or closed; call with the lock held."""
        parser = self._parsers[fd]
        while True:
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:
                return
            except OSError as error:  # pragma: no cover - a pipe only fails when closed under us
                if error.errno != errno.EBADF:
                    raise
                data = b""
            if not data:
                self._events.extend(parser.flush())
                self._selector.unregister(fd)
                os.close(fd)
                del self._parsers[fd]
                return
            self._events.extend(parser.feed(data))

    def drain(self) -> list[LogEvent]:
        """Return (and forget) every event written so far, partial last lines included."""
        with self._lock:
            for fd in list(self._parsers):
                self._read(fd)
            for parser in self._parsers.values():
                self._events.extend(parser.flush())
            events, self._events = self._events, []
        return events

    def close(self) -> None:
        """Stop reading and close the pipes that are still open."""
        os.write(self._wake_write, b"x")
        self._thread.join(timeout=2)
        with self._lock:
            for fd in list(self._parsers):
                self._selector.unregister(fd)
                os.close(fd)
            self._parsers.clear()
        self._selector.close()
        os.close(self._wake_read)
        os.close(self._wake_write)


class LogDestination(Protocol):
    """Where a function's log events go: its log group."""

    def write(self, stream: str, events: list[LogEvent]) -> None: ...


class CloudWatchLogs:
    """Write events to a log group with CreateLogStream and PutLogEvents, as Lambda does."""

    def __init__(self, client: Any, group: str) -> None:
        self._client = client
        self.group = group
        self._streams: set[str] = set()
        self._group_ready = False

    def write(self, stream: str, events: list[LogEvent]) -> None:
        entries = _chronological(events)
        if not entries:
            return
        self._ensure(stream)
        for batch in _batches(entries):
            self._client.put_log_events(
                logGroupName=self.group, logStreamName=stream, logEvents=batch
            )

    def _ensure(self, stream: str) -> None:
        errors = self._client.exceptions
        if not self._group_ready:
            # Lambda creates a missing group when the role allows logs:CreateLogGroup.
            with contextlib.suppress(errors.ResourceAlreadyExistsException):
                self._client.create_log_group(logGroupName=self.group)
            self._group_ready = True
        if stream not in self._streams:
            with contextlib.suppress(errors.ResourceAlreadyExistsException):
                self._client.create_log_stream(logGroupName=self.group, logStreamName=stream)
            self._streams.add(stream)


def _chronological(events: Iterable[LogEvent]) -> list[dict[str, Any]]:
    """Return put_log_events entries in order, never going back in time (a batch must not)."""
    entries = []
    last = 0
    for event in events:
        if event.message is None:
            continue
        last = max(last, event.timestamp_ms)
        message = event.message or " "  # CloudWatch rejects empty messages
        encoded = message.encode("utf-8")
        if len(encoded) > MAX_EVENT_BYTES:
            message = encoded[:MAX_EVENT_BYTES].decode("utf-8", errors="ignore")
        entries.append({"timestamp": last, "message": message})
    return entries


def _batches(entries: list[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    size = 0
    for entry in entries:
        entry_size = len(entry["message"].encode("utf-8")) + EVENT_OVERHEAD_BYTES
        if batch and (len(batch) >= MAX_BATCH_EVENTS or size + entry_size > MAX_BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(entry)
        size += entry_size
    if batch:
        yield batch


class LogShipper:
    """Ship events to a destination from a background thread, like Lambda's asynchronous logs.

    A failing destination never fails an invocation: the first failure is reported once on
    stderr and the events are dropped. `flush()` waits until everything queued is written.
    """

    def __init__(
        self,
        destination: LogDestination,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self._destination = destination
        self._warn = warn or (lambda text: print(text, file=sys.stderr))
        self._queue: queue.Queue[tuple[str, list[LogEvent]] | None] = queue.Queue()
        self._warned = False
        self._thread = threading.Thread(target=self._run, name="log-shipper", daemon=True)
        self._thread.start()

    def ship(self, stream: str, events: list[LogEvent]) -> None:
        if events:
            self._queue.put((stream, events))

    def flush(self) -> None:
        self._queue.join()

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while True:
            items = [self._queue.get()]
            # Take whatever else is waiting too: one call per stream instead of one per
            # invocation keeps up with a busy local API.
            while True:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                by_stream: dict[str, list[LogEvent]] = {}
                for item in items:
                    if item is not None:
                        by_stream.setdefault(item[0], []).extend(item[1])
                for stream, events in by_stream.items():
                    self._write(stream, events)
            finally:
                for _ in items:
                    self._queue.task_done()
            if None in items:
                return

    def _write(self, stream: str, events: list[LogEvent]) -> None:
        try:
            self._destination.write(stream, events)
        except Exception as error:  # a log group that can't be written must not stop the function
            if not self._warned:
                self._warned = True
                self._warn(f"warning: function logs not written to the log group: {error}")
