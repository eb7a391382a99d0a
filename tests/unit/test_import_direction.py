"""The hexagon's core stands on the standard library alone.

The layers themselves are import-linter contracts (pyproject.toml, `make lint`); what a
contract cannot say is "nothing outside the standard library", which this test does.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "code" / "auth_sessions"
CORE = ("domain", "ports", "service")


def imported_modules(source: str) -> set[str]:
    """Return every module an import statement of source names."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative imports hide the direction of dependencies"
            names.add(node.module or "")
    return names


def outside_the_standard_library(modules: set[str]) -> list[str]:
    """Return the imports that are neither the package's own nor the standard library's."""
    return sorted(
        m
        for m in modules
        if m.split(".")[0] != "auth_sessions" and m.split(".")[0] not in sys.stdlib_module_names
    )


def core_modules() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0].removesuffix(".py") in CORE
    )


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_core_imports_only_the_standard_library(path: Path) -> None:
    assert outside_the_standard_library(imported_modules(path.read_text())) == []


@pytest.mark.parametrize("source", ["import requests", "from botocore.config import Config"])
def test_the_rule_catches_a_third_party_import(source: str) -> None:
    assert outside_the_standard_library(imported_modules(source))


def test_the_rule_lets_the_standard_library_through() -> None:
    assert outside_the_standard_library(imported_modules("import re\nfrom typing import Any")) == []
