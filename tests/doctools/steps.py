"""Run a page's sandbox steps in order, in one bash session, and compare their output."""

from __future__ import annotations

import functools
import os
import re
import secrets
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from modules.deployment import state
from modules.deployment.aws import SANDBOX_CREDENTIALS
from modules.deployment.project import COURSE_ROOT, Project
from modules.sandbox.lifecycle import Sandbox as LifecycleSandbox
from modules.sandbox.lifecycle import SandboxLayout
from tests.doctools.fences import PageScan
from tests.doctools.snippets import SnippetExpander

STEP = "sandbox-step"
EXPECTED = "expected-output"
WILDCARD = "..."  # any text inside one line
ELISION = "…"  # a line of its own: any lines; at the end of a line: any rest


@dataclass(frozen=True)
class Step:
    """One runnable fence of a page and the output the page promises for it."""

    page: str
    line: int
    script: str
    expected: str | None = None

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


class StepLayoutError(ValueError):
    """A page's steps are not laid out as the runner expects."""


def page_steps(scan: PageScan, expander: SnippetExpander) -> list[Step]:
    """Return the page's steps in order; raise StepLayoutError for a stray expected output."""
    steps: list[Step] = []
    previous_was_step = False
    for fence in scan.fences:
        if fence.has(EXPECTED):
            if not previous_was_step:
                raise StepLayoutError(f"{fence.id}: an expected output follows no sandbox step")
            last = steps[-1]
            steps[-1] = Step(last.page, last.line, last.script, fence.content)
            previous_was_step = False
        elif fence.has(STEP):
            script = "\n".join(expander.expand(list(fence.body))) + "\n"
            steps.append(Step(scan.page, fence.line, script))
            previous_was_step = True
        else:
            previous_was_step = False
    return steps


def _line_pattern(wanted: str) -> re.Pattern[str]:
    """The regex of one expected line: whole, a prefix when it ends with `…`."""
    prefix = wanted.endswith(ELISION)
    body = wanted.removesuffix(ELISION) if prefix else wanted
    regex = ".*?".join(re.escape(part) for part in body.split(WILDCARD))
    return re.compile(regex + (".*" if prefix else ""))


# Terraform colours its output whatever NO_COLOR says; a terminal shows the text, not the codes.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def _spaces(line: str) -> str:
    """A line without colour codes, its runs of spaces and tabs made one space, none at the ends."""
    return " ".join(ANSI_ESCAPE.sub("", line).split())


def output_mismatch(expected: str, actual: str) -> str | None:
    """Say how the actual output differs from the expected one, or return None if it matches.

    The expected block matches the output whole, line by line, both with blank lines dropped
    and each run of spaces or tabs read as one space: a line that is only `…` stands for any
    number of lines, a line that ends with `…` matches any line that starts with the rest, and
    `...` inside a line matches any text within that line (a line of only `...` is one line).
    Without a `…`, every line of the output must be on the page.
    """
    wanted = [line for line in map(_spaces, expected.splitlines()) if line]
    lines = [line for line in map(_spaces, actual.splitlines()) if line]
    patterns = [None if w == ELISION else _line_pattern(w) for w in wanted]

    @functools.cache
    def matches(i: int, j: int) -> bool:
        if i == len(patterns):
            return j == len(lines)
        pattern = patterns[i]
        if pattern is None:  # skip any number of lines, none included
            return any(matches(i + 1, k) for k in range(j, len(lines) + 1))
        return j < len(lines) and bool(pattern.fullmatch(lines[j])) and matches(i + 1, j + 1)

    if matches(0, 0):
        return None
    missing = _missing_in_order(wanted, lines)
    if missing:
        return f"output lacks {missing}"
    return (
        "output has lines the page does not show; show them, or mark the elision "
        "with a line of only `…` (or `…` at the end of a line)"
    )


def _missing_in_order(wanted: list[str], lines: list[str]) -> list[str]:
    """The expected lines not found, in order, anywhere in the output."""
    position, missing = 0, []
    for line in wanted:
        if line == ELISION:
            continue
        pattern = _line_pattern(line)
        for index in range(position, len(lines)):
            if pattern.fullmatch(lines[index]):
                position = index + 1
                break
        else:
            missing.append(line)
    return missing


@dataclass
class StepOutcome:
    step: Step
    output: str
    finished: bool  # False when the session stopped during this step


