"""`course init DIR`: the reader's own project, outside the course repository."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from modules.deployment.errors import DeploymentError
from modules.deployment.project import COURSE_ROOT, PROJECT_FILE, find_root
from modules.i18n import Text
from modules.learner.start import start_module

FOLDERS = ("code", "terraform", "tests")
PROJECT_TOML = """\
# A course project: `course` commands run in this folder or below act on it.
[project]
kind = "reader"
"""
README = Text(
    es="""\
# Mi proyecto de AWS Zero to Architect

Lo que construyo en el curso, módulo a módulo: `code/` (la Lambda), `terraform/` (la
infraestructura) y `tests/`. El curso está en otra carpeta; aquí solo hay trabajo mío.

- `course start N` trae los archivos de partida del módulo N.
- `course sandbox up` lo despliega en el AWS local; `course verify N` lo comprueba.
- `course progress` dice qué módulos están superados.
""",
    en="""\
# My AWS Zero to Architect project

What I build in the course, module by module: `code/` (the Lambda), `terraform/` (the
infrastructure) and `tests/`. The course lives in another folder; only my work is here.

- `course start N` brings module N's starting files.
- `course sandbox up` deploys it to the local AWS; `course verify N` checks it.
- `course progress` tells which modules pass.
""",
)


class InitRefused(DeploymentError):
    """The folder cannot become a course project; detail says why and what to do."""


@dataclass(frozen=True)
class Created:
    """What `course init` made."""

    root: Path
    files: tuple[str, ...]
    already: bool = False  # the folder was a course project already: nothing was touched


def init_project(folder: Path, lang: str) -> Created:
    """Make folder the reader's course project; raise InitRefused when it cannot be."""
    folder = folder.expanduser().resolve()
    if folder.is_relative_to(COURSE_ROOT):
        raise InitRefused(
            Text(
                es=f"{folder} está dentro del repositorio del curso: tu proyecto va fuera, "
                "por ejemplo `course init ~/mi-proyecto`",
                en=f"{folder} is inside the course repository: your project goes outside it, "
                "for example `course init ~/my-project`",
            )
        )
    if folder.exists() and not folder.is_dir():
        raise InitRefused(
            Text(
                es=f"{folder} es un archivo, no una carpeta: elige otro nombre",
                en=f"{folder} is a file, not a folder: choose another name",
            )
        )
    if (folder / PROJECT_FILE).is_file():
        return Created(folder, (), already=True)
    if find_root(folder) is not None:
        raise InitRefused(
            Text(
                es=f"{folder} está dentro de otro proyecto del curso ({find_root(folder)}): "
                "elige una carpeta fuera de él",
                en=f"{folder} is inside another course project ({find_root(folder)}): "
                "choose a folder outside it",
            )
        )
    if folder.is_dir() and any(folder.iterdir()):
        raise InitRefused(
            Text(
                es=f"{folder} no está vacía y no es un proyecto del curso: elige una carpeta "
                "nueva o vacía (no se ha tocado nada)",
                en=f"{folder} is not empty and is not a course project: choose a new or empty "
                "folder (nothing was touched)",
            )
        )
    # Built beside it and moved in at once: an interrupted init leaves no half project.
    staging = folder.with_name(f".{folder.name}.course-init")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        made = fill(staging, lang)
        subprocess.run(
            ["git", "init", "--quiet", str(staging)], check=True, capture_output=True, timeout=60
        )
        staging.rename(folder)  # replaces an empty folder, as rename(2) does
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Created(folder, made)


def fill(folder: Path, lang: str) -> tuple[str, ...]:
    """Write the starting layout into folder; return what was made."""
    # Module 0's own files: the ignore rules and the secret-catching hooks, with its exercises.
    made = [written.path for written in start_module(folder, 0)]
    (folder / "README.md").write_text(README.in_(lang), encoding="utf-8")
    made.append("README.md")
    for name in FOLDERS:
        (folder / name).mkdir()
        (folder / name / ".gitkeep").touch()  # git keeps no empty folder
        made.append(f"{name}/")
    (folder / PROJECT_FILE).write_text(PROJECT_TOML, encoding="utf-8")
    made.append(PROJECT_FILE)
    return tuple(made)
