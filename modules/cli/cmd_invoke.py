"""`course invoke`: invoke the function once, in the sandbox (local runtime) or on AWS."""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path
from typing import Any

from modules.cli.exit_codes import ExitCode
from modules.cli.output import paint, progress
from modules.runtime.errors import LocalRuntimeError, SandboxNotRunning
from modules.runtime.local_lambda import LocalLambda
from modules.runtime.report import LogFormat
from modules.runtime.sandbox import DEFAULT_ALIAS, DEFAULT_FUNCTION, connect

DEFAULT_ZIP = Path("build/lambda.zip")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "invoke",
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
    parser.add_argument("--target", choices=("sandbox", "aws"), default="sandbox")
    parser.add_argument(
        "--event",
        default=None,
        metavar="FILE",
        help="JSON event file, or - for stdin (default: the empty event {})",
    )
    parser.add_argument(
        "--function",
        default=None,
        help=f"function name (default: the sandbox's function_name output, or {DEFAULT_FUNCTION})",
    )
    parser.add_argument(
        "--qualifier",
        default=None,
        help=f"alias or version (default: the function_alias_name output, or {DEFAULT_ALIAS})",
    )
    parser.add_argument(
        "--zip",
        type=Path,
        default=None,
        help=f"local copy of the deployed code, sandbox only (default: {DEFAULT_ZIP})",
    )
    parser.add_argument(
        "--log-format",
        type=LogFormat.parse,
        default=None,
        metavar="{Text,JSON}",
        help="run with this log format instead of the function's (sandbox only)",
    )
    parser.add_argument("--logs", action="store_true", help="print every log line, not only REPORT")
    parser.add_argument("--json", action="store_true", help="print one JSON object for machines")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    try:
        payload = read_event(args.event)
    except (OSError, ValueError) as error:
        print(f"error: cannot use the event: {error}", file=sys.stderr)
        return ExitCode.USAGE
    if args.target == "aws":
        return invoke_on_aws(args, payload)
    return invoke_in_sandbox(args, payload)


def read_event(source: str | None) -> bytes:
    """Return the event as JSON bytes; raise ValueError when it is not JSON (as Lambda does)."""
    if source is None:
        return b"{}"
    data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    try:
        json.loads(data)
    except ValueError as error:
        raise ValueError(f"{source} is not JSON ({error})") from error
    return data


def invoke_in_sandbox(args: argparse.Namespace, payload: bytes) -> ExitCode:
    root = Path.cwd()
    try:
        sandbox = connect(root)
    except SandboxNotRunning as error:
        print(f"error: {error}", file=sys.stderr)
        return ExitCode.UNAVAILABLE
    name = args.function or sandbox.outputs.get("function_name") or DEFAULT_FUNCTION
    qualifier = args.qualifier
    if qualifier is None and args.function is None:
        qualifier = sandbox.outputs.get("function_alias_name") or DEFAULT_ALIAS
    code = args.zip or root / DEFAULT_ZIP
    progress(f"cold start of {name}{':' + qualifier if qualifier else ''} in the sandbox")
    try:
        with LocalLambda.from_sandbox(
            sandbox.session(), sandbox.endpoint, name, qualifier, [code], log_format=args.log_format
        ) as function:
            # Once per call: the interpreter that runs the function, the runtime's own.
            progress(f"{function.config.runtime} on Python {function.python.version}")
            result = function.invoke(payload)
    except LocalRuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return ExitCode.FAILED
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


def invoke_on_aws(args: argparse.Namespace, payload: bytes) -> ExitCode:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    name = args.function or DEFAULT_FUNCTION
    qualifier = (
        args.qualifier if args.qualifier is not None else (None if args.function else DEFAULT_ALIAS)
    )
    request: dict[str, Any] = {"FunctionName": name, "Payload": payload, "LogType": "Tail"}
    if qualifier:
        request["Qualifier"] = qualifier
    try:
        # The reader's own credentials and region; an AWS_ENDPOINT_URL left over from the
        # sandbox must not redirect a call meant for AWS.
        client = boto3.Session().client(
            "lambda", config=Config(ignore_configured_endpoint_urls=True)
        )
        response = client.invoke(**request)
    except (BotoCoreError, ClientError) as error:
        print(f"error: invoking {name} on AWS failed: {error}", file=sys.stderr)
        return ExitCode.FAILED
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
