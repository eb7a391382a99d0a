"""`course invoke`: invoke the function once, in the sandbox (local runtime) or on AWS."""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path
from typing import Any

from modules.cli.exit_codes import ExitCode
from modules.cli.shell import (
    add_command,
    code_options,
    complain,
    json_option,
    print_error,
    project_of,
    project_options,
    report_error,
    say,
    shown_path,
    target_options,
)
from modules.deployment.project import Project
from modules.deployment.target import Deployment, connect
from modules.i18n import Text, TextError
from modules.terminal import paint, progress


class InvalidEvent(TextError):
    """The event is not JSON: Lambda would refuse it before the function runs."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "invoke",
        parents=[
            project_options(),
            target_options(),
            code_options(
                log_format_help="run with this log format instead of the function's (sandbox only)"
            ),
            json_option(),
        ],
        help="invoke the function once and print its answer",
        description=(
            "Invoke the function with an event and print its answer on stdout and its REPORT "
            "line on stderr. With --target sandbox the function deployed in the sandbox runs "
            "on this machine under the course's local Lambda runtime (AWS's own runtime "
            "client, the deployed zip, the deployed configuration); its logs go to its log "
            "group in the sandbox. Each `course invoke` starts a new execution environment, "
            "so every call is a cold start (Init Duration in REPORT); `course api` keeps "
            "environments warm between requests. With --target aws the function on your AWS "
            "account is invoked with your own credentials."
        ),
        epilog=(
            "exit status: 0 the function answered (even with a 4xx/5xx payload), 1 the "
            "function failed or could not run, 2 bad arguments or event, 3 no sandbox running"
        ),
    )
    parser.add_argument(
        "--event",
        default=None,
        metavar="FILE",
        help="JSON event file, or - for stdin (default: the empty event {})",
    )
    parser.add_argument(
        "--function",
        default=None,
        help="function name (default: the function_name output, else the naming rule's)",
    )
    parser.add_argument(
        "--qualifier",
        default=None,
        help="alias or version (default: the function_alias_name output, else live)",
    )
    parser.add_argument("--logs", action="store_true", help="print every log line, not only REPORT")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    project = project_of(args)
    try:
        payload = read_event(args.event)
    except FileNotFoundError:
        return missing_event(args, project)
    except InvalidEvent as error:
        report_error(error, args.lang)
        return ExitCode.USAGE
    except OSError as error:
        return complain(
            args,
            f"no se pudo leer el evento {args.event}: {error}",
            f"cannot read the event {args.event}: {error}",
            ExitCode.USAGE,
        )
    deployment = connect(project, args.target)
    if deployment.target == "aws":
        return invoke_on_aws(args, deployment, payload)
    return invoke_in_sandbox(args, deployment, payload)


def read_event(source: str | None) -> bytes:
    """Return the event as JSON bytes; raise InvalidEvent when it is not JSON (as Lambda does).

    Raises OSError (FileNotFoundError for a missing file) when the file cannot be read.
    """
    if source is None:
        return b"{}"
    data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    try:
        json.loads(data)
    except ValueError as error:
        raise InvalidEvent(
            Text(es=f"{source} no es JSON ({error})", en=f"{source} is not JSON ({error})")
        ) from error
    return data


def missing_event(args: argparse.Namespace, project: Project) -> ExitCode:
    """Say the event file does not exist and list the project's sample events."""
    samples = sorted((project.code_dir / "events").glob("*.json"))
    here = Path.cwd()
    message = say(
        args,
        f"no existe el fichero de evento {args.event}",
        f"no event file {args.event}",
    )
    if not samples:
        print_error(message)
        return ExitCode.USAGE
    listed = say(args, "los eventos de ejemplo son:", "the sample events are:")
    print_error(f"{message}; {listed}")
    for sample in samples:
        print(f"  {shown_path(sample, here)}", file=sys.stderr)
    return ExitCode.USAGE


def function_and_qualifier(
    args: argparse.Namespace, deployment: Deployment
) -> tuple[str, str | None]:
    """Return the function to invoke and its qualifier: the project's alias unless told."""
    if args.function is not None:
        return args.function, args.qualifier
    names = deployment.names
    return names.function_name, args.qualifier or names.alias_name


