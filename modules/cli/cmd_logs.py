"""`course logs`: print the function's log group, from the sandbox or from AWS."""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from modules.cli.exit_codes import ExitCode
from modules.cli.shell import (
    add_command,
    complain,
    project_of,
    project_options,
    target_options,
)
from modules.deployment.target import connect
from modules.runtime.report import iso_time
from modules.terminal import paint

DURATION = re.compile(r"^(?P<amount>\d+)(?P<unit>[smhd])$")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
FOLLOW_INTERVAL_S = 1.0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "logs",
        parents=[project_options(), target_options()],
        help="print the function's log group",
        description=(
            "Print the events of the function's log group (START, END, REPORT and the "
            "function's own lines), oldest first. --follow keeps printing new events until "
            "Ctrl-C."
        ),
        epilog="exit status: 0 printed, 1 the log group is missing or unreadable, 3 no sandbox",
    )
    parser.add_argument(
        "--log-group",
        default=None,
        help="log group (default: the log_group_name output, else the naming rule's)",
    )
    parser.add_argument(
        "--since",
        type=parse_since,
        default=parse_since("10m"),
        metavar="AGE",
        help="how far back: 30s, 10m, 2h, 1d, or an ISO 8601 time (default: 10m)",
    )
    parser.add_argument("--follow", action="store_true", help="keep printing new events")
    parser.add_argument("--json", action="store_true", help="print one JSON object per event")
    parser.set_defaults(run=run)


def parse_since(value: str) -> int:
    """Return the epoch milliseconds value names: an age like 10m, or an ISO 8601 time."""
    match = DURATION.match(value.strip())
    if match:
        age_s = int(match["amount"]) * UNIT_SECONDS[match["unit"]]
        return int((time.time() - age_s) * 1000)
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"{value!r} is neither an age (30s, 10m, 2h, 1d) nor an ISO 8601 time"
        ) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def run(args: argparse.Namespace) -> ExitCode:
    deployment = connect(project_of(args), args.target)
    client = deployment.clients("logs")
    group = args.log_group or deployment.names.log_group_name
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        for event in events(client, group, args.since, args.follow):
            show(event, args.json)
    except client.exceptions.ResourceNotFoundException:
        return complain(
            args,
            f"no existe el grupo de logs {group}: ¿se ha ejecutado ya la función?",
            f"log group {group} not found: has the function run yet?",
            ExitCode.FAILED,
        )
    except (BotoCoreError, ClientError) as error:
        return complain(
            args,
            f"no se pudo leer {group}: {error}",
            f"reading {group} failed: {error}",
            ExitCode.FAILED,
        )
    return ExitCode.OK


def events(client: Any, group: str, since_ms: int, follow: bool) -> Iterator[dict[str, Any]]:
    """Yield the group's events from since_ms on, oldest first; with follow, never stop."""
    seen: set[str] = set()
    start = since_ms
    while True:
        batch = []
        request: dict[str, Any] = {"logGroupName": group, "startTime": start}
        while True:
            page = client.filter_log_events(**request)
            batch.extend(page.get("events", []))
            token = page.get("nextToken")
            if not token:
                break
            request["nextToken"] = token
        batch.sort(key=lambda event: (event["timestamp"], event.get("eventId", "")))
        for event in batch:
            key = (
                event.get("eventId")
                or f"{event['logStreamName']}/{event['timestamp']}/{event['message']}"
            )
            if key in seen:
                continue
            seen.add(key)
            start = max(start, event["timestamp"])
            yield event
        if not follow:
            return
        time.sleep(FOLLOW_INTERVAL_S)


def show(event: dict[str, Any], as_json: bool) -> None:
    if as_json:
        record = {
            "timestamp": iso_time(event["timestamp"] / 1000),
            "logStreamName": event.get("logStreamName"),
            "message": event["message"],
        }
        print(json.dumps(record, ensure_ascii=False), flush=True)
        return
    stamp = paint(iso_time(event["timestamp"] / 1000), "dim")
    print(f"{stamp} {event['message'].rstrip()}", flush=True)
