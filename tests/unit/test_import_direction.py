"""Dependencies point inward: the domain and the service know nothing of AWS or adapters."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "code" / "auth_sessions"
AWS_SDK = ("boto3", "botocore")


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


def is_under(module: str, *prefixes: str) -> bool:
    return any(module == p or module.startswith(f"{p}.") for p in prefixes)


def violations(layer: str, modules: set[str]) -> list[str]:
    """Return the imports a module of layer may not make."""
    ours = {m for m in modules if is_under(m, "auth_sessions")}
    theirs = {m.split(".")[0] for m in modules - ours}
    allowed = {
        "domain": ("auth_sessions.domain",),
        "ports": ("auth_sessions.domain",),
        "service": ("auth_sessions.domain", "auth_sessions.ports"),
        "adapters": ("auth_sessions.domain", "auth_sessions.ports"),
    }.get(layer)
    bad = []
    if allowed is not None:
        bad += [m for m in ours if not is_under(m, *allowed)]
        # Only adapters may reach past the standard library, and only to the AWS SDK.
        sdk = AWS_SDK if layer == "adapters" else ()
        bad += [m for m in theirs if m not in sys.stdlib_module_names and m not in sdk]
    elif layer == "entrypoints":
        bad += [m for m in ours if is_under(m, "auth_sessions.adapters")]
        bad += [m for m in theirs if m in AWS_SDK]
    return sorted(bad)


def layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_imports_only_what_its_layer_may(path: Path) -> None:
    assert violations(layer_of(path), imported_modules(path.read_text())) == []


def test_the_domain_and_the_service_never_import_the_aws_sdk_or_adapters() -> None:
    for path in MODULES:
        if layer_of(path) in {"domain", "ports", "service"}:
            modules = imported_modules(path.read_text())
            assert not {m for m in modules if is_under(m, *AWS_SDK, "auth_sessions.adapters")}


@pytest.mark.parametrize(
    ("layer", "source"),
    [
        ("domain", "import boto3"),
        ("domain", "from auth_sessions.adapters.system_clock import SystemClock"),
        ("service", "from botocore.exceptions import ClientError"),
        ("service", "from auth_sessions.bootstrap import build"),
        ("ports", "import requests"),
        ("adapters", "from auth_sessions.service import create_session"),
        ("entrypoints", "import boto3"),
        ("entrypoints", "from auth_sessions.adapters import fixed_clock"),
    ],
    ids=lambda value: value.replace(" ", "-") if " " in value else value,
)
def test_the_checker_catches_an_import_against_the_direction(layer: str, source: str) -> None:
    assert violations(layer, imported_modules(source))


def test_only_bootstrap_wires_adapters_in() -> None:
    importers = {
        layer_of(path)
        for path in MODULES
        if any(is_under(m, "auth_sessions.adapters") for m in imported_modules(path.read_text()))
    }
    assert importers <= {"bootstrap", "adapters"}
