"""The one `course sandbox up` the end-to-end tests share: applying the course's Terraform into
moto takes about a minute, so every file of this folder reads the same deployment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from modules.cli import main
from modules.cli.exit_codes import ExitCode
from modules.deployment.project import COURSE_ROOT, Project
from modules.packaging import build_zip
from modules.sandbox.lifecycle import Sandbox, SandboxLayout


@pytest.fixture(scope="package")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """`course sandbox up` in a folder of its own; yield that folder and the deployed zip."""
    root = tmp_path_factory.mktemp("sandbox")
    package = build_zip(output=root / "lambda.zip").path
    code = main(["sandbox", "--root", str(root), "up", "--zip", str(package)])
    try:
        assert code == ExitCode.OK, "course sandbox up failed (its errors are on stderr above)"
        yield root, package
    finally:
        # Stopping moto drops everything in it; `down`'s destroy is tested where it belongs.
        Sandbox(layout=SandboxLayout(Project.at(COURSE_ROOT, root))).stop()
