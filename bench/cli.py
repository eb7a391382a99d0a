"""`python -m bench`: measure, then write results.json and results.png."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auth_sessions.bootstrap import CLIENT_CONFIG
from bench import chart, functions, machine, recording, results
from bench.macros import RESULTS_VARIABLE
from bench.measure import (
    WARM_UP_CALLS,
    BenchFailed,
    ColdSample,
    DynamoDbRoundTrip,
    WarmFunction,
    WarmSeries,
    load_event,
    run_cold,
    run_warm,
)
from bench.sandbox import MEMORY_SIZE_MB, RUNTIME, TABLE_NAME, BenchSandbox
from bench.site import time_site
from bench.stats import Summary
from modules.cli.exit_codes import ExitCode
from modules.packaging import OUTPUT as ZIP_OUTPUT
from modules.packaging import PackagingError
from modules.runtime.errors import LocalRuntimeError
from modules.runtime.interpreter import lambda_python
from modules.sandbox.moto_server import MotoServerError
from modules.terminal import progress

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "bench"
EVENT = ROOT / "code" / "events" / "create_session_signed_in.json"
RESULTS_NAME = "results.json"
CHART_NAME = "results.png"
DEFAULTS = {"rounds": 40, "warm_calls": 1000, "site_rounds": 3}
QUICK = {"rounds": 2, "warm_calls": 20, "site_rounds": 0}
MIN_FULL = {"rounds": 20, "warm_calls": 1000}


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def parser() -> argparse.ArgumentParser:
    build = argparse.ArgumentParser(
        prog="python -m bench",
        description=(
            "Measure the session service under the local Lambda runtime against a moto server "
            "of its own, on the Python of the function's runtime: cold starts of ours (with and "
            "without its .pyc), the floor (a boto3 client and one PutItem; again with botocore's "
            "own session) and a naive port, "
            "warm latency, memory, zip size and the site's build; write results.json and "
            "results.png."
        ),
    )
    build.add_argument(
        "--rounds",
        type=positive,
        help=f"cold starts per variant, round-robin (default {DEFAULTS['rounds']})",
    )
    build.add_argument(
        "--warm-calls",
        type=positive,
        help=f"measured warm calls per variant (default {DEFAULTS['warm_calls']})",
    )
    build.add_argument(
        "--site-rounds",
        type=int,
        help=f"site builds and doc-test runs to time; 0 skips (default {DEFAULTS['site_rounds']})",
    )
    build.add_argument(
        "--out-dir",
        type=Path,
        default=BENCH_DIR,
        help="where results.json and results.png go (default bench/)",
    )
    build.add_argument(
        "--zip",
        type=Path,
        default=ZIP_OUTPUT,
        help="where the service's package is built (default build/lambda.zip, as `course zip`)",
    )
    build.add_argument(
        "--quick",
        action="store_true",
        help=(
            f"a smoke run: {QUICK['rounds']} rounds, {QUICK['warm_calls']} warm calls, no site "
            "timing (numbers not fit to publish)"
        ),
    )
    return build


def settings(arguments: argparse.Namespace) -> dict[str, int]:
    """Return rounds, warm_calls and site_rounds: the options given, else the mode's defaults."""
    base = QUICK if arguments.quick else DEFAULTS
    chosen = {
        "rounds": arguments.rounds or base["rounds"],
        "warm_calls": arguments.warm_calls or base["warm_calls"],
        "site_rounds": base["site_rounds"]
        if arguments.site_rounds is None
        else max(0, arguments.site_rounds),
    }
    return chosen


def provisional(out_dir: Path, data: dict[str, Any]) -> dict[str, Any]:
    """Return data with a site section to render the timed builds with.

    The pages may quote the site's own timing, which this run has not measured yet: the
    previous results' numbers stand in, or zeros on a first run. The timed builds are thrown
    away; only their duration is kept.
    """
    previous: Any = None
    try:
        previous = results.load(out_dir / RESULTS_NAME).get("site")
    except results.MissingResult:
        previous = None
    if not isinstance(previous, dict):
        zero = Summary.of([0.0]).to_json()
        previous = {"build": zero, "doctest": zero}
    return {**data, "site": previous}


def report(data: dict[str, Any], out_dir: Path) -> str:
    """Return the few lines printed at the end: medians, percentiles, ratios, where it went."""
    cold, warm, ratios = data["cold"], data["warm"], data["ratios"]
    lines = [
        f"functions on Python {data['machine']['lambda_python']}",
        "cold start (ms):        Init median  Duration median  total median   p95  memory MB",
    ]
    for variant in results.COLD_VARIANTS:
        row = cold[variant]
        lines.append(
            f"  {variant:<16}{row['init']['median']:>16.1f}{row['duration']['median']:>17.1f}"
            f"{row['total']['median']:>14.1f}{row['total']['p95']:>6.0f}"
            f"{row['max_memory_used_mb']['median']:>11.0f}"
        )
    lines.append(f"Init Duration saved by the .pyc: {data['pyc']['init_saved_ms']:.1f} ms (median)")
    lines.append("warm Duration (ms):                            p50     p95     p99")
    for variant in ("ours", "naive", "dynamodb"):
        row = warm[variant]["duration"]
        label = "dynamodb PutItem" if variant == "dynamodb" else variant
        lines.append(f"  {label:<40}{row['median']:>8.2f}{row['p95']:>8.2f}{row['p99']:>8.2f}")
    shown = {f"cold {k}": v for k, v in ratios["cold"].items()}
    shown.update({f"warm p50 {k}": v for k, v in ratios["warm"].items()})
    lines.append("ratios: " + ", ".join(f"{name} = {value:.2f}" for name, value in shown.items()))
    if data["site"]:
        site = data["site"]
        lines.append(
            f"site: strict build {site['build']['median']:.1f} s, "
            f"doc tests {site['doctest']['median']:.1f} s (medians)"
        )
    lines.append(f"zip: {data['zip']['ours']['bytes']} bytes")
    lines.append(
        f"run took {data['run_seconds']:.0f} s; wrote {out_dir / RESULTS_NAME} and {CHART_NAME}"
    )
    return "\n".join(lines)


