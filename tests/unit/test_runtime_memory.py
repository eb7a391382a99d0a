"""Peak memory of a process, and the kill past the memory size."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from modules.runtime.memory import MIB, MemoryWatcher, peak_resident_bytes


def test_the_peak_of_a_live_process_is_read_from_proc() -> None:
    peak = peak_resident_bytes(os.getpid())
    assert peak is not None
    assert peak > 5 * MIB


def test_a_finished_process_has_no_peak() -> None:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    assert peak_resident_bytes(process.pid) is None


def test_the_watcher_reports_the_peak_and_calls_back_past_the_limit() -> None:
    exceeded = threading.Event()
    never = threading.Event()
    small = MemoryWatcher(os.getpid(), limit_mb=1, on_exceeded=exceeded.set)
    large = MemoryWatcher(os.getpid(), limit_mb=1_000_000, on_exceeded=never.set)
    try:
        large.activate()
        small.activate()
        assert exceeded.wait(5)
        large.pause()
    finally:
        small.stop()
        large.stop()
    assert small.exceeded
    assert small.peak_mb == 1  # past the limit Lambda reports the memory size
    assert not large.exceeded and not never.is_set()
    assert large.peak_mb >= 5
