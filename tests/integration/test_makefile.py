"""The Makefile's entry points say what to do when a variable is missing or wrong."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from modules.catalog import MODULES
from modules.i18n import Text
from tests.fixtures.language import assert_spoken_in

ROOT = Path(__file__).resolve().parents[2]


def make(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        # -o setup: the set-up is make's own business (and done before the tests run).
        ["make", "--no-print-directory", "-o", "setup", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "COURSE_LANG": lang},
    )


@pytest.mark.parametrize("lang", ["es", "en"])
def test_make_verify_without_a_module_lists_the_modules(lang: str) -> None:
    result = make("verify", lang=lang)
    assert result.returncode != 0
    assert "make verify MODULE=2" in result.stderr
    phrase = Text(es="los módulos son:", en="the modules are:")
    assert_spoken_in(result.stderr, lang, [phrase])
    for module in MODULES:
        assert f"{module.number}  {module.title[lang]}" in result.stderr


@pytest.mark.parametrize("lang", ["es", "en"])
def test_make_invoke_with_a_missing_event_lists_the_sample_events(lang: str) -> None:
    result = make("invoke", "EVENT=code/events/missing.json", lang=lang)
    assert result.returncode != 0
    phrases = [
        Text(
            es="no existe el fichero de evento code/events/missing.json",
            en="no event file code/events/missing.json",
        ),
        Text(es="los eventos de ejemplo son:", en="the sample events are:"),
    ]
    assert_spoken_in(result.stderr, lang, phrases)
    for event in sorted((ROOT / "code" / "events").glob("*.json")):
        assert f"code/events/{event.name}" in result.stderr