def measure_functions(
    codes: list[functions.FunctionCode], payload: bytes, chosen: dict[str, int], scratch: Path
) -> tuple[dict[str, list[ColdSample]], dict[str, WarmSeries]]:
    """Deploy the functions in a moto server of the bench's own; time cold and warm calls."""
    progress("starting a moto server with the sessions table and the functions")
    with BenchSandbox(log_path=scratch / "moto.log") as sandbox:
        deployed = sandbox.deploy(codes)
        progress(f"cold starts: {chosen['rounds']} rounds of {', '.join(deployed)}")
        cold = run_cold(deployed, payload, chosen["rounds"], progress)
        progress(f"warm calls: {chosen['warm_calls']} each, after {WARM_UP_CALLS} warm-up calls")
        subjects: list[WarmFunction | DynamoDbRoundTrip] = []
        try:
            subjects.append(WarmFunction(deployed["ours"], payload))
            subjects.append(WarmFunction(deployed["naive"], payload))
            client = sandbox.client("dynamodb", config=CLIENT_CONFIG)
            subjects.append(DynamoDbRoundTrip(client, TABLE_NAME))
            warm = run_warm(subjects, chosen["warm_calls"], progress)
        finally:
            for subject in subjects:
                subject.close()
    return cold, warm


def run(arguments: argparse.Namespace) -> ExitCode:
    chosen = settings(arguments)
    if not arguments.quick and (
        chosen["rounds"] < MIN_FULL["rounds"] or chosen["warm_calls"] < MIN_FULL["warm_calls"]
    ):
        progress(
            f"fewer than {MIN_FULL['rounds']} rounds or {MIN_FULL['warm_calls']} warm calls: "
            "the percentiles will be rough"
        )
    started = time.perf_counter()
    load_at_start = machine.load_average()
    date = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    payload = load_event(EVENT)
    parameters = {
        **chosen,
        "warm_up_calls": WARM_UP_CALLS,
        "quick": arguments.quick,
        "event": EVENT.relative_to(ROOT).as_posix(),
        "memory_size_mb": MEMORY_SIZE_MB,
        "log_format": "JSON",
        "order": "round-robin, order rotated every round",
        "site_commands": "mkdocs build --strict; pytest --markdown-docs docs",
    }
    python = lambda_python(RUNTIME)
    progress(f"building the packages for {RUNTIME} (Python {python.version})")
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        codes = [
            functions.ours(arguments.zip),
            functions.ours_source(Path(scratch) / "source.zip"),
            functions.floor(),
            functions.floor_botocore(),
            functions.naive(),
        ]
        cold, warm = measure_functions(codes, payload, chosen, Path(scratch))

        def assemble(site: dict[str, list[float]] | None) -> dict[str, Any]:
            return recording.build(
                date=date,
                run_seconds=time.perf_counter() - started,
                # Other work on the machine skews every number: the load says how busy it was.
                machine={
                    **machine.describe(),
                    "lambda_python": python.version,
                    # What the functions imported: the runtime venv's, not the tooling's.
                    "lambda_packages": machine.site_versions(python.site_packages),
                    "load_average": {"start": load_at_start, "end": machine.load_average()},
                },
                parameters=parameters,
                cold=cold,
                warm=warm,
                codes=codes,
                site=site,
            )

        site = None
        if chosen["site_rounds"]:
            stand_in_data = provisional(arguments.out_dir, assemble(None))
            stand_in = recording.write(stand_in_data, Path(scratch) / RESULTS_NAME)
            # The pages inline the chart that sits beside the results they read.
            chart.render(stand_in_data, Path(scratch) / CHART_NAME)
            progress(f"site: {chosen['site_rounds']} strict builds and doc-test runs")
            site = time_site(ROOT, chosen["site_rounds"], {RESULTS_VARIABLE: str(stand_in)})
        data = assemble(site)
    results.check(data)
    recording.write(data, arguments.out_dir / RESULTS_NAME)
    chart.render(data, arguments.out_dir / CHART_NAME)
    print(report(data, arguments.out_dir))
    return ExitCode.OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; return the exit code."""
    arguments = parser().parse_args(argv)
    try:
        return run(arguments)
    except (BenchFailed, results.MissingResult, LocalRuntimeError, PackagingError) as error:
        print(f"bench failed: {error}", file=sys.stderr)
        return ExitCode.FAILED
    except MotoServerError as error:
        print(f"bench failed: the moto server did not start: {error}", file=sys.stderr)
        return ExitCode.UNAVAILABLE
    except KeyboardInterrupt:
        print("bench interrupted; nothing written", file=sys.stderr)
        return ExitCode.INTERRUPTED
