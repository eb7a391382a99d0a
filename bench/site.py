"""Time the site: the strict build of both languages, and the doc tests of the pages' code."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from bench.measure import BenchFailed

# One build takes a few seconds here; anything near this limit is a hang, not a measure.
LIMIT_S = 300
# pytest's exit code when it collected nothing: the pages have no runnable fence yet.
NO_TESTS_COLLECTED = 5


def build_command(site_dir: Path) -> list[str]:
    """Return the strict build `make site` runs, into site_dir (i18n builds es and en)."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]


def doc_test_command() -> list[str]:
    """Return the pytest-markdown-docs run of `make test` over docs/ (the pages' own code)."""
    return [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "tests.doctools.markdown_plugin",
        "--markdown-docs",
        "--markdown-docs-syntax=superfences",
        "-p",
        "no:cacheprovider",
        "-q",
        "docs",
    ]


def timed_run(
    command: Sequence[str], root: Path, environment: Mapping[str, str], allowed: set[int]
) -> float:
    """Run command in root; return its wall time in s; raise BenchFailed if it failed."""
    started = time.perf_counter()
    try:
        finished = subprocess.run(
            list(command),
            cwd=root,
            env={**os.environ, **environment},
            capture_output=True,
            text=True,
            timeout=LIMIT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchFailed(f"`{' '.join(command)}` took over {LIMIT_S} s") from error
    elapsed = time.perf_counter() - started
    if finished.returncode not in allowed:
        tail = (finished.stderr or finished.stdout)[-2000:]
        raise BenchFailed(f"`{' '.join(command)}` exited {finished.returncode}:\n{tail}")
    return elapsed


def time_site(root: Path, rounds: int, environment: Mapping[str, str]) -> dict[str, list[float]]:
    """Time rounds strict builds and rounds doc-test runs, alternating; seconds each."""
    samples: dict[str, list[float]] = {"build": [], "doctest": []}
    for _ in range(rounds):
        with tempfile.TemporaryDirectory(prefix="bench-site-") as site_dir:
            samples["build"].append(
                timed_run(build_command(Path(site_dir)), root, environment, {0})
            )
        samples["doctest"].append(
            timed_run(doc_test_command(), root, environment, {0, NO_TESTS_COLLECTED})
        )
    return samples
