"""Page macro `{{ checks_list(N) }}`: a module's checks, in the page's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from modules.checks import checks_for
from modules.checks.framework import Check

LABELS = {
    "es": {
        "check": "Comprobación",
        "looks": "Qué consulta",
        "sandbox": "En el sandbox",
        "yes": "sí",
        "no": "no",
        "local": "local",
        "run": "Ejecútalas en el sandbox con `course verify {n}` (o `make verify MODULE={n}`) y "
        "en tu cuenta con `course verify {n} --target aws`. Cada fallo dice cómo arreglarlo; una "
        "comprobación omitida se lista con el motivo y nunca cuenta como superada.",
    },
    "en": {
        "check": "Check",
        "looks": "What it calls",
        "sandbox": "On the sandbox",
        "yes": "yes",
        "no": "no",
        "local": "local",
        "run": "Run them on the sandbox with `course verify {n}` (or `make verify MODULE={n}`) "
        "and on your account with `course verify {n} --target aws`. Every failure says how to "
        "fix it; a skipped check is listed with its reason and never counts as passed.",
    },
}


def cell(text: str) -> str:
    """Make text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def looks_at(check: Check, lang: str) -> str:
    calls = [f"`{call}`" for call in check.calls]
    local = [f"{LABELS[lang]['local']}: `{action}`" for action in check.local]
    return ", ".join(calls + local)


def on_sandbox(check: Check, lang: str) -> str:
    if check.sandbox_skip is None:
        return LABELS[lang]["yes"]
    return f"{LABELS[lang]['no']}: {check.sandbox_skip.in_(lang)}"


def render_checks_list(number: int, lang: str) -> str:
    """Render module number's checks as a Markdown table followed by how to run them."""
    labels = LABELS[lang]
    rows = [
        f"| {labels['check']} | {labels['looks']} | {labels['sandbox']} |",
        "| --- | --- | --- |",
    ]
    for check in checks_for(number):
        rows.append(
            f"| {cell(check.title.in_(lang))}<br>`{check.id}` "
            f"| {cell(looks_at(check, lang))} | {cell(on_sandbox(check, lang))} |"
        )
    return "\n".join(rows) + "\n\n" + labels["run"].format(n=number) + "\n"


def register(env: Any, current: Callable[[], tuple[str, str]]) -> None:
    """Register the checks' macros; current() returns the page's (language, path)."""

    @env.macro
    def checks_list(number: int) -> str:
        """Render the checks of module number in the page's language."""
        lang, _ = current()
        return render_checks_list(int(number), lang)
