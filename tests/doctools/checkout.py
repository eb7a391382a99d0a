"""Where a module page's steps run: the reader's project, or the course repository, at that module.

The repository's code/ and terraform/ are the solution at the end of the last module; a page
shows an earlier point. Pages 1 to 5 speak to the reader's own project: their steps run in one
made as the reader makes it (`course init`, `course start`, `course solve`). Module 0's steps
are about the account and the course repository: they run in a checkout whose curriculum files
are rendered at module 0 (modules.learner.stages), everything else linked to the repository.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from modules.deployment.project import COURSE_ROOT
from modules.learner.curriculum import FILES
from modules.learner.init import init_project
from modules.learner.reference import file_at
from modules.learner.solve import apply, solutions
from modules.learner.stages import Stage
from modules.learner.start import start_module

RENDERED = ("code", "terraform")
LEFT_OUT = {".git", ".sandbox", "build", *RENDERED}


def module_of(page_rel: str) -> int | None:
    """The module a page belongs to: modules/3-lambda.md is module 3."""
    folder, _, name = page_rel.partition("/")
    number = name.split("-", 1)[0]
    return int(number) if folder == "modules" and number.isdigit() else None


def reader_project_at(module: int, dest: Path, lang: str = "es") -> Path:
    """Make dest the reader's project at the end of module, every exercise solved; return it.

    The same calls as `course init dest`, `course start 1` ... `course start N`, then
    `course solve 0` ... `course solve N --yes`.
    """
    root = init_project(dest, lang).root
    for number in range(1, module + 1):
        start_module(root, number)
    for number in range(module + 1):
        apply(root, solutions(root, number))
    return root


def checkout_at(stage: Stage, dest: Path) -> Path:
    """Make dest the course repository at stage; return dest."""
    dest.mkdir(parents=True, exist_ok=True)
    for entry in COURSE_ROOT.iterdir():
        if entry.name not in LEFT_OUT:
            (dest / entry.name).symlink_to(entry)
    for tree in RENDERED:
        shutil.copytree(
            COURSE_ROOT / tree,
            dest / tree,
            ignore=shutil.ignore_patterns(".terraform", "__pycache__", "*.zip"),
        )
    for file in FILES:
        target = dest / file.reference
        if file.module > stage.module:
            target.unlink()
        else:
            target.write_text(file_at(file, stage), encoding="utf-8")
    for tree in RENDERED:  # folders whose every file comes later
        for folder in sorted((dest / tree).rglob("*"), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    return dest
