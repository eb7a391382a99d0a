"""Each import contract of pyproject.toml catches the violation it exists for.

The contracts run on a copy of the packages in which one forbidden import per contract is
added; every contract must then report itself broken, and the untouched copy must pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# contract id -> (file of the copy, the import that breaks it)
VIOLATIONS = {
    "lambda-alone": ("code/auth_sessions/service.py", "import modules.catalog"),
    "hexagon": ("code/auth_sessions/domain/model.py", "import auth_sessions.service"),
    "core-without-aws": ("code/auth_sessions/ports.py", "import boto3"),
    "handler-without-adapters": (
        "code/auth_sessions/entrypoints/lambda_handler.py",
        "import auth_sessions.adapters.system_clock",
    ),
    "cli-on-top": ("modules/pricing/money.py", "import modules.cli.exit_codes"),
    "bench-apart": ("modules/catalog.py", "import bench.stats"),
    "deployment-below": ("modules/deployment/probe.py", "import modules.checks.framework"),
    "site-reads-only": ("bench/macros.py", "import bench.measure"),
}


def contracts() -> dict[str, str]:
    """Return the contracts of pyproject.toml: id -> name."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["id"]: c["name"] for c in config["tool"]["importlinter"]["contracts"]}


def copy_of_the_packages(dest: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "code" / "auth_sessions", dest / "code" / "auth_sessions", ignore=ignore)
    shutil.copytree(ROOT / "modules", dest / "modules", ignore=ignore)
    shutil.copytree(ROOT / "bench", dest / "bench", ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    # The copy comes first on the path, ahead of the project's own installed packages.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree / "code"), str(tree)])}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_every_contract_has_a_violation_to_catch() -> None:
    assert set(VIOLATIONS) == set(contracts())


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return copy_of_the_packages(tmp_path)


def test_the_untouched_copy_keeps_every_contract(tree: Path) -> None:
    result = lint_imports(tree)
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"Contracts: {len(contracts())} kept, 0 broken." in result.stdout


def test_each_contract_catches_its_violation(tree: Path) -> None:
    for path, line in VIOLATIONS.values():
        source = tree / path
        source.write_text(source.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint_imports(tree)
    assert result.returncode != 0
    for contract_id, name in contracts().items():
        assert f"{name} BROKEN" in result.stdout, contract_id
    assert f"Contracts: 0 kept, {len(contracts())} broken." in result.stdout


def test_every_part_of_the_tooling_is_under_the_cli_contract() -> None:
    """A new module of `modules` cannot escape the layering by not being listed."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [
        c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "cli-on-top"
    ]
    parts = {
        f"modules.{path.stem if path.is_file() else path.name}"
        for path in (ROOT / "modules").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()
    }
    assert set(contract["source_modules"]) == parts - {"modules.cli"}
