"""Write the results file from one run's samples (bench/results.py reads it back)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bench.functions import FunctionCode
from bench.measure import ColdSample, WarmSeries
from bench.results import RATIO_BASIS, RATIOS, SCHEMA_VERSION, UNITS, compute_ratio, summary_value
from bench.stats import Summary


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


def write(data: Mapping[str, Any], path: Path) -> Path:
    """Write data as indented JSON (stable key order, ending in a newline)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
