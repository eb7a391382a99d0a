"""Summaries of samples and ratios between them: what the results file and the pages show."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

# The statistics a summary holds, in the order the results file writes them.
STATISTICS = ("n", "min", "median", "p95", "p99", "max", "mean")
# Names a page may use for the same statistic.
ALIASES = {"p50": "median"}


class StatisticsError(ValueError):
    """Samples or a statistic that cannot be summarised."""


def percentile(samples: Sequence[float], fraction: float) -> float:
    """Return the fraction-th quantile (0..1) of samples, interpolating between neighbours.

    The same definition as numpy's default (linear) and statistics.quantiles(method=
    "inclusive"): the 0th is the minimum, the 1st the maximum. Raises StatisticsError.
    """
    if not samples:
        raise StatisticsError("no samples to take a percentile of")
    if not 0 <= fraction <= 1:
        raise StatisticsError(f"a percentile fraction is between 0 and 1, not {fraction}")
    ordered = sorted(samples)
    position = (len(ordered) - 1) * fraction
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    weight = position - below
    return ordered[below] + (ordered[above] - ordered[below]) * weight


@dataclass(frozen=True)
class Summary:
    """The distribution of one series of samples, in the samples' unit."""

    n: int
    min: float
    median: float
    p95: float
    p99: float
    max: float
    mean: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Summary:
        """Summarise samples; raise StatisticsError when there are none or one is not finite."""
        if not samples:
            raise StatisticsError("no samples to summarise")
        if not all(math.isfinite(value) for value in samples):
            raise StatisticsError("every sample must be a finite number")
        return cls(
            n=len(samples),
            min=min(samples),
            median=percentile(samples, 0.5),
            p95=percentile(samples, 0.95),
            p99=percentile(samples, 0.99),
            max=max(samples),
            mean=math.fsum(samples) / len(samples),
        )

    def to_json(self, digits: int = 3) -> dict[str, float | int]:
        """Return the summary as a JSON object, values rounded to digits decimals."""
        return {
            key: value if isinstance(value, int) else round(value, digits)
            for key, value in asdict(self).items()
        }


def statistic(summary: Mapping[str, float], name: str) -> float:
    """Return one statistic of a summary read from JSON (p50 is the median).

    Raises StatisticsError for a name that is not a statistic.
    """
    key = ALIASES.get(name, name)
    if key not in STATISTICS or key == "n":
        known = ", ".join([*STATISTICS[1:], *ALIASES])
        raise StatisticsError(f"unknown statistic {name!r}: use one of {known}")
    return float(summary[key])


def ratio(numerator: float, denominator: float) -> float:
    """Return numerator / denominator; raise StatisticsError when it has no meaning."""
    if not (math.isfinite(numerator) and math.isfinite(denominator)):
        raise StatisticsError("a ratio needs finite numbers")
    if denominator <= 0 or numerator < 0:
        raise StatisticsError(
            f"a ratio of durations needs a positive denominator, not {numerator}/{denominator}"
        )
    return numerator / denominator