def invoke_in_sandbox(args: argparse.Namespace, deployment: Deployment, payload: bytes) -> ExitCode:

    from modules.runtime.errors import LocalRuntimeError
    from modules.runtime.local_lambda import LocalLambda

    name, qualifier = function_and_qualifier(args, deployment)
    code = args.zip or deployment.project.zip_path
    shown = f"{name}:{qualifier}" if qualifier else name
    progress(
        say(
            args,
            f"arranque en frío de {shown} en el sandbox",
            f"cold start of {shown} in the sandbox",
        )
    )
    try:
        with LocalLambda.from_sandbox(
            deployment.session,
            str(deployment.endpoint),
            name,
            qualifier,
            [code],
            log_format=args.log_format,
        ) as function:
            # Once per call: the interpreter that runs the function, the runtime's own.
            runtime, version = function.config.runtime, function.python.version
            progress(say(args, f"{runtime} con Python {version}", f"{runtime} on Python {version}"))
            result = function.invoke(payload)
    except LocalRuntimeError as error:
        return report_error(error, args.lang)
    lines = [line.text for line in result.logs]
    report = result.report.text().rstrip("\t")
    if args.json:
        print(
            json.dumps(
                {
                    "target": "sandbox",
                    "python": function.python.version,
                    "requestId": result.request_id,
                    "functionError": result.function_error,
                    "payload": _decoded(result.payload),
                    "report": result.report.record(),
                    "logs": lines,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(result.payload.decode("utf-8", errors="replace"))
        _print_logs(lines if args.logs else [report], failed=bool(result.function_error))
    return ExitCode.FAILED if result.function_error else ExitCode.OK


def invoke_on_aws(args: argparse.Namespace, deployment: Deployment, payload: bytes) -> ExitCode:
    from botocore.exceptions import BotoCoreError, ClientError

    name, qualifier = function_and_qualifier(args, deployment)
    request: dict[str, Any] = {"FunctionName": name, "Payload": payload, "LogType": "Tail"}
    if qualifier:
        request["Qualifier"] = qualifier
    try:
        response = deployment.clients("lambda").invoke(**request)
    except (BotoCoreError, ClientError) as error:
        return complain(
            args,
            f"falló la invocación de {name} en AWS: {error}",
            f"invoking {name} on AWS failed: {error}",
            ExitCode.FAILED,
        )
    answer = response["Payload"].read()
    tail = base64.b64decode(response.get("LogResult") or "").decode("utf-8", errors="replace")
    function_error = response.get("FunctionError")
    if args.json:
        print(
            json.dumps(
                {
                    "target": "aws",
                    "statusCode": response.get("StatusCode"),
                    "executedVersion": response.get("ExecutedVersion"),
                    "functionError": function_error,
                    "payload": _decoded(answer),
                    "logTail": tail.splitlines(),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(answer.decode("utf-8", errors="replace"))
        lines = tail.splitlines() if args.logs else report_lines(tail)
        _print_logs(lines, failed=bool(function_error))
    return ExitCode.FAILED if function_error else ExitCode.OK


def report_lines(tail: str) -> list[str]:
    """Return the REPORT lines of a log tail, in either log format, as text."""
    lines = []
    for line in tail.splitlines():
        if line.startswith("REPORT "):
            lines.append(line.rstrip("\t"))
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("type") == "platform.report":
            lines.append(_report_from_record(record.get("record") or {}))
    return lines


def _report_from_record(record: dict[str, Any]) -> str:
    metrics = record.get("metrics") or {}
    fields = [
        f"REPORT RequestId: {record.get('requestId', '')}",
        f"Duration: {float(metrics.get('durationMs', 0)):.2f} ms",
        f"Billed Duration: {metrics.get('billedDurationMs', 0)} ms",
        f"Memory Size: {metrics.get('memorySizeMB', 0)} MB",
        f"Max Memory Used: {metrics.get('maxMemoryUsedMB', 0)} MB",
    ]
    if "initDurationMs" in metrics:
        fields.append(f"Init Duration: {float(metrics['initDurationMs']):.2f} ms")
    if record.get("status") not in (None, "success"):
        fields.append(f"Status: {record['status']}")
    return "\t".join(fields)


def _decoded(payload: bytes) -> Any:
    try:
        return json.loads(payload)
    except ValueError:
        return payload.decode("utf-8", errors="replace")


def _print_logs(lines: list[str], failed: bool) -> None:
    for line in lines:
        colour = "red" if failed and line.startswith("REPORT") else "dim"
        print(paint(line, colour, sys.stderr), file=sys.stderr)
