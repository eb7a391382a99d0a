"""`course modules`: list the course's modules."""

from __future__ import annotations

import argparse
import json

from modules.catalog import LEVELS, MODULES
from modules.cli.exit_codes import ExitCode
from modules.cli.shell import add_command, json_option


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "modules",
        parents=[json_option()],
        help="list the course's modules",
        description="List the course's modules with level, time and prerequisites.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    if args.json:
        rows = [
            {
                "number": m.number,
                "slug": m.slug,
                "title": m.title[args.lang],
                "level": m.level,
                "minutes": m.minutes,
                "prerequisites": list(m.prerequisites),
            }
            for m in MODULES
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return ExitCode.OK
    print("\n".join(module_lines(args.lang)))
    return ExitCode.OK


def module_lines(lang: str) -> list[str]:
    """Return one line per module: number, title, level and time, in lang."""
    return [
        f"{m.number}  {m.title[lang]}  ({LEVELS[m.level][lang]}, {m.minutes} min)" for m in MODULES
    ]
