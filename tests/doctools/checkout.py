"""The course repository as it stands at the end of one module, for that module's page steps.

The repository's code/ and terraform/ are the solution at the end of the last module; a page
shows an earlier point. Its steps run in a checkout whose curriculum files are rendered at that
point (modules.learner.stages), with everything else linked to the repository itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from modules.deployment.project import COURSE_ROOT
from modules.learner.curriculum import FILES
from modules.learner.reference import file_at
from modules.learner.stages import Stage

RENDERED = ("code", "terraform")
LEFT_OUT = {".git", ".sandbox", "build", *RENDERED}


def module_of(page_rel: str) -> int | None:
    """The module a page belongs to: modules/3-lambda.md is module 3."""
    folder, _, name = page_rel.partition("/")
    number = name.split("-", 1)[0]
    return int(number) if folder == "modules" and number.isdigit() else None


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
