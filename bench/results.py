"""The results file: what one run measured, summarised, with the machine it ran on.

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

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bench.functions import FunctionCode
from bench.measure import ColdSample, WarmSeries
from bench.stats import STATISTICS, Summary, ratio, statistic

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


def _cold_section(samples: Mapping[str, Sequence[ColdSample]]) -> dict[str, Any]:
    section: dict[str, Any] = {}
    for variant, series in samples.items():
        raw = {
            "init": [s.init_ms for s in series],
            "duration": [s.duration_ms for s in series],
            "total": [s.total_ms for s in series],
            "wall": [s.wall_ms for s in series],
            "max_memory_used_mb": [float(s.max_memory_used_mb) for s in series],
        }
        section[variant] = {name: Summary.of(values).to_json() for name, values in raw.items()}
        section[variant]["samples"] = {
            name: [round(value, 3) for value in values] for name, values in raw.items()
        }
    return section


def _warm_section(series: Mapping[str, WarmSeries]) -> dict[str, Any]:
    section: dict[str, Any] = {}
    for variant, warm in series.items():
        entry: dict[str, Any] = {
            metric: Summary.of(values).to_json() for metric, values in warm.metrics.items()
        }
        if warm.max_memory_used_mb is not None:
            entry["max_memory_used_mb"] = warm.max_memory_used_mb
        section[variant] = entry
    return section


def build(
    *,
    date: str,
    run_seconds: float,
    machine: Mapping[str, Any],
    parameters: Mapping[str, Any],
    cold: Mapping[str, Sequence[ColdSample]],
    warm: Mapping[str, WarmSeries],
    codes: Sequence[FunctionCode],
    site: Mapping[str, Sequence[float]] | None,
) -> dict[str, Any]:
    """Assemble the results file from one run's samples."""
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "date": date,
        "run_seconds": round(run_seconds, 1),
        "machine": dict(machine),
        "parameters": dict(parameters),
        "units": UNITS,
        "cold": _cold_section(cold),
        "warm": _warm_section(warm),
        "zip": {
            code.variant: {"bytes": code.zip_bytes, "sha256": hashlib.sha256(code.code).hexdigest()}
            for code in codes
        },
        "site": None
        if site is None
        else {name: Summary.of(values).to_json() for name, values in site.items()},
        "ratio_basis": {kind: f"{stat} {metric}" for kind, (metric, stat) in RATIO_BASIS.items()},
    }
    if "ours" in data["cold"] and "ours_source" in data["cold"]:
        # What the shipped bytecode saves: the same package's Init Duration without and with it.
        saved = summary_value(data, "cold", "ours_source", "init", "median") - summary_value(
            data, "cold", "ours", "init", "median"
        )
        data["pyc"] = {"init_saved_ms": round(saved, 3)}
    data["ratios"] = {
        kind: {
            f"{a}/{b}": round(compute_ratio(data, kind, a, b), 4)
            for a, b in pairs
            if a in data[kind] and b in data[kind]
        }
        for kind, pairs in RATIOS.items()
    }
    return data


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


def write(data: Mapping[str, Any], path: Path) -> Path:
    """Write data as indented JSON (stable key order, ending in a newline)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


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
