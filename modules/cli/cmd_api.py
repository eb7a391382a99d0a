"""`course api`: serve the sandbox's REST API on this machine, the way API Gateway does."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import TYPE_CHECKING

from modules.cli.exit_codes import ExitCode
from modules.cli.shell import (
    add_command,
    code_options,
    complain,
    project_of,
    project_options,
    report_error,
    say,
)
from modules.deployment.target import Deployment, sandbox
from modules.terminal import paint, progress

if TYPE_CHECKING:  # the runtime is imported when the command runs: `course --help` needs none
    from modules.runtime.api_gateway import HttpRequest, HttpResponse
    from modules.runtime.logs import LogEvent


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "api",
        parents=[
            project_options(),
            code_options(log_format_help="run with this log format instead of the function's"),
        ],
        help="serve the sandbox's REST API on http://127.0.0.1:3000",
        description=(
            "Serve the sandbox's REST API locally: http://HOST:PORT/<stage>/<path> is routed "
            "with the API's resources, proxy methods run the function under the local Lambda "
            "runtime (warm environments, up to --concurrency at once), CORS preflights answer "
            "from their MOCK integrations, and errors have API Gateway's shapes (403 Missing "
            "Authentication Token, 502 Internal server error). Ctrl-C stops it."
        ),
        epilog=(
            "exit status: 130 stopped with Ctrl-C (or SIGTERM), 1 could not start, "
            "3 no sandbox running"
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=3000, help="port (default: 3000)")
    parser.add_argument(
        "--rest-api-id", default=None, help="REST API id (default: the rest_api_id output)"
    )
    parser.add_argument("--stage", default=None, help="stage (default: the stage_name output)")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=4,
        help="execution environments per function at most (default: 4)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not print the function's logs")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> ExitCode:
    from modules.runtime.errors import LocalRuntimeError
    from modules.runtime.local_api import LocalApi

    project = project_of(args)
    deployment = sandbox(project)
    names = deployment.names
    api_id = args.rest_api_id or names.rest_api_id or find_api_id(deployment)
    if api_id is None:
        return complain(
            args,
            f"no hay ninguna API REST llamada {names.rest_api_name} en el sandbox",
            f"no REST API named {names.rest_api_name} in the sandbox",
            ExitCode.FAILED,
        )
    stage = args.stage or names.stage_name
    progress(
        say(
            args,
            f"cargando la API REST {api_id}, etapa {stage}, desde el sandbox",
            f"loading REST API {api_id} stage {stage} from the sandbox",
        )
    )
    try:
        local_api = LocalApi.from_sandbox(
            deployment.session,
            str(deployment.endpoint),
            api_id,
            stage,
            [args.zip or project.zip_path],
            log_format=args.log_format,
            max_environments=max(1, args.concurrency),
            on_log=None if args.quiet else show_log,
            on_message=lambda text: print(paint(text, "yellow", sys.stderr), file=sys.stderr),
        )
    except LocalRuntimeError as error:
        return report_error(error, args.lang)
    # `kill` (SIGTERM) stops as cleanly as Ctrl-C: environments killed, logs written.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        try:
            base_url = local_api.serve(args.host, args.port)
        except OSError as error:
            where = f"{args.host}:{args.port}"
            return complain(
                args,
                f"no puedo escuchar en {where}: {error}",
                f"cannot listen on {where}: {error}",
                ExitCode.FAILED,
            )
        local_api.on_request(show_request)
        for route in sorted(local_api.api.routes, key=lambda r: r.path):
            for method in sorted(route.methods):
                print(f"  {method:7} {base_url}{route.path}", file=sys.stderr)
        print(base_url, flush=True)
        progress(say(args, "sirviendo; Ctrl-C para", "serving; Ctrl-C stops"))
        threading.Event().wait()
    except KeyboardInterrupt:
        print(say(args, "parado", "stopped"), file=sys.stderr)
        return ExitCode.INTERRUPTED
    finally:
        signal.signal(signal.SIGTERM, previous)
        local_api.close()
    return ExitCode.OK  # pragma: no cover - the wait above only ends with a signal


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def find_api_id(deployment: Deployment) -> str | None:
    """Return the id of the project's REST API, found by name."""
    client = deployment.clients("apigateway")
    for page in client.get_paginator("get_rest_apis").paginate():
        for item in page.get("items", []):
            if item.get("name") == deployment.names.rest_api_name:
                return item["id"]
    return None


def show_log(event: LogEvent) -> None:
    print(paint(event.text, "dim", sys.stderr), file=sys.stderr, flush=True)


def show_request(request: HttpRequest, response: HttpResponse, milliseconds: float) -> None:
    colour = "green" if response.status < 400 else "yellow" if response.status < 500 else "red"
    status = paint(str(response.status), colour, sys.stderr)
    line = f"{request.method} {request.path} {status} {milliseconds:.1f} ms"
    print(line, file=sys.stderr, flush=True)