@dataclass
class SessionResult:
    """What one bash session made of a page's steps."""

    returncode: int
    outcomes: list[StepOutcome] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Describe each failed step and each output that lacks an expected line."""
        found = []
        for outcome in self.outcomes:
            if not outcome.finished:
                found.append(
                    f"{outcome.step.id}: the session stopped in this step "
                    f"(exit {self.returncode}); output:\n{outcome.output}"
                )
            elif outcome.step.expected is not None and (
                mismatch := output_mismatch(outcome.step.expected, outcome.output)
            ):
                found.append(f"{outcome.step.id}: {mismatch}; output:\n{outcome.output}")
        return found


def session_script(steps: list[Step], marker: str) -> str:
    """Return one bash script that runs every step, printing marker lines between them."""
    parts = ["set -euo pipefail"]
    for index, step in enumerate(steps):
        parts.append(f"printf '\\n{marker} %d\\n' {index}")
        parts.append(step.script.rstrip("\n"))
    parts.append(f"printf '\\n{marker} done\\n'")
    return "\n".join(parts) + "\n"


def run_session(
    steps: list[Step], *, cwd: Path, env: dict[str, str], timeout_s: float = 900
) -> SessionResult:
    """Run the steps in one bash process; stdout and stderr interleave as in a terminal."""
    marker = "::step-" + secrets.token_hex(8)
    completed = subprocess.run(
        ["bash", "-c", session_script(steps, marker)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    chunks = re.split(rf"\n?{re.escape(marker)} (\d+|done)\n", completed.stdout)
    # chunks: [before, label0, output0, label1, output1, ..., "done", after]
    labels, outputs = chunks[1::2], chunks[2::2]
    result = SessionResult(returncode=completed.returncode)
    for label, output in zip(labels, outputs, strict=True):
        if label == "done":
            break
        step = steps[int(label)]
        result.outcomes.append(StepOutcome(step, output, finished=True))
    if "done" not in labels:  # the session stopped early: a failure, or a step's own `exit`
        if result.outcomes:
            result.outcomes[-1].finished = False
        else:
            result.outcomes.append(StepOutcome(steps[0], completed.stdout, finished=False))
    return result


class SandboxError(RuntimeError):
    """The sandbox could not be given to the steps."""


class Sandbox(Protocol):
    """Gives the steps a fresh local AWS and takes it away afterwards."""

    def up(self) -> dict[str, str]:
        """Start it, or raise SandboxError; return the environment the steps need to reach it."""
        ...

    def down(self) -> None: ...


@dataclass
class CourseSandbox:
    """The project's own sandbox, through the `course sandbox` command."""

    root: Path

    def _course(self, *args: str) -> None:
        command = [str(Path(sys.executable).with_name("course")), "sandbox", *args]
        subprocess.run(command, cwd=self.root, check=True, timeout=900)

    def up(self) -> dict[str, str]:
        if state.load(self.root) is not None:
            raise SandboxError(
                f"a sandbox is already running ({self.root / state.STATE_FILE}); "
                "stop it with `make sandbox-down` before running the page steps"
            )
        try:
            self._course("up")
            running = state.load(self.root)
            if running is None:
                raise SandboxError("`course sandbox up` finished but wrote no state file")
        except (subprocess.CalledProcessError, SandboxError):
            self.down()  # leave nothing half-started behind
            raise
        return {"AWS_ENDPOINT_URL": running.endpoint}

    def down(self) -> None:
        # Stopping moto forgets everything in it, and the next page starts a new one; the real
        # `course sandbox down` (terraform destroy) has its own test in tests/integration.
        if state.load(self.root) is not None:
            LifecycleSandbox(layout=SandboxLayout(Project.at(self.root))).stop()


def step_environment(extra: dict[str, str]) -> dict[str, str]:
    """The environment of a step: fake credentials, no profile, the course's tools reachable.

    The venv is first on PATH, as after the pages' `source "$COURSE_HOME/.venv/bin/activate"`;
    COURSE_HOME is the course repository, as module 0 has the reader export it.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(SANDBOX_CREDENTIALS)
    env["NO_COLOR"] = "1"
    env["COURSE_LANG"] = "es"  # the steps run from the source language's page
    env["COURSE_HOME"] = str(COURSE_ROOT)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def run_page(
    steps: list[Step], sandbox: Sandbox, *, cwd: Path, timeout_s: float = 900
) -> SessionResult:
    """Run a page's steps against a fresh sandbox, which is always taken down afterwards."""
    extra = sandbox.up()  # a sandbox that fails to start cleans up after itself
    try:
        return run_session(steps, cwd=cwd, env=step_environment(extra), timeout_s=timeout_s)
    finally:
        sandbox.down()
