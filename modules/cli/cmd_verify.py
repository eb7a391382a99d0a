"""`course verify N`: check what module N builds, on the sandbox or on your AWS account."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from modules.catalog import LANGUAGES, MODULES
from modules.checks import checks_for, run_checks, summarize
from modules.checks.context import TARGETS
from modules.checks.framework import CheckResult, TargetUnavailable
from modules.checks.report import as_json, header, result_lines, summary_line
from modules.checks.targets import build_context
from modules.cli.exit_codes import ExitCode
from modules.cli.output import paint

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="check what a module builds (sandbox or AWS)",
        description="Run a module's checks on the sandbox or on your AWS account. Exit code 0 "
        "when none fails (skipped ones are listed), 1 when one fails, 3 when the sandbox is not "
        "running or AWS credentials are missing.",
    )
    parser.add_argument(
        "module", type=int, choices=[m.number for m in MODULES], help="module number"
    )
    parser.add_argument(
        "--target", choices=TARGETS, default="sandbox", help="where to check (default: sandbox)"
    )
    parser.add_argument("--lang", choices=LANGUAGES, default="es", help="language (default: es)")
    parser.add_argument("--json", action="store_true", help="print JSON for machines")
    parser.add_argument(
        "--repo",
        type=Path,
        default=None,
        metavar="DIR",
        help="your repository's root, for the git and Terraform file checks "
        "(default: this project)",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder that holds .sandbox/, as in `course sandbox --root` (default: this project)",
    )
    parser.add_argument(
        "--zip",
        type=Path,
        default=None,
        metavar="PATH",
        help="local copy of the code deployed in the sandbox, for modules 3 and 4 "
        "(default: build/lambda.zip)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    repo = (args.repo or PROJECT_ROOT).resolve()
    try:
        state_root = args.root.resolve() if args.root else PROJECT_ROOT
        ctx = build_context(args.target, PROJECT_ROOT, repo, state_root, args.zip)
    except TargetUnavailable as error:
        message = error.detail.in_(args.lang)
        if args.json:
            print(json.dumps({"module": args.module, "target": args.target, "error": message}))
        print(paint(message, "red", sys.stderr), file=sys.stderr)
        return ExitCode.UNAVAILABLE
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
