"""`course start N`: bring module N's starting files into the reader's project.

Files of module N arrive with the module's exercises open (a stub where the reader writes).
A file of an earlier module that module N changes is updated; if the reader edited it, their
edits are kept by a three-way merge, and where the two overlap nothing is written unless
forced (the reader's file is then kept as <name>.orig).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from modules.deployment.errors import DeploymentError
from modules.i18n import Text
from modules.learner.curriculum import FILES, LAST_MODULE
from modules.learner.reference import file_at
from modules.learner.stages import Stage
from modules.learner.workspace import Workspace, merge


class StartRefused(DeploymentError):
    """The module's files cannot be written as asked; detail says which and what to do."""


class Action(Enum):
    NEW = "new"
    UPDATED = "updated"
    MERGED = "merged"  # updated, with the reader's own edits kept
    REPLACED = "replaced"  # forced over the reader's edits, which stay in <name>.orig


@dataclass(frozen=True)
class Written:
    path: str
    action: Action


def unknown_module(module: int) -> StartRefused:
    return StartRefused(
        Text(
            es=f"el módulo {module} no trae archivos: los módulos con archivos van del 0 al "
            f"{LAST_MODULE}",
            en=f"module {module} brings no files: the modules with files are 0 to {LAST_MODULE}",
        )
    )


def start_module(root: Path, module: int, *, force: bool = False) -> list[Written]:
    """Write module's starting files under root; return what changed. Raise StartRefused.

    Starting a module never solves an exercise: a file keeps the exercises the course wrote
    solved (by `course solve`) and the reader's own answers.
    """
    if not 0 <= module <= LAST_MODULE:
        raise unknown_module(module)
    workspace = Workspace.open(root)
    plan: list[tuple[str, str, Stage, Action]] = []
    conflicts: list[str] = []
    for file in FILES:
        if file.module > module:
            continue
        recorded = workspace.written.get(file.path)
        stage = Stage(max(module, recorded.module), recorded.solved) if recorded else Stage(module)
        new = file_at(file, stage)
        current = workspace.read(file.path)
        if current is None:
            plan.append((file.path, new, stage, Action.NEW))
            continue
        old = file_at(file, recorded) if recorded is not None else None
        if current == new:
            workspace.written[file.path] = stage  # already as this module has it
            continue
        if old == new:
            continue  # this module does not change the file: the reader's edits stay
        if current == old:
            plan.append((file.path, new, stage, Action.UPDATED))
            continue
        merged = merge(current, old, new) if old is not None else None
        if merged is not None:
            plan.append((file.path, merged, stage, Action.MERGED))
        elif force:
            plan.append((file.path, new, stage, Action.REPLACED))
        else:
            conflicts.append(file.path)
    if conflicts:
        listed = ", ".join(conflicts)
        raise StartRefused(
            Text(
                es=f"módulo {module}: no escribo nada porque cambiaste {listed} donde el "
                "módulo también lo cambia. Guarda tu trabajo (git commit) y repite con "
                "`--force`: tu versión queda en <archivo>.orig para que recuperes lo tuyo",
                en=f"module {module}: nothing written, because you changed {listed} where the "
                "module changes it too. Save your work (git commit) and run again with "
                "`--force`: your version stays in <file>.orig so you can bring yours back",
            )
        )
    written = []
    for path, text, stage, action in plan:
        if action is Action.REPLACED:
            workspace.keep_copy(path)
        workspace.write(path, text, stage)
        written.append(Written(path, action))
    workspace.save()
    return written
