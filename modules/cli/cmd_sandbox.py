"""`course sandbox up|down|status`: the local AWS of the course, with the Terraform applied."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from pathlib import Path

from modules import terraform_cli
from modules.cli.exit_codes import ExitCode
from modules.cli.shell import (
    add_command,
    json_option,
    message_of,
    project_of,
    project_options,
    say,
)
from modules.deployment.aws import SANDBOX_CREDENTIALS
from modules.i18n import Text
from modules.packaging import PackagingError
from modules.sandbox.lifecycle import Sandbox, SandboxError, SandboxLayout
from modules.sandbox.moto_server import MotoServerError
from modules.terminal import paint, progress


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "sandbox",
        parents=[project_options()],
        help="start, stop or inspect the local AWS (moto) with the course's Terraform",
        description=(
            "The sandbox is a local AWS: a moto server on 127.0.0.1 with the course's Terraform "
            "applied into it (bootstrap state bucket, then the app stack with its state in S3). "
            "Its description is kept in .sandbox/state.json."
        ),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    up = add_command(
        actions,
        "up",
        parents=[json_option()],
        help="start moto and apply terraform/bootstrap and terraform/ into it",
        description=(
            "Start moto (or reuse the one running), apply terraform/bootstrap, move its state "
            "into the bucket it created, build build/lambda.zip if it is missing, and apply "
            "terraform/ with the S3 backend. Running it again is safe: when neither the "
            "Terraform files nor the zip changed since the last apply, it skips Terraform "
            "(--force applies anyway). "
            "Prints the endpoint and the Terraform outputs."
        ),
    )
    up.add_argument(
        "--zip",
        type=Path,
        metavar="PATH",
        help="function package to deploy (default: build/lambda.zip, built when missing)",
    )
    up.add_argument(
        "--force",
        action="store_true",
        help="apply even when nothing changed in your files (undoes changes made by hand)",
    )
    up.set_defaults(run=run_up)

    down = add_command(
        actions,
        "down",
        help="destroy everything in the sandbox and stop moto",
        description=(
            "Destroy the app stack, move the bootstrap state back to a local file, empty and "
            "destroy the state bucket, stop moto and remove .sandbox/."
        ),
    )
    down.set_defaults(run=run_down)

    status = add_command(
        actions,
        "status",
        parents=[json_option()],
        help="tell whether the sandbox is running (exit code 3 when it is not)",
        description="Tell whether the sandbox answers, where, and what it holds.",
    )
    status.set_defaults(run=run_status)

    env = add_command(
        actions,
        "env",
        help="print the export lines that point the AWS CLI and SDKs at the sandbox",
        description=(
            "Print shell export lines for the sandbox's endpoint and test credentials; use them "
            'with eval "$(course sandbox env)". Exit code 3 when the sandbox is not running.'
        ),
    )
    env.set_defaults(run=run_env)


def _sandbox(args: argparse.Namespace) -> Sandbox:
    def report(text: Text) -> None:
        progress(text.in_(args.lang))

    return Sandbox(layout=SandboxLayout(project_of(args)), report=report)


def _failed(error: Exception, lang: str) -> ExitCode:
    print(f"{paint('error', 'red', sys.stderr)}: {message_of(error, lang)}", file=sys.stderr)
    return ExitCode.FAILED


def run_up(args: argparse.Namespace) -> ExitCode:
    started = time.monotonic()
    try:
        current = _sandbox(args).up(zip_path=args.zip, force=args.force)
    except (SandboxError, MotoServerError, PackagingError, terraform_cli.TerraformError) as error:
        return _failed(error, args.lang)
    took = f"{time.monotonic() - started:.1f} s"
    progress(say(args, f"sandbox en marcha en {took}", f"sandbox up in {took}"))
    if args.json:
        print(json.dumps({"endpoint": current.endpoint, "outputs": current.outputs}, indent=2))
        return ExitCode.OK
    print(f"{paint('sandbox', 'green')}: {current.endpoint}")
    for name, value in sorted(current.outputs.items()):
        print(f"  {name} = {value}")
    print(
        say(
            args,
            'apunta el AWS CLI hacia él con: eval "$(course sandbox env)"',
            'point the AWS CLI at it with: eval "$(course sandbox env)"',
        )
    )
    return ExitCode.OK


def run_down(args: argparse.Namespace) -> ExitCode:
    started = time.monotonic()
    try:
        was_running = _sandbox(args).down()
    except (SandboxError, MotoServerError, PackagingError, terraform_cli.TerraformError) as error:
        return _failed(error, args.lang)
    if not was_running:
        print(
            say(
                args, "aquí no hay sandbox: nada que parar", "no sandbox here: nothing to take down"
            )
        )
        return ExitCode.OK
    took = f"{time.monotonic() - started:.1f} s"
    progress(say(args, f"sandbox desmontado en {took}", f"sandbox down in {took}"))
    print(say(args, "sandbox: destruido y parado", "sandbox: destroyed and stopped"))
    return ExitCode.OK


def run_status(args: argparse.Namespace) -> ExitCode:
    status = _sandbox(args).status()
    if args.json:
        print(
            json.dumps(
                {
                    "running": status.running,
                    "endpoint": status.endpoint,
                    "pid": status.pid,
                    "outputs": status.outputs,
                },
                indent=2,
            )
        )
    elif status.running:
        running = say(args, "en marcha", "running")
        where = say(args, "en", "at")
        print(f"{paint(running, 'green')} {where} {status.endpoint} (pid {status.pid})")
        for name, value in sorted(status.outputs.items()):
            print(f"  {name} = {value}")
    else:
        stopped = say(args, "parado", "not running")
        fix = say(args, "arráncalo con `course sandbox up`", "start it with `course sandbox up`")
        print(f"{paint(stopped, 'yellow')}: {fix}")
    return ExitCode.OK if status.running else ExitCode.UNAVAILABLE


def run_env(args: argparse.Namespace) -> ExitCode:
    status = _sandbox(args).status()
    if not status.running or status.endpoint is None:
        message = say(
            args,
            "no hay ningún sandbox en marcha: arráncalo con `course sandbox up`",
            "no sandbox is running: start it with `course sandbox up`",
        )
        print(message, file=sys.stderr)
        return ExitCode.UNAVAILABLE
    for name, value in {"AWS_ENDPOINT_URL": status.endpoint, **SANDBOX_CREDENTIALS}.items():
        print(f"export {name}={shlex.quote(value)}")
    return ExitCode.OK
