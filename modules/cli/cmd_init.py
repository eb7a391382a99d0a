"""`course init DIR`: make your own project for the course, outside the course repository."""

from __future__ import annotations

import argparse
from pathlib import Path

from modules.cli.cmd_start import print_exercises
from modules.cli.exit_codes import ExitCode
from modules.cli.shell import add_command
from modules.i18n import Text
from modules.learner.init import init_project
from modules.terminal import paint

NEXT_STEPS = Text(
    es="Siguiente paso:\n  cd {root}\nY abre el módulo 0 del curso.",
    en="Next:\n  cd {root}\nThen open the course's module 0.",
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "init",
        help="make your own project for the course (outside the course repository)",
        description="Create DIR as your course project: git repository, .gitignore and "
        "pre-commit configuration of module 0, a README, empty code/, terraform/ and tests/, "
        "and course.toml, which tells the course's commands that this is your project.",
        epilog="exit status: 0 made (or already a course project), 2 the folder is not empty, "
        "is inside the course repository or inside another project",
    )
    parser.add_argument("folder", type=Path, metavar="DIR", help="the new project's folder")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    created = init_project(args.folder, args.lang)
    if created.already:
        said = Text(
            es=f"{created.root} ya es un proyecto del curso: no se ha tocado nada.",
            en=f"{created.root} is a course project already: nothing was touched.",
        )
        print(said.in_(args.lang))
        return ExitCode.OK
    title = Text(es="Proyecto creado en", en="Project created in").in_(args.lang)
    print(f"{paint(title, 'green')} {created.root}")
    for name in created.files:
        print(f"  {name}")
    print_exercises(0, args.lang)
    print(NEXT_STEPS.in_(args.lang).format(root=created.root))
    return ExitCode.OK
