"""The Makefile's entry points say what to do when a variable is missing or wrong."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from modules.catalog import MODULES

ROOT = Path(__file__).resolve().parents[2]


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        # -o setup: the set-up is make's own business (and done before the tests run).
        ["make", "--no-print-directory", "-o", "setup", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "COURSE_LANG": "en"},
    )


def test_make_verify_without_a_module_lists_the_modules() -> None:
    result = make("verify")
    assert result.returncode != 0
    assert "make verify MODULE=2" in result.stderr
    for module in MODULES:
        assert f"{module.number}  {module.title['en']}" in result.stderr


def test_make_invoke_with_a_missing_event_lists_the_sample_events() -> None:
    result = make("invoke", "EVENT=code/events/missing.json")
    assert result.returncode != 0
    assert "no event file code/events/missing.json" in result.stderr
    for event in sorted((ROOT / "code" / "events").glob("*.json")):
        assert f"code/events/{event.name}" in result.stderr
