"""The project root rule: which folder the course's commands act on.

Every command of the course acts on one project: the nearest folder, from the current one
upwards, that holds a `course.toml` file. `course init` writes one in the reader's project;
the course repository has its own, for its reference solution. `--solution` always means the
course's reference solution, wherever the command runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modules.deployment.errors import NotAProject
from modules.deployment.state import STATE_DIR
from modules.i18n import Text

PROJECT_FILE = "course.toml"
# The course repository: this file is modules/deployment/project.py inside it.
COURSE_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Project:
    """A folder with the course's layout, and where its sandbox keeps its files."""

    root: Path
    state_root: Path  # the folder that holds .sandbox/: the root, unless told otherwise

    @classmethod
    def at(cls, root: Path, state_root: Path | None = None) -> Project:
        root = root.resolve()
        return cls(root, (state_root or root).resolve())

    @property
    def terraform_dir(self) -> Path:
        return self.root / "terraform"

    @property
    def code_dir(self) -> Path:
        return self.root / "code"

    @property
    def zip_path(self) -> Path:
        """The function package `course zip` builds and the sandbox deploys."""
        return self.root / "build" / "lambda.zip"

    @property
    def sandbox_dir(self) -> Path:
        return self.state_root / STATE_DIR


def find_root(start: Path) -> Path | None:
    """Return the nearest folder from start upwards that holds course.toml, or None."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    return None


def find_project(
    start: Path | None = None, *, solution: bool = False, state_root: Path | None = None
) -> Project:
    """Return the project a command acts on; raise NotAProject when there is none."""
    if solution:
        return Project.at(COURSE_ROOT, state_root)
    start = start or Path.cwd()
    root = find_root(start)
    if root is None:
        raise NotAProject(
            Text(
                es=f"{start} no está dentro de un proyecto del curso (no hay {PROJECT_FILE}): "
                "crea el tuyo con `course init DIR` y entra en él, o usa `--solution` para "
                "la solución de referencia del curso",
                en=f"{start} is not inside a course project (no {PROJECT_FILE}): create yours "
                "with `course init DIR` and cd into it, or use `--solution` for the course's "
                "reference solution",
            )
        )
    return Project.at(root, state_root)
