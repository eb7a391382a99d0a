"""Show check results: a checklist for people, JSON for machines."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, TextIO

from modules import catalog
from modules.checks.framework import CheckResult, Status, Summary, summarize
from modules.learner.curriculum import Exercise, exercises_of_check
from modules.terminal import paint

MARKS = {
    Status.PASSED: ("✓", "green"),
    Status.FAILED: ("✗", "red"),
    Status.SKIPPED: ("\u2013", "yellow"),  # en dash: not a pass, not a failure
}

LABELS: dict[str, dict[str, Any]] = {
    "es": {
        "module": "Módulo",
        "target": "destino",
        "names": "nombres",
        "defaults": "por defecto",
        "terraform outputs": "salidas de Terraform",
        "fix": "Cómo arreglarlo",
        "exercise": "Es el ejercicio {id} (Tu turno), en {path}; `course solve {module}` "
        "te da la solución si te atascas.",
        "exercises": "Son los ejercicios {id} (Tu turno), en {path}; `course solve {module}` "
        "te da la solución si te atascas.",
        "and": "y",
        "skipped": "omitida",
        "summary": "{passed} {passed_word}, {failed} {failed_word}, {skipped} {skipped_word} "
        "(de {total})",
        "passed": ("superada", "superadas"),
        "failed": ("fallida", "fallidas"),
        "skipped_word": ("omitida", "omitidas"),
        "ok": "Todo en orden.",
        "ok_skips": "Todo en orden; las omitidas no se han comprobado.",
        "not_ok": "Arregla lo marcado con ✗ y vuelve a ejecutar `course verify {module}`.",
    },
    "en": {
        "module": "Module",
        "target": "target",
        "names": "names",
        "defaults": "defaults",
        "terraform outputs": "Terraform outputs",
        "fix": "How to fix it",
        "exercise": "It is exercise {id} (Your turn), in {path}; `course solve {module}` "
        "gives you the solution if you are stuck.",
        "exercises": "They are exercises {id} (Your turn), in {path}; `course solve {module}` "
        "gives you the solution if you are stuck.",
        "and": "and",
        "skipped": "skipped",
        "summary": "{passed} {passed_word}, {failed} {failed_word}, {skipped} {skipped_word} "
        "(of {total})",
        "passed": ("passed", "passed"),
        "failed": ("failed", "failed"),
        "skipped_word": ("skipped", "skipped"),
        "ok": "All good.",
        "ok_skips": "All good; the skipped ones were not checked.",
        "not_ok": "Fix what is marked ✗ and run `course verify {module}` again.",
    },
}


def header(
    module: int, target: str, names_source: str, lang: str, stream: TextIO | None = None
) -> str:
    stream = stream or sys.stdout
    labels = LABELS[lang]
    title = paint(
        f"{labels['module']} {module} · {catalog.module(module).title[lang]}", "bold", stream
    )
    return f"{title}  ({labels['target']}: {target}; {labels['names']}: {labels[names_source]})"


def result_lines(result: CheckResult, lang: str, stream: TextIO | None = None) -> list[str]:
    """Return the lines of one result: mark, title and id, detail, and the fix if it failed."""
    stream = stream or sys.stdout  # looked up now: colour depends on where output goes
    mark, colour = MARKS[result.status]
    check = result.check
    lines = [
        f"  {paint(mark, colour, stream)} {check.title.in_(lang)}  "
        f"{paint(f'[{check.id}]', 'dim', stream)}"
    ]
    detail = result.detail.in_(lang)
    if result.status is Status.SKIPPED:
        detail = f"{LABELS[lang]['skipped']}: {detail}"
    lines.extend(f"      {line}" for line in detail.splitlines())  # a list stays indented
    if result.status is Status.FAILED:
        lines.append(f"      {paint(LABELS[lang]['fix'], 'bold', stream)}: {check.fix.in_(lang)}")
        exercises = exercises_of_check(check.id)
        if exercises:
            lines.append(f"      {graded_by(exercises, lang)}")
    return lines


def graded_by(exercises: tuple[Exercise, ...], lang: str) -> str:
    """Say which exercises a failed check grades, where they are, and the way out."""
    labels = LABELS[lang]
    *first, last = [exercise.id for exercise in exercises]
    named = f"{', '.join(first)} {labels['and']} {last}" if first else last
    return labels["exercises" if first else "exercise"].format(
        id=named,
        path=", ".join(dict.fromkeys(exercise.path for exercise in exercises)),
        module=exercises[0].module,
    )


def plural(forms: Any, count: int) -> str:
    """Pick the singular or the plural form for count."""
    singular, many = forms
    return singular if count == 1 else many


def summary_line(summary: Summary, module: int, lang: str, stream: TextIO | None = None) -> str:
    stream = stream or sys.stdout
    labels = LABELS[lang]
    counts = labels["summary"].format(
        passed=summary.passed,
        failed=summary.failed,
        skipped=summary.skipped,
        passed_word=plural(labels["passed"], summary.passed),
        failed_word=plural(labels["failed"], summary.failed),
        skipped_word=plural(labels["skipped_word"], summary.skipped),
        total=summary.passed + summary.failed + summary.skipped,
    )
    if not summary.ok:
        verdict = paint(labels["not_ok"].format(module=module), "red", stream)
    elif summary.skipped:
        verdict = paint(labels["ok_skips"], "yellow", stream)
    else:
        verdict = paint(labels["ok"], "green", stream)
    return f"{counts}. {verdict}"


def as_json(
    module: int, target: str, names_source: str, lang: str, results: Sequence[CheckResult]
) -> dict[str, Any]:
    """Return the results as a JSON-ready mapping."""
    summary = summarize(results)
    return {
        "module": module,
        "target": target,
        "lang": lang,
        "names": names_source,
        "ok": summary.ok,
        "summary": {
            "passed": summary.passed,
            "failed": summary.failed,
            "skipped": summary.skipped,
            "total": len(results),
        },
        "checks": [
            {
                "id": r.check.id,
                "status": r.status.value,
                "title": r.check.title.in_(lang),
                "detail": r.detail.in_(lang),
                "fix": r.check.fix.in_(lang),
                "exercises": [exercise.id for exercise in exercises_of_check(r.check.id)],
                "calls": list(r.check.calls),
                "local": list(r.check.local),
                "seconds": round(r.seconds, 3),
            }
            for r in results
        ],
    }
