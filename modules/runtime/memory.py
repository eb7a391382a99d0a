"""Memory of an execution environment: Max Memory Used, and the kill at the memory size.

How the cap was chosen (measured on Linux, Python 3.11, awslambdaric 4.2.2, boto3 imported and
one client built, the runtime's polling thread started):

- `RLIMIT_AS` = 128 MB: the process reserves ~158 MB of address space at rest (thread stacks,
  malloc arenas) while only ~57 MB is resident. It starts only because allocations fail and
  fall back; any real allocation then raises MemoryError *inside the handler*: too strict, and
  not what Lambda does.
- `RLIMIT_DATA` = 128 MB: counts writable reservations (~53 MB at rest), so it does limit, but a
  hit is again a MemoryError in the handler, which the handler may catch and carry on.
- Lambda caps the environment's cgroup: resident memory. Past the memory size the kernel kills
  the runtime and the invocation fails with `Runtime.OutOfMemory`.

So the environment is watched, not limited: every 5 ms while it initialises or runs an event,
VmHWM (the kernel's peak resident set size, which also records a peak freed between two
samples) is read from /proc/<pid>/status; past the memory size the process group gets SIGKILL
and the invocation fails as Lambda's does. Max Memory Used is the same VmHWM. It needs /proc
(Linux, WSL); elsewhere memory is neither measured nor capped.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from pathlib import Path

POLL_INTERVAL_S = 0.005
MIB = 1024 * 1024


def peak_resident_bytes(pid: int) -> int | None:
    """Return VmHWM of pid in bytes, or None when the process (or /proc) is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return None


class MemoryWatcher:
    """Sample a process's peak memory while active; call on_exceeded past limit_mb."""

    def __init__(self, pid: int, limit_mb: int, on_exceeded: Callable[[], None]) -> None:
        self._pid = pid
        self._limit_bytes = limit_mb * MIB
        self._limit_mb = limit_mb
        self._on_exceeded = on_exceeded
        self._peak_bytes = 0
        self._active = threading.Event()
        self._stopped = threading.Event()
        self.exceeded = False
        self._thread = threading.Thread(target=self._run, name="memory-watcher", daemon=True)
        self._thread.start()

    def activate(self) -> None:
        self._active.set()

    def pause(self) -> None:
        self.sample()
        self._active.clear()

    def stop(self) -> None:
        self._stopped.set()
        self._active.set()
        self._thread.join(timeout=1)

    @property
    def peak_mb(self) -> int:
        """Return the peak so far in MB (rounded up; the memory size when it was exceeded)."""
        if self.exceeded:
            return self._limit_mb
        return math.ceil(self._peak_bytes / MIB)

    def sample(self) -> None:
        peak = peak_resident_bytes(self._pid)
        if peak is None:
            return
        self._peak_bytes = max(self._peak_bytes, peak)
        if peak > self._limit_bytes and not self.exceeded:
            self.exceeded = True
            self._on_exceeded()

    def _run(self) -> None:
        while not self._stopped.is_set():
            self._active.wait()
            if self._stopped.is_set():
                return
            self.sample()
            self._stopped.wait(POLL_INTERVAL_S)
