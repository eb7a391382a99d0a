"""`course start N`: bring module N's starting files into your project."""

from __future__ import annotations

import argparse

from modules.cli.exit_codes import ExitCode
from modules.cli.shell import add_command
from modules.i18n import Text
from modules.learner.curriculum import exercises_of
from modules.learner.project import reader_project
from modules.learner.start import Action, start_module
from modules.terminal import paint

ACTIONS = {
    Action.NEW: Text(es="nuevo", en="new"),
    Action.UPDATED: Text(es="actualizado", en="updated"),
    Action.MERGED: Text(es="actualizado, con tus cambios", en="updated, your edits kept"),
    Action.REPLACED: Text(es="reemplazado (el tuyo: .orig)", en="replaced (yours: .orig)"),
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "start",
        help="bring module N's starting files into your project",
        description="Write the files module N brings into your project (run it inside it), "
        "with the module's exercises left for you: each has a stub that says `Tu turno / Your "
        "turn`. Files of earlier modules that module N changes are updated; your own edits to "
        "them are kept.",
        epilog="exit status: 0 written (or nothing to do), 1 nothing written because a file "
        "you changed clashes with the module's change (see --force), 2 not in your project",
    )
    parser.add_argument("module", type=int, metavar="N", help="the module's number")
    parser.add_argument(
        "--force",
        action="store_true",
        help="write over files whose changes clash with yours, keeping yours as <name>.orig",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    root = reader_project()
    written = start_module(root, args.module, force=args.force)
    if not written:
        print(
            Text(
                es=f"Módulo {args.module}: tu proyecto ya tiene sus archivos; nada que hacer.",
                en=f"Module {args.module}: your project has its files already; nothing to do.",
            ).in_(args.lang)
        )
    else:
        title = Text(es=f"Módulo {args.module}:", en=f"Module {args.module}:").in_(args.lang)
        print(paint(title, "green"))
        for item in written:
            print(f"  {item.path}  ({ACTIONS[item.action].in_(args.lang)})")
    print_exercises(args.module, args.lang)
    return ExitCode.OK


def print_exercises(module: int, lang: str) -> None:
    """List the module's exercises: their ids, titles and files."""
    exercises = exercises_of(module)
    if exercises:
        print(Text(es="Tu turno:", en="Your turn:").in_(lang))
        for exercise in exercises:
            print(f"  {exercise.id}  {exercise.title.in_(lang)}  ({exercise.path})")
