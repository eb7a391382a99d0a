"""The bench's statistics: percentiles, summaries and ratios of samples."""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.stats import StatisticsError, Summary, percentile, ratio, statistic

ONE_TO_HUNDRED = [float(value) for value in range(1, 101)]
finite_samples = st.lists(
    st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
    min_size=2,
    max_size=200,
)


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [(0.0, 1.0), (0.5, 50.5), (0.95, 95.05), (0.99, 99.01), (1.0, 100.0)],
    ids=["minimum", "median", "p95", "p99", "maximum"],
)
def test_percentile_interpolates_between_neighbours(fraction: float, expected: float) -> None:
    assert percentile(ONE_TO_HUNDRED, fraction) == pytest.approx(expected)


def test_percentile_does_not_depend_on_the_order_of_the_samples() -> None:
    assert percentile([5.0, 1.0, 3.0], 0.5) == percentile([1.0, 3.0, 5.0], 0.5) == 3.0


def test_percentile_of_one_sample_is_that_sample() -> None:
    assert percentile([7.5], 0.99) == 7.5


@given(finite_samples)
def test_percentiles_agree_with_the_standard_librarys_inclusive_quantiles(
    samples: list[float],
) -> None:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    assert percentile(samples, 0.95) == pytest.approx(cuts[94], rel=1e-9, abs=1e-9)
    assert percentile(samples, 0.99) == pytest.approx(cuts[98], rel=1e-9, abs=1e-9)
    assert percentile(samples, 0.5) == pytest.approx(statistics.median(samples))


@pytest.mark.parametrize(
    ("samples", "fraction"),
    [([], 0.5), ([1.0], -0.1), ([1.0], 1.5)],
    ids=["no-samples", "below-zero", "above-one"],
)
def test_percentile_refuses_what_has_no_meaning(samples: list[float], fraction: float) -> None:
    with pytest.raises(StatisticsError):
        percentile(samples, fraction)


def test_a_summary_holds_every_statistic_of_its_samples() -> None:
    summary = Summary.of(ONE_TO_HUNDRED)
    assert summary.n == 100
    assert (summary.min, summary.max) == (1.0, 100.0)
    assert summary.median == pytest.approx(50.5)
    assert summary.p95 == pytest.approx(95.05)
    assert summary.p99 == pytest.approx(99.01)
    assert summary.mean == pytest.approx(50.5)


@given(finite_samples)
def test_a_summary_is_ordered_from_min_to_max(samples: list[float]) -> None:
    summary = Summary.of(samples)
    assert summary.min <= summary.median <= summary.p95 <= summary.p99 <= summary.max
    assert summary.min <= summary.mean * (1 + 1e-12) + 1e-9
    assert summary.mean <= summary.max * (1 + 1e-12) + 1e-9


@pytest.mark.parametrize(
    "samples", [[], [1.0, math.nan], [math.inf]], ids=["empty", "nan", "infinite"]
)
def test_a_summary_refuses_no_samples_or_non_finite_ones(samples: list[float]) -> None:
    with pytest.raises(StatisticsError):
        Summary.of(samples)


def test_a_summary_rounds_its_json_but_keeps_the_count_whole() -> None:
    written = Summary.of([1.23456, 2.34567]).to_json()
    assert written["n"] == 2
    assert written["min"] == 1.235
    assert written["max"] == 2.346
    assert list(written) == ["n", "min", "median", "p95", "p99", "max", "mean"]


def test_p50_is_another_name_for_the_median() -> None:
    summary = Summary.of([1.0, 2.0, 9.0]).to_json()
    assert statistic(summary, "p50") == statistic(summary, "median") == 2.0


@pytest.mark.parametrize("name", ["p42", "n", "average"], ids=["p42", "count", "average"])
def test_an_unknown_statistic_is_an_error_that_lists_the_known_ones(name: str) -> None:
    with pytest.raises(StatisticsError, match="use one of min, median, p95, p99, max, mean, p50"):
        statistic(Summary.of([1.0]).to_json(), name)


def test_a_ratio_divides_the_first_number_by_the_second() -> None:
    assert ratio(450.0, 300.0) == pytest.approx(1.5)
    assert ratio(0.0, 3.0) == 0.0


@pytest.mark.parametrize(
    ("numerator", "denominator"),
    [(1.0, 0.0), (1.0, -2.0), (-1.0, 2.0), (math.nan, 1.0), (1.0, math.inf)],
    ids=["zero-denominator", "negative-denominator", "negative-numerator", "nan", "infinite"],
)
def test_a_ratio_of_durations_refuses_meaningless_numbers(
    numerator: float, denominator: float
) -> None:
    with pytest.raises(StatisticsError):
        ratio(numerator, denominator)
