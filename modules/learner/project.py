"""The reader's project: the course project the command runs in, never the course itself."""

from __future__ import annotations

from pathlib import Path

from modules.deployment.errors import NotAProject
from modules.deployment.project import COURSE_ROOT, find_project
from modules.i18n import Text


def reader_project(start: Path | None = None) -> Path:
    """Return the root of the reader's project around start; raise NotAProject otherwise."""
    root = find_project(start).root
    if root == COURSE_ROOT:
        raise NotAProject(
            Text(
                es="esto es el repositorio del curso, su solución de referencia: los archivos "
                "de los módulos van a tu proyecto (`course init DIR`, y entra en él)",
                en="this is the course repository, its reference solution: module files go "
                "into your project (`course init DIR`, then cd into it)",
            )
        )
    return root
