"""`course progress`: which modules your deployment passes, module by module."""

from __future__ import annotations

import argparse
import json

from modules.catalog import MODULES
from modules.checks import MODULE_CHECKS, run_checks, summarize
from modules.checks.targets import build_context
from modules.cli.exit_codes import ExitCode
from modules.cli.shell import (
    add_command,
    json_option,
    project_of,
    project_options,
    target_options,
    zip_option,
)
from modules.i18n import Text
from modules.terminal import paint, progress

LINE = Text(
    es="Módulo {number} · {title}: {passed}/{total} superadas{rest}",
    en="Module {number} · {title}: {passed}/{total} passed{rest}",
)
REST = Text(es=", {failed} fallidas, {skipped} omitidas", en=", {failed} failed, {skipped} skipped")
DONE = Text(es="superado", en="done")
CHECKING = Text(es="comprobando el módulo {number}", en="checking module {number}")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "progress",
        parents=[project_options(), target_options(), zip_option(), json_option()],
        help="show, module by module, the checks your deployment passes",
        description="Run every module's checks on your project's deployment (the sandbox or "
        "your AWS account) and print how many pass in each module. `course verify N` shows "
        "the details of one module.",
        epilog="exit status: 0 shown, 2 not in a course project, 3 the sandbox is not "
        "running or AWS credentials are missing",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    ctx = build_context(args.target, project_of(args), args.zip)
    rows = []
    try:
        for module in MODULES:
            checks = MODULE_CHECKS.get(module.number, ())
            progress(CHECKING.in_(args.lang).format(number=module.number))
            summary = summarize(run_checks(checks, ctx))
            rows.append((module, summary, len(checks)))
    finally:
        ctx.close()
    if args.json:
        report = [
            {
                "module": module.number,
                "title": module.title[args.lang],
                "passed": summary.passed,
                "failed": summary.failed,
                "skipped": summary.skipped,
                "total": total,
                "done": summary.ok and summary.passed > 0,
            }
            for module, summary, total in rows
        ]
        print(json.dumps({"target": args.target, "modules": report}, ensure_ascii=False, indent=2))
        return ExitCode.OK
    for module, summary, total in rows:
        rest = (
            REST.in_(args.lang).format(failed=summary.failed, skipped=summary.skipped)
            if summary.failed or summary.skipped
            else ""
        )
        line = LINE.in_(args.lang).format(
            number=module.number,
            title=module.title[args.lang],
            passed=summary.passed,
            total=total,
            rest=rest,
        )
        mark = paint(f"✓ {DONE.in_(args.lang)}", "green") if summary.ok and summary.passed else "·"
        print(f"{line}  {mark}")
    return ExitCode.OK
