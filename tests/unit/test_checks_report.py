"""How results are shown: the checklist, the JSON, and the page macro."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from modules.catalog import LANGUAGES
from modules.checks import checks_for
from modules.checks.framework import Check, CheckResult, Status, Text, summarize
from modules.checks.macros import register, render_checks_list
from modules.checks.report import as_json, header, result_lines, summary_line

CHECK = checks_for(2)[2]  # m2.table-ttl


def result(status: Status, detail: str = "detail") -> CheckResult:
    return CheckResult(CHECK, status, Text(es=f"{detail} (es)", en=detail), 0.0123)


def test_a_failure_shows_the_mark_the_detail_and_the_fix() -> None:
    lines = result_lines(result(Status.FAILED, "TTL DISABLED"), "en", io.StringIO())
    assert lines[0].startswith("  ✗ The table's TTL is enabled on `expires_at`")
    assert "[m2.table-ttl]" in lines[0]
    assert lines[1].strip() == "TTL DISABLED"
    assert lines[2].strip() == f"How to fix it: {CHECK.fix.en}"
    # m2.table-ttl grades an exercise: the line says which, where, and the way out.
    assert lines[3].strip() == (
        "It is exercise 2.ttl (Your turn), in terraform/dynamodb.tf; `course solve 2` gives "
        "you the solution if you are stuck."
    )


def test_a_failure_of_a_check_that_grades_no_exercise_names_none() -> None:
    other = CheckResult(checks_for(2)[0], Status.FAILED, Text(es="x", en="x"), 0.1)
    assert len(result_lines(other, "es", io.StringIO())) == 3
    assert as_json(2, "sandbox", "defaults", "es", [other])["checks"][0]["exercises"] == []


def test_a_failure_of_a_check_that_grades_two_exercises_names_both() -> None:
    contract = next(c for c in checks_for(3) if c.id == "m3.repository-contract")
    failed = CheckResult(contract, Status.FAILED, Text(es="x", en="x"), 0.1)
    lines = result_lines(failed, "es", io.StringIO())
    assert lines[3].strip() == (
        "Son los ejercicios 3.repository-get y 3.repository-remove (Tu turno), en "
        "code/auth_sessions/adapters/dynamodb_session_repository.py; `course solve 3` te da la "
        "solución si te atascas."
    )
    listed = as_json(3, "sandbox", "defaults", "en", [failed])["checks"][0]["exercises"]
    assert listed == ["3.repository-get", "3.repository-remove"]


def test_a_skip_says_it_was_skipped_and_why_and_offers_no_fix() -> None:
    lines = result_lines(result(Status.SKIPPED, "moto limit"), "es", io.StringIO())
    assert lines[0].startswith("  \u2013 ")
    assert lines[1].strip() == "omitida: moto limit (es)"
    assert len(lines) == 2


def test_a_pass_has_a_tick_and_its_detail() -> None:
    lines = result_lines(result(Status.PASSED, "TTL ENABLED"), "en", io.StringIO())
    assert lines[0].startswith("  ✓ ")
    assert len(lines) == 2


def test_no_colour_reaches_a_stream_that_is_not_a_terminal() -> None:
    stream = io.StringIO()
    text = "\n".join(
        [
            header(2, "sandbox", "defaults", "en", stream),
            *result_lines(result(Status.FAILED), "en", stream),
            summary_line(summarize([result(Status.FAILED)]), 2, "en", stream),
        ]
    )
    assert "\033[" not in text


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_reaches_a_terminal_unless_no_color_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert "\033[31m✗" in result_lines(result(Status.FAILED), "en", Terminal())[0]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in result_lines(result(Status.FAILED), "en", Terminal())[0]


@pytest.mark.parametrize(
    ("statuses", "verdict"),
    [
        ([Status.PASSED], "All good."),
        ([Status.PASSED, Status.SKIPPED], "the skipped ones were not checked"),
        ([Status.PASSED, Status.FAILED], "run `course verify 2` again"),
    ],
    ids=["all-passed", "with-skips", "with-failure"],
)
def test_the_summary_counts_and_gives_a_verdict(statuses: list[Status], verdict: str) -> None:
    line = summary_line(summarize([result(s) for s in statuses]), 2, "en", io.StringIO())
    assert f"of {len(statuses)})" in line
    assert verdict in line


def test_json_holds_every_result_with_its_status_and_the_summary() -> None:
    results = [result(Status.PASSED), result(Status.FAILED, "broken"), result(Status.SKIPPED)]
    report = json.loads(json.dumps(as_json(2, "aws", "defaults", "en", results)))
    assert report["ok"] is False
    assert report["summary"] == {"passed": 1, "failed": 1, "skipped": 1, "total": 3}
    assert [c["status"] for c in report["checks"]] == ["passed", "failed", "skipped"]
    assert report["checks"][1]["detail"] == "broken"
    assert report["checks"][1]["calls"] == ["dynamodb:DescribeTimeToLive"]
    assert report["checks"][0]["seconds"] == 0.012


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("number", [0, 1, 2, 3, 4], ids=lambda n: f"module-{n}")
def test_the_macro_lists_every_check_in_the_page_language(number: int, lang: str) -> None:
    page = render_checks_list(number, lang)
    rows = [line for line in page.splitlines() if line.startswith("| ") and "`m" in line]
    checks = checks_for(number)
    assert len(rows) == len(checks)
    for row, check in zip(rows, checks, strict=True):
        assert check.title.in_(lang) in row.replace("\\|", "|")
        assert f"`{check.id}`" in row
        assert all(f"`{call}`" in row for call in check.calls)
    assert f"`course verify {number}`" in page
    assert f"`course verify {number} --target aws`" in page


def test_the_macro_says_which_checks_the_sandbox_cannot_run_and_why() -> None:
    page = render_checks_list(1, "en")
    tls = next(line for line in page.splitlines() if "m1.bucket-tls-only" in line)
    assert tls.endswith(
        "| no: the sandbox disables this policy (moto limit: with a Condition, "
        "every S3 call answers 403) |"
    )


def test_register_adds_checks_list_rendering_the_current_page_language() -> None:
    macros: dict[str, Callable[..., Any]] = {}

    class Env:
        def macro(self, function: Callable[..., Any]) -> Callable[..., Any]:
            macros[function.__name__] = function
            return function

    register(Env(), lambda: ("en", "modules/2-iam-dynamodb.md"))
    assert macros["checks_list"](2) == render_checks_list(2, "en")


def test_every_check_title_is_unique_within_its_module() -> None:
    for number in range(5):
        checks: tuple[Check, ...] = checks_for(number)
        titles = [c.title.en for c in checks]
        assert len(titles) == len(set(titles))


def test_a_detail_of_several_lines_keeps_each_line_under_its_check() -> None:
    listed = CheckResult(CHECK, Status.FAILED, Text(es="2 rotas:\n- a\n- b", en="x"), 0.1)
    lines = result_lines(listed, "es", io.StringIO())
    assert lines[1:4] == ["      2 rotas:", "      - a", "      - b"]
