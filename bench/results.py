"""The results file, as the pages and the chart read it (bench/recording.py writes it).

Layout (durations in ms, memory in MB, the site in s, sizes in bytes):

    cold.<variant>.{init,duration,total,wall,max_memory_used_mb}  summaries, plus raw samples
    warm.<variant>.{duration,wall}  (ours, naive: REPORT Duration, the caller's wall clock)
    warm.dynamodb.{duration,get,put_get}  (duration: PutItem alone, what a create waits for)
    warm.<variant>.max_memory_used_mb  the environment's peak after the warm calls
    zip.<variant>.{bytes,sha256}    site.{build,doctest} (null when not timed)
    ratios.{cold,warm}.<a>/<b>      see RATIO_BASIS
    pyc.init_saved_ms               median Init Duration of ours_source minus ours'
    machine.lambda_python           the Python the functions ran on (the runtime's version)

A summary is {n, min, median, p95, p99, max, mean}.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bench.stats import STATISTICS, ratio, statistic

SCHEMA_VERSION = 2
# The cold-start variants every results file carries (see bench.functions).
COLD_VARIANTS = ("ours", "ours_source", "floor", "floor_botocore", "naive")
COLD_METRICS = ("init", "duration", "total", "wall", "max_memory_used_mb")
UNITS = {"cold": "ms", "warm": "ms", "memory": "MB", "site": "s", "zip": "bytes"}
# Which number each kind of ratio divides: cold starts by their median Init Duration +
# Duration, warm calls by their median (p50) Duration.
RATIO_BASIS = {"cold": ("total", "median"), "warm": ("duration", "median")}
# The ratios every results file carries (numerator, denominator).
RATIOS = {
    "cold": (
        ("ours", "floor"),
        ("ours", "naive"),
        ("naive", "floor"),
        ("floor_botocore", "floor"),
        ("ours_source", "ours"),
    ),
    "warm": (("ours", "naive"), ("ours", "dynamodb"), ("naive", "dynamodb")),
}


class MissingResult(LookupError):
    """The results file lacks a number a page asks for; the message names it and the fix."""


def lookup(data: Mapping[str, Any], *keys: str) -> Any:
    """Return data[keys[0]][keys[1]]...; raise MissingResult naming the path that is missing."""
    current: Any = data
    for depth, key in enumerate(keys):
        if not isinstance(current, Mapping) or key not in current or current[key] is None:
            path = ".".join(keys[: depth + 1])
            there = sorted(current) if isinstance(current, Mapping) else []
            hint = f" (it has: {', '.join(there)})" if there else ""
            raise MissingResult(
                f"the bench results have no {path}{hint}; run `make bench` to measure it"
            )
        current = current[key]
    return current


def summary_value(
    data: Mapping[str, Any], section: str, variant: str, metric: str, stat: str
) -> float:
    """Return one statistic of one series, e.g. ("cold", "ours", "total", "median")."""
    summary = lookup(data, section, variant, metric)
    if not isinstance(summary, Mapping):
        raise MissingResult(f"the bench results' {section}.{variant}.{metric} is not a summary")
    return statistic(summary, stat)


def compute_ratio(data: Mapping[str, Any], kind: str, numerator: str, denominator: str) -> float:
    """Return the ratio of two variants' cold starts or warm calls (see RATIO_BASIS)."""
    if kind not in RATIO_BASIS:
        raise MissingResult(f"a ratio is of {' or '.join(RATIO_BASIS)} numbers, not {kind!r}")
    metric, stat = RATIO_BASIS[kind]
    return ratio(
        summary_value(data, kind, numerator, metric, stat),
        summary_value(data, kind, denominator, metric, stat),
    )


def check(data: Mapping[str, Any]) -> None:
    """Raise MissingResult unless data has every section the pages and the chart read."""
    if lookup(data, "schema_version") != SCHEMA_VERSION:
        raise MissingResult(
            f"the bench results are schema {data['schema_version']}, not {SCHEMA_VERSION}: "
            "run `make bench` again"
        )
    for key in ("date", "run_seconds", "machine", "parameters", "zip", "ratios"):
        lookup(data, key)
    lookup(data, "machine", "lambda_python")
    for variant in COLD_VARIANTS:
        for metric in COLD_METRICS:
            summary = lookup(data, "cold", variant, metric)
            for stat in STATISTICS:
                lookup(summary, stat)
    for variant, metrics in (("ours", ("duration", "wall")), ("naive", ("duration", "wall"))):
        for metric in metrics:
            lookup(data, "warm", variant, metric)
        lookup(data, "warm", variant, "max_memory_used_mb")
    for metric in ("duration", "get", "put_get"):
        lookup(data, "warm", "dynamodb", metric)
    for kind, pairs in RATIOS.items():
        for a, b in pairs:
            lookup(data, "ratios", kind, f"{a}/{b}")
    lookup(data, "pyc", "init_saved_ms")


def load(path: Path) -> dict[str, Any]:
    """Read a results file; raise MissingResult when it is not there or not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise MissingResult(f"{path} does not exist: run `make bench` to create it") from error
    except ValueError as error:
        raise MissingResult(
            f"{path} is not valid JSON ({error}): run `make bench` again"
        ) from error
