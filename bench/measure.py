"""The measurements: cold starts and warm invocations, round-robin so noise hits every variant.

Each round runs every variant once, in an order rotated by one each round, so no variant is
always first (after an idle pause) or always last (after the others' garbage).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.sandbox import Function
from modules.runtime.environment import ExecutionEnvironment, InvocationResult

Progress = Callable[[str], None]
# What each variant answers to the create-session event; anything else stops the bench.
EXPECTED_STATUS = {
    "ours": 201,
    "ours_source": 201,
    "floor": 200,
    "floor_botocore": 200,
    "naive": 201,
}
# Calls made on a fresh environment before warm samples count: the first one is the cold
# start, and the next few still load code botocore imports lazily on first use.
WARM_UP_CALLS = 5


class BenchFailed(RuntimeError):
    """A measured call did not do what it should; the numbers would mean nothing."""


def rotated(variants: Sequence[str], round_index: int) -> list[str]:
    """Return variants in the order of round round_index: shifted left by round_index."""
    if not variants:
        return []
    shift = round_index % len(variants)
    return [*variants[shift:], *variants[:shift]]


def check_answer(variant: str, result: InvocationResult) -> None:
    """Raise BenchFailed unless the invocation answered the status its variant should."""
    if result.function_error is not None:
        shown = result.payload[:500].decode(errors="replace")
        raise BenchFailed(f"{variant} failed ({result.error_type}): {shown}")
    answer = result.json()
    status = answer.get("statusCode") if isinstance(answer, dict) else None
    if status != EXPECTED_STATUS[variant]:
        raise BenchFailed(
            f"{variant} answered {status}, not {EXPECTED_STATUS[variant]}: {str(answer)[:500]}"
        )


@dataclass(frozen=True)
class ColdSample:
    """One cold start: Init Duration, the first Duration and the caller's wall clock, in ms."""

    init_ms: float
    duration_ms: float
    wall_ms: float
    max_memory_used_mb: int

    @property
    def total_ms(self) -> float:
        """Return Init Duration + Duration: the environment's time to its first answer."""
        return self.init_ms + self.duration_ms


def cold_start(function: Function, payload: bytes) -> ColdSample:
    """Start a fresh environment, send it one event, stop it; return the measures."""
    environment = function.start()
    try:
        started = time.perf_counter()
        result = environment.invoke(payload)
        wall_ms = (time.perf_counter() - started) * 1000
    finally:
        environment.close()
    check_answer(function.variant, result)
    report = result.report
    if report.init_duration_ms is None:
        raise BenchFailed(f"{function.variant}'s first invocation reported no Init Duration")
    return ColdSample(
        report.init_duration_ms, report.duration_ms, wall_ms, report.max_memory_used_mb
    )


def run_cold(
    functions: Mapping[str, Function],
    payload: bytes,
    rounds: int,
    progress: Progress = lambda _: None,
) -> dict[str, list[ColdSample]]:
    """Measure rounds cold starts of every function, round-robin."""
    samples: dict[str, list[ColdSample]] = {variant: [] for variant in functions}
    variants = list(functions)
    for index in range(rounds):
        for variant in rotated(variants, index):
            samples[variant].append(cold_start(functions[variant], payload))
        if (index + 1) % 5 == 0 or index + 1 == rounds:
            progress(f"cold starts: round {index + 1}/{rounds}")
    return samples


@dataclass
class WarmSeries:
    """The warm samples of one variant, per metric, in ms; and its memory at the end."""

    metrics: dict[str, list[float]] = field(default_factory=dict)
    max_memory_used_mb: int | None = None

    def add(self, metric: str, value_ms: float) -> None:
        self.metrics.setdefault(metric, []).append(value_ms)


class WarmFunction:
    """One warm environment of a function: Duration from REPORT, wall clock around invoke."""

    def __init__(self, function: Function, payload: bytes) -> None:
        self.variant = function.variant
        self._payload = payload
        self._environment: ExecutionEnvironment = function.start()
        self.series = WarmSeries()
        for _ in range(1 + WARM_UP_CALLS):
            self._call()

    def _call(self) -> tuple[InvocationResult, float]:
        started = time.perf_counter()
        result = self._environment.invoke(self._payload)
        wall_ms = (time.perf_counter() - started) * 1000
        check_answer(self.variant, result)
        return result, wall_ms

    def measure(self) -> None:
        result, wall_ms = self._call()
        if result.report.init_duration_ms is not None:
            raise BenchFailed(f"{self.variant}'s environment restarted during the warm calls")
        self.series.add("duration", result.report.duration_ms)
        self.series.add("wall", wall_ms)
        self.series.max_memory_used_mb = result.report.max_memory_used_mb

    def close(self) -> None:
        self._environment.close()


class DynamoDbRoundTrip:
    """The service's DynamoDB calls alone, from this process with the service's client config.

    PutItem is the conditional put a create makes, so its time ("duration") is what the
    handlers' create waits for in storage; GetItem is the strongly consistent read a GET
    makes, and "put_get" the two together.
    """

    variant = "dynamodb"

    def __init__(self, client: Any, table_name: str) -> None:
        self._client = client
        self._table = table_name
        self.series = WarmSeries()
        self._counter = 0
        for _ in range(1 + WARM_UP_CALLS):
            self._round_trip()

    def _round_trip(self) -> tuple[float, float]:
        self._counter += 1
        key = f"bench-{time.time_ns()}-{self._counter}"
        item = {
            "session_id": {"S": key},
            "user_id": {"S": "alice"},
            "created_at": {"S": "2025-01-15T10:00:00Z"},
            "expires_at": {"N": str(int(time.time()) + 86_400)},
            "data": {"S": "{}"},
        }
        started = time.perf_counter()
        self._client.put_item(
            TableName=self._table,
            Item=item,
            ConditionExpression="attribute_not_exists(session_id)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
        put_done = time.perf_counter()
        answer = self._client.get_item(
            TableName=self._table, Key={"session_id": {"S": key}}, ConsistentRead=True
        )
        got_done = time.perf_counter()
        if answer.get("Item") != item:
            raise BenchFailed("DynamoDB did not give back the item just written")
        return (put_done - started) * 1000, (got_done - put_done) * 1000

    def measure(self) -> None:
        put_ms, get_ms = self._round_trip()
        self.series.add("duration", put_ms)
        self.series.add("get", get_ms)
        self.series.add("put_get", put_ms + get_ms)

    def close(self) -> None:
        self._client.close()


def run_warm(
    subjects: Sequence[WarmFunction | DynamoDbRoundTrip],
    calls: int,
    progress: Progress = lambda _: None,
) -> dict[str, WarmSeries]:
    """Make calls measured calls of every subject, round-robin; return their series."""
    by_variant = {subject.variant: subject for subject in subjects}
    variants = list(by_variant)
    step = max(1, calls // 4)
    for index in range(calls):
        for variant in rotated(variants, index):
            by_variant[variant].measure()
        if (index + 1) % step == 0:
            progress(f"warm calls: {index + 1}/{calls}")
    return {variant: subject.series for variant, subject in by_variant.items()}


def load_event(path: Path) -> bytes:
    """Return the JSON event at path as compact bytes (checked to be JSON)."""
    with open(path, encoding="utf-8") as handle:
        return json.dumps(json.load(handle), separators=(",", ":")).encode()
