"""`course verify N`: check what module N builds, on the sandbox or on your AWS account."""

from __future__ import annotations

import argparse
import json
import sys

from modules.catalog import MODULES
from modules.checks import checks_for, run_checks, summarize
from modules.checks.framework import CheckResult
from modules.checks.report import as_json, header, result_lines, summary_line
from modules.checks.targets import build_context
from modules.cli.cmd_modules import module_lines
from modules.cli.exit_codes import ExitCode
from modules.cli.shell import (
    add_command,
    json_option,
    print_error,
    project_of,
    project_options,
    report_error,
    say,
    target_options,
    zip_option,
)
from modules.deployment.errors import DeploymentError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "verify",
        parents=[project_options(), target_options(), zip_option(), json_option()],
        help="check what a module builds (sandbox or AWS)",
        description="Run a module's checks on your project's deployment: the sandbox or your "
        "AWS account.",
        epilog="exit status: 0 none failed (skipped ones are listed), 1 one failed, 2 not in a "
        "course project, 3 the sandbox is not running or AWS credentials are missing",
    )
    parser.add_argument(
        "module",
        type=int,
        nargs="?",
        choices=[m.number for m in MODULES],
        help="module number (without it, the list of modules)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    if args.module is None:
        return which_module(args)
    try:
        ctx = build_context(args.target, project_of(args), args.zip)
    except DeploymentError as error:
        if args.json:
            message = error.detail.in_(args.lang)
            print(json.dumps({"module": args.module, "target": args.target, "error": message}))
        return report_error(error, args.lang)
    checks = checks_for(args.module)

    def show(result: CheckResult) -> None:
        # Each line appears as its check ends: an invocation or HTTP call may take seconds.
        print("\n".join(result_lines(result, args.lang)), flush=True)

    try:
        if not args.json:
            print(header(args.module, args.target, ctx.names.source, args.lang))
        results = run_checks(checks, ctx, on_result=None if args.json else show)
    finally:
        ctx.close()
    summary = summarize(results)
    if args.json:
        report = as_json(args.module, args.target, ctx.names.source, args.lang, results)
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(summary_line(summary, args.module, args.lang))
    return ExitCode.OK if summary.ok else ExitCode.FAILED


def which_module(args: argparse.Namespace) -> ExitCode:
    """Say that a module number is missing and list the modules (a usage error)."""
    message = say(
        args,
        "di qué módulo: por ejemplo `course verify 2` (o `make verify MODULE=2`); los módulos son:",
        "say which module: e.g. `course verify 2` (or `make verify MODULE=2`); the modules are:",
    )
    print_error(message)
    print("\n".join(module_lines(args.lang)), file=sys.stderr)
    return ExitCode.USAGE
