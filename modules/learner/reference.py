"""The course's reference solution, as the reader's project holds it at one stage."""

from __future__ import annotations

from pathlib import Path

from modules.deployment.project import COURSE_ROOT
from modules.learner.curriculum import FILES, STUBS, CourseFile
from modules.learner.stages import Stage, render


def file_at(file: CourseFile, stage: Stage, root: Path = COURSE_ROOT) -> str:
    """One file of the reader's project as the reference has it at stage."""
    text = (root / file.reference).read_text(encoding="utf-8")
    return render(text, stage, STUBS, origin=file.reference)


def files_at(stage: Stage, root: Path = COURSE_ROOT) -> dict[str, str]:
    """Every file the reader's project holds at stage, by its path in the project."""
    return {file.path: file_at(file, stage, root) for file in FILES if file.module <= stage.module}


def write_tree(files: dict[str, str], dest: Path) -> None:
    """Write files (path -> text) under dest."""
    for path, text in files.items():
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
