"""`course modules`: list the course's modules."""

from __future__ import annotations

import argparse
import json

from modules.catalog import LANGUAGES, LEVELS, MODULES
from modules.cli.exit_codes import ExitCode


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "modules",
        help="list the course's modules",
        description="List the course's modules with level, time and prerequisites.",
    )
    parser.add_argument("--lang", choices=LANGUAGES, default="es", help="language (default: es)")
    parser.add_argument("--json", action="store_true", help="print JSON for machines")
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
    for m in MODULES:
        level = LEVELS[m.level][args.lang]
        print(f"{m.number}  {m.title[args.lang]}  ({level}, {m.minutes} min)")
    return ExitCode.OK
