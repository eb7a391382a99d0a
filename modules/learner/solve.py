"""`course solve N`: put the reference solution of module N's exercises in the reader's project."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from modules.learner.curriculum import FILES, LAST_MODULE, exercises_of
from modules.learner.reference import file_at
from modules.learner.stages import Stage
from modules.learner.start import unknown_module
from modules.learner.workspace import Workspace, merge


@dataclass(frozen=True)
class Solution:
    """One file as the solution has it, beside the reader's."""

    path: str
    current: str | None  # None: the reader's project lacks the file
    solved: str
    stage: Stage

    def diff(self) -> str:
        """A unified diff from the reader's file to the solution."""
        before = (self.current or "").splitlines(keepends=True)
        lines = difflib.unified_diff(
            before, self.solved.splitlines(keepends=True), f"a/{self.path}", f"b/{self.path}"
        )
        return "".join(line if line.endswith("\n") else f"{line}\n" for line in lines)


def solutions(root: Path, module: int) -> list[Solution]:
    """The files module's solution changes in the project at root, with their new text.

    Only the exercises' regions change: the rest of the reader's file, and their answers to
    other exercises, stay unless they overlap with the solution.
    """
    if not 0 <= module <= LAST_MODULE:
        raise unknown_module(module)
    workspace = Workspace.open(root)
    by_path = {file.path: file for file in FILES}
    found = []
    for path in sorted({exercise.path for exercise in exercises_of(module)}):
        file = by_path[path]
        recorded = workspace.written.get(path)
        stage = (recorded or Stage(module)).solving(module)
        solved = file_at(file, stage)
        current = workspace.read(path)
        if current is not None and recorded is not None:
            solved = merge(current, file_at(file, recorded), solved) or solved
        if current != solved:
            found.append(Solution(path, current, solved, stage))
    return found


def apply(root: Path, found: list[Solution]) -> None:
    """Write the solution's files and record them as the course's."""
    workspace = Workspace.open(root)
    for solution in found:
        workspace.write(solution.path, solution.solved, solution.stage)
    workspace.save()
