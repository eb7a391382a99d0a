"""Executable course modules: the checks a reader runs on their own deployment (`course verify N`).

Each course module has a file here (m0.py … m5.py) whose CHECKS list what that module builds.
`checks_for(n)` returns them; `run_checks(checks, context)` runs them in order.
"""

from __future__ import annotations

from modules.checks import m0, m1, m2, m3, m4, m5
from modules.checks.framework import Check, CheckResult, Status, Text, run_checks, summarize

MODULE_CHECKS: dict[int, tuple[Check, ...]] = {
    0: tuple(m0.CHECKS),
    1: tuple(m1.CHECKS),
    2: tuple(m2.CHECKS),
    3: tuple(m3.CHECKS),
    4: tuple(m4.CHECKS),
    5: tuple(m5.CHECKS),
}


class UnknownModule(LookupError):
    """The course has no module with that number."""


def checks_for(number: int) -> tuple[Check, ...]:
    """Return the checks of course module number, in the order they run."""
    if number not in MODULE_CHECKS:
        known = ", ".join(str(n) for n in MODULE_CHECKS)
        raise UnknownModule(f"there is no module {number}; the modules are {known}")
    return MODULE_CHECKS[number]


__all__ = [
    "MODULE_CHECKS",
    "Check",
    "CheckResult",
    "Status",
    "Text",
    "UnknownModule",
    "checks_for",
    "run_checks",
    "summarize",
]
