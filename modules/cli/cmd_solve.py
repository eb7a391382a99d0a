"""`course solve N`: put the solution of module N's exercises into your project."""

from __future__ import annotations

import argparse
import sys

from modules.cli.exit_codes import ExitCode
from modules.cli.shell import add_command
from modules.i18n import Text
from modules.learner.project import reader_project
from modules.learner.solve import apply, solutions


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "solve",
        help="put the reference solution of module N's exercises into your project",
        description="Show the changes that the reference solution of module N's exercises "
        "makes to your project's files, then write them once you agree (or at once with "
        "--yes). For when you are stuck or want to skip ahead: try first.",
        epilog="exit status: 0 written (or nothing to write), 1 not confirmed, "
        "2 not in your project",
    )
    parser.add_argument("module", type=int, metavar="N", help="the module's number")
    parser.add_argument("--yes", action="store_true", help="write without asking")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    root = reader_project()
    found = solutions(root, args.module)
    if not found:
        print(
            Text(
                es=f"Módulo {args.module}: tus archivos ya tienen la solución; nada que hacer.",
                en=f"Module {args.module}: your files hold the solution already; nothing to do.",
            ).in_(args.lang)
        )
        return ExitCode.OK
    for solution in found:
        sys.stdout.write(solution.diff())
    if not args.yes and not confirmed(args.lang):
        print(Text(es="No se ha escrito nada.", en="Nothing was written.").in_(args.lang))
        return ExitCode.FAILED
    apply(root, found)
    names = ", ".join(solution.path for solution in found)
    print(Text(es=f"Escrito: {names}", en=f"Written: {names}").in_(args.lang))
    return ExitCode.OK


def confirmed(lang: str) -> bool:
    """Ask on the terminal; without one there is nobody to answer, so no."""
    if not sys.stdin.isatty():
        print(
            Text(
                es="Sin terminal no puedo preguntar: usa --yes para escribirlo.",
                en="No terminal to ask on: use --yes to write it.",
            ).in_(lang)
        )
        return False
    answer = input(Text(es="¿Lo escribo? [s/N] ", en="Write it? [y/N] ").in_(lang))
    return answer.strip().lower() in {"s", "si", "sí", "y", "yes"}
