"""A reader's own project, from `course init` to the last module, graded on the sandbox.

Each module: the `course init` or `course start N` its Spanish page gives, deploy, and exactly
the checks of N's exercises fail, each with its message; then `course solve N`.
Once the last module is solved and deployed, `course progress` marks every module done: each
check passes or says why the sandbox cannot run it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from modules.catalog import module as course_module
from modules.deployment.project import COURSE_ROOT, Project
from modules.learner.curriculum import LAST_MODULE, exercises_of
from modules.sandbox.lifecycle import Sandbox, SandboxLayout

pytestmark = [pytest.mark.sandbox, pytest.mark.terraform]

COURSE = str(Path(sys.executable).with_name("course"))
BASH_BLOCK = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)
PAGE_PROJECT = "~/mi-proyecto"  # where the Spanish pages make the reader's project


def page_commands(module: int) -> list[list[str]]:
    """The `course init` and `course start` commands of a module's Spanish page, in order."""
    page = COURSE_ROOT / "docs" / "es" / course_module(module).page
    blocks = BASH_BLOCK.findall(page.read_text(encoding="utf-8"))
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [shlex.split(line)[1:] for line in lines if re.match(r"course (init|start) ", line)]


def course(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `course args` in cwd as a reader would, in English, without colour.

    The region is the one the pages have the reader set up in module 0.
    """
    env = {**os.environ, "COURSE_LANG": "en", "NO_COLOR": "1", "AWS_DEFAULT_REGION": "us-east-1"}
    env = {key: value for key, value in env.items() if key != "AWS_PROFILE"}
    return subprocess.run(
        [COURSE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


def must(cwd: Path, *args: str) -> str:
    done = course(cwd, *args)
    assert done.returncode == 0, f"course {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("reader") / "my-project"
    try:
        yield root
    finally:
        Sandbox(layout=SandboxLayout(Project.at(root))).stop()


def deploy(root: Path) -> None:
    """What the pages have the reader do after changing files: zip the code, bring it up."""
    if (root / "code" / "auth_sessions").is_dir():
        must(root, "zip")
    must(root, "sandbox", "up")


def verify(root: Path, module: int) -> dict[str, dict[str, str]]:
    done = course(root, "verify", str(module), "--json")
    assert done.returncode in (0, 1), f"course verify {module}:\n{done.stdout}\n{done.stderr}"
    return {check["id"]: check for check in json.loads(done.stdout)["checks"]}


def failed(results: dict[str, dict[str, str]]) -> dict[str, str]:
    return {id: check["detail"] for id, check in results.items() if check["status"] == "failed"}


def test_a_reader_project_fails_exactly_the_open_exercises_until_they_are_solved(
    project: Path,
) -> None:
    for module in range(LAST_MODULE + 1):
        commands = page_commands(module)
        assert commands == [["init", PAGE_PROJECT] if module == 0 else ["start", str(module)]]
        arguments = [str(project) if word == PAGE_PROJECT else word for word in commands[0]]
        started = must(project if module else project.parent, *arguments)
        exercises = exercises_of(module)
        assert all(exercise.id in started for exercise in exercises), started
        deploy(project)
        graded = {check for exercise in exercises for check in exercise.checks}
        open_exercises = failed(verify(project, module))
        assert set(open_exercises) == graded, f"module {module}: {open_exercises}"
        assert all(open_exercises.values()), "a failing check says what is missing"
        solved = must(project, "solve", str(module), "--yes")
        assert "+++ b/" in solved  # the diff was shown before writing

    # Every module solved: `course progress` in the project marks each one done.
    deploy(project)
    report = json.loads(must(project, "progress", "--json"))
    rows = {row["module"]: row for row in report["modules"]}
    assert sorted(rows) == list(range(LAST_MODULE + 1))
    unfinished = {n: failed(verify(project, n)) for n, row in rows.items() if not row["done"]}
    assert unfinished == {}
