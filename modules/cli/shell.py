"""What every sub-command of `course` shares: options, language, project, errors, exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from modules.catalog import LANGUAGES
from modules.cli.exit_codes import ExitCode
from modules.deployment.aws import TARGETS
from modules.deployment.errors import (
    AwsUnavailable,
    DeploymentError,
    NotAProject,
    SandboxNotRunning,
)
from modules.deployment.project import Project, find_project
from modules.i18n import LANG_ENV_VAR, Text, TextError
from modules.learner.init import InitRefused
from modules.terminal import paint

# One table from error type to exit code; the most specific type wins.
EXIT_CODES: Mapping[type[Exception], ExitCode] = {
    NotAProject: ExitCode.USAGE,
    InitRefused: ExitCode.USAGE,
    SandboxNotRunning: ExitCode.UNAVAILABLE,
    AwsUnavailable: ExitCode.UNAVAILABLE,
    DeploymentError: ExitCode.FAILED,
}


def exit_code_for(error: Exception) -> ExitCode:
    """Return the exit code of an error through EXIT_CODES (FAILED when none matches)."""
    for kind in type(error).__mro__:
        if kind in EXIT_CODES:
            return EXIT_CODES[kind]
    return ExitCode.FAILED


def common_options() -> argparse.ArgumentParser:
    """Options every sub-command takes."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=f"language of the output (default: ${LANG_ENV_VAR}, else your locale, else es)",
    )
    return parent


def project_options() -> argparse.ArgumentParser:
    """Options of the sub-commands that act on a project."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--solution",
        action="store_true",
        help="act on the course's reference solution instead of your project",
    )
    parent.add_argument(
        "--root",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder that holds .sandbox/ (default: the project's root)",
    )
    return parent


def target_options() -> argparse.ArgumentParser:
    """The --target option: the sandbox on this machine or your AWS account."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--target", choices=TARGETS, default="sandbox", help="where (default: sandbox)"
    )
    return parent


def json_option() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--json", action="store_true", help="print JSON for machines")
    return parent


def zip_option() -> argparse.ArgumentParser:
    """The --zip option of the sub-commands that run the deployed code on this machine."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--zip",
        type=Path,
        default=None,
        metavar="PATH",
        help="local copy of the deployed code (default: the project's build/lambda.zip)",
    )
    return parent


def code_options(*, log_format_help: str) -> argparse.ArgumentParser:
    """--zip and --log-format, for the sub-commands that run the function here."""
    from modules.runtime.report import LogFormat

    parent = argparse.ArgumentParser(add_help=False, parents=[zip_option()])
    parent.add_argument(
        "--log-format",
        type=LogFormat.parse,
        default=None,
        metavar="{Text,JSON}",
        help=log_format_help,
    )
    return parent


def project_of(args: argparse.Namespace) -> Project:
    """Return the project a sub-command acts on; raise NotAProject."""
    return find_project(solution=args.solution, state_root=args.root)


def say(args: argparse.Namespace, es: str, en: str) -> str:
    """Return the phrase in the run's language."""
    return Text(es=es, en=en).in_(args.lang)


def message_of(error: Exception, lang: str) -> str:
    """Return what an error says, in lang when it is written in both languages."""
    return error.detail.in_(lang) if isinstance(error, TextError) else str(error)


def report_error(error: Exception, lang: str) -> ExitCode:
    """Print an error the way every sub-command does; return its exit code."""
    print_error(message_of(error, lang))
    return exit_code_for(error)


def complain(args: argparse.Namespace, es: str, en: str, code: ExitCode) -> ExitCode:
    """Print an error written in both languages, in the run's; return code."""
    print_error(say(args, es, en))
    return code


def print_error(message: str) -> None:
    print(paint(f"error: {message}", "red", sys.stderr), file=sys.stderr)


def shown_path(path: Path, base: Path) -> str:
    """Return path relative to base when it is inside it (shorter to read), else absolute."""
    path = path.resolve()
    return str(path.relative_to(base)) if path.is_relative_to(base) else str(path)


def add_command(
    subparsers: argparse._SubParsersAction,
    name: str,
    *,
    parents: Sequence[argparse.ArgumentParser] = (),
    **kwargs: Any,
) -> argparse.ArgumentParser:
    """Add a sub-command that takes the common options and shows its own usage on errors."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, parents=[common_options(), *parents], **kwargs
    )
    parser.set_defaults(parser=parser)
    return parser
