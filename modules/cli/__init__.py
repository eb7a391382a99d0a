"""The `course` command: one sub-command per module of `modules.cli` named `cmd_*`."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from modules.cli.exit_codes import ExitCode
from modules.cli.shell import report_error
from modules.deployment.errors import DeploymentError
from modules.i18n import language


def build_parser() -> argparse.ArgumentParser:
    """Build the parser with every sub-command found next to this file."""
    parser = argparse.ArgumentParser(
        prog="course",
        description="AWS Zero to Architect: run the course's steps on the sandbox or on AWS.",
        epilog="exit status: 0 done, 1 failed, 2 bad usage, 3 the sandbox or AWS is not "
        "reachable, 130 interrupted",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if info.name.startswith("cmd_"):
            importlib.import_module(f"{__name__}.{info.name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one sub-command and return its exit code."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # The sub-command's own usage, not the top-level one: it names the options that exist.
        args.parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    args.lang = language(getattr(args, "lang", None))
    try:
        return int(args.run(args))
    except DeploymentError as error:
        return report_error(error, args.lang)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
