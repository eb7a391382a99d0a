"""What every sub-command of `course` shares: options, language, project, errors, exit codes."""

from __future__ import annotations

import argparse
import os
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
from modules.i18n import Text, TextError
from modules.learner.init import InitRefused
from modules.terminal import paint

LANG_ENV_VAR = "COURSE_LANG"
DEFAULT_LANG = "es"  # the course's own language

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


def language(explicit: str | None, environ: Mapping[str, str] | None = None) -> str:
    """Return the language of this run: --lang, else COURSE_LANG, else the locale, else es."""
    env = os.environ if environ is None else environ
    for candidate in (explicit, env.get(LANG_ENV_VAR)):
        if candidate:
            return candidate if candidate in LANGUAGES else DEFAULT_LANG
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:  # the first one set decides, as the C library does
            code = value.split("_", 1)[0].split(".", 1)[0].lower()
            return code if code in LANGUAGES else DEFAULT_LANG
    return DEFAULT_LANG


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


def report_error(error: Exception, lang: str) -> ExitCode:
    """Print an error the way every sub-command does; return its exit code."""
    message = error.detail.in_(lang) if isinstance(error, TextError) else str(error)
    print(paint(f"error: {message}", "red", sys.stderr), file=sys.stderr)
    return exit_code_for(error)


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
