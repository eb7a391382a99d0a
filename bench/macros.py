"""The bench macros of the pages (mkdocs-macros): measured numbers, in the page's language.

In a page:

    {{ bench.cold_ms("ours", "median") }}        Init Duration + Duration of a cold start
    {{ bench.cold_ms("ours", "p95", "init") }}   metric: total, init, duration, wall
    {{ bench.warm_ms("ours", "p95") }}           REPORT Duration of a warm call (or "wall")
    {{ bench.warm_ms("dynamodb", "p50") }}       PutItem alone; metrics get, put_get too
    {{ bench.ratio("cold", "ours", "floor") }}   median cold starts; "warm": p50 Durations
    {{ bench.memory_mb("ours") }}                Max Memory Used at a cold start (median)
    {{ bench.zip_kb() }}                         size of build/lambda.zip in KiB
    {{ bench.site_s("build") }}                  strict build of both languages, seconds
    {{ bench.samples("warm") }}                  how many samples (cold, warm, site)
    {{ bench.date() }}  {{ bench.machine() }}    when and where it was measured
    {{ bench.python() }}                         the Python the functions ran on (3.13.0)
    {{ bench.chart() }}                          results.png inlined as a data: URI image

Numbers come from bench/results.json (or the file named by BENCH_RESULTS, which the bench
sets for the site builds it times). Durations and sizes show three significant digits,
ratios two decimals. A missing number stops the strict build with a MissingResult that
names it and says to run `make bench`.
"""

from __future__ import annotations

import base64
import math
import os
from collections.abc import Callable, Mapping
from datetime import date as Date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from bench.results import MissingResult, compute_ratio, load, lookup, summary_value
from bench.stats import StatisticsError, statistic
from modules.catalog import LANGUAGES
from modules.pricing.money import NARROW_NBSP, NBSP

RESULTS = Path(__file__).resolve().parent / "results.json"
RESULTS_VARIABLE = "BENCH_RESULTS"
KIB = 1024
SEPARATORS = {"es": (NARROW_NBSP, ","), "en": (",", ".")}  # (thousands, decimal)
MONTHS = {
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
WORDS = {
    "es": {
        "cores": "núcleos",
        "core": "núcleo",
        "memory": "de memoria",
        "on": "en",
        "chart": "Arranques en frío y percentiles de las llamadas en caliente, en milisegundos",
    },
    "en": {
        "cores": "cores",
        "core": "core",
        "memory": "of memory",
        "on": "on",
        "chart": "Cold starts and warm-call percentiles, in milliseconds",
    },
}


def check_language(lang: str) -> str:
    """Return lang if the course is written in it; raise MissingResult otherwise."""
    if lang not in LANGUAGES:
        raise MissingResult(f"no bench wording for language {lang!r}: use {', '.join(LANGUAGES)}")
    return lang


def _digits(number: Decimal, lang: str) -> str:
    thousands, point = SEPARATORS[check_language(lang)]
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", thousands)
    return f"{sign}{grouped}{point}{fraction}" if fraction else f"{sign}{grouped}"


def format_significant(value: float, lang: str, significant: int = 3) -> str:
    """Write value with `significant` significant digits (whole numbers kept whole) in lang.

    412.34 -> 412, 45.67 -> 45.7 (es 45,7), 4.567 -> 4.57, 1234.5 -> 1,235 (es 1 235), 50 -> 50.
    """
    if not math.isfinite(value):
        raise MissingResult(f"the bench results hold a number that is not finite: {value}")
    if value == int(value):
        return _digits(Decimal(int(value)), lang)
    magnitude = math.floor(math.log10(abs(value)))
    rounded = _round(value, max(0, significant - 1 - magnitude))
    if abs(rounded) >= 10 ** (magnitude + 1):
        # Rounding carried into a new digit (99.95 -> 100.0): one decimal fewer.
        rounded = _round(value, max(0, significant - 2 - magnitude))
    return _digits(rounded, lang)


def _round(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_fixed(value: float, lang: str, places: int = 2) -> str:
    """Write value with exactly `places` decimals in lang: 2.5 -> 2.50 (es 2,50)."""
    if not math.isfinite(value):
        raise MissingResult(f"the bench results hold a number that is not finite: {value}")
    return _digits(_round(value, places), lang)


def format_date(moment: str, lang: str) -> str:
    """Write an ISO date or timestamp as a date in lang: 28 de noviembre de 2026."""
    day = Date.fromisoformat(moment[:10])
    month = MONTHS[check_language(lang)][day.month - 1]
    if lang == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{day.day} {month} {day.year}"


class BenchMacros:
    """The `bench` object of the pages: each method returns text in the page's language."""

    def __init__(
        self,
        language: Callable[[], str],
        results: Callable[[], Mapping[str, Any]],
        chart_path: Callable[[], Path] = lambda: RESULTS.with_suffix(".png"),
    ) -> None:
        self._language = language
        self._results = results
        self._chart_path = chart_path

    def _data(self) -> Mapping[str, Any]:
        data = self._results()
        if lookup(data, "parameters").get("quick"):
            raise MissingResult(
                "the bench results come from a --quick smoke run, not fit to publish: "
                "run `make bench`"
            )
        return data

    def _stat(self, section: str, variant: str, metric: str, stat: str) -> float:
        try:
            return summary_value(self._data(), section, variant, metric, stat)
        except StatisticsError as error:
            raise MissingResult(f"bench.{section}: {error}") from error

    def _number(self, value: float) -> str:
        return format_significant(value, self._language())

    def cold_ms(self, variant: str, stat: str = "median", metric: str = "total") -> str:
        """A cold start of variant (ours, floor, naive) in ms: total, init, duration or wall."""
        return self._number(self._stat("cold", variant, metric, stat))

    def warm_ms(self, variant: str, stat: str = "median", metric: str = "duration") -> str:
        """A warm call of variant (ours, naive, dynamodb) in ms."""
        return self._number(self._stat("warm", variant, metric, stat))

    def ratio(self, kind: str, numerator: str, denominator: str) -> str:
        """How many times numerator's number is denominator's: cold medians or warm p50s."""
        try:
            value = compute_ratio(self._data(), kind, numerator, denominator)
        except StatisticsError as error:
            raise MissingResult(f"bench.ratio: {error}") from error
        return format_fixed(value, self._language())

    def memory_mb(self, variant: str, stat: str = "median", phase: str = "cold") -> str:
        """Max Memory Used in MB: at a cold start (a statistic), or after the warm calls."""
        if phase == "warm":
            return self._number(float(lookup(self._data(), "warm", variant, "max_memory_used_mb")))
        if phase != "cold":
            raise MissingResult(f"bench.memory_mb: phase is cold or warm, not {phase!r}")
        return self._number(self._stat("cold", variant, "max_memory_used_mb", stat))

    def zip_kb(self, variant: str = "ours") -> str:
        """The zip of variant in KiB (1,024 bytes, as `ls -lh` counts)."""
        return self._number(float(lookup(self._data(), "zip", variant, "bytes")) / KIB)

    def site_s(self, kind: str = "build", stat: str = "median") -> str:
        """The site's strict build (build) or doc-test run (doctest), in seconds."""
        try:
            return self._number(statistic(lookup(self._data(), "site", kind), stat))
        except StatisticsError as error:
            raise MissingResult(f"bench.site_s: {error}") from error

    def samples(self, kind: str) -> str:
        """How many samples stand behind the numbers: cold (rounds), warm (calls), site."""
        names = {"cold": "rounds", "warm": "warm_calls", "site": "site_rounds"}
        if kind not in names:
            raise MissingResult(f"bench.samples: kind is one of {', '.join(names)}, not {kind!r}")
        return self._number(float(lookup(self._data(), "parameters", names[kind])))

    def date(self) -> str:
        """The day the numbers were measured."""
        return format_date(str(lookup(self._data(), "date")), self._language())

    def machine(self) -> str:
        """The machine they were measured on: CPU, cores, memory, the functions' Python, system."""
        lang = self._language()
        words = WORDS[check_language(lang)]
        machine = lookup(self._data(), "machine")
        cores = int(lookup(machine, "cores"))
        parts = [
            str(lookup(machine, "cpu_model")),
            f"{cores} {words['core'] if cores == 1 else words['cores']}",
        ]
        if machine.get("memory_gib"):
            memory = format_significant(float(machine["memory_gib"]), lang)
            parts.append(f"{memory}{NBSP}GiB {words['memory']}")
        # The functions' Python (the runtime's version), not the one that drove the bench.
        python = machine.get("lambda_python") or lookup(machine, "python")
        parts.append(f"Python {python} {words['on']} {lookup(machine, 'system')}")
        return ", ".join(parts)

    def python(self) -> str:
        """The version of the Python the functions ran on: the runtime's, e.g. 3.13.0."""
        return str(lookup(self._data(), "machine", "lambda_python"))

    def chart(self, alt: str | None = None) -> str:
        """The results chart as a Markdown image whose source is the PNG itself (data: URI).

        alt defaults to a description in the page's language.

        The chart lives beside results.json, outside docs/, so the page carries its bytes
        instead of linking a file the site would not serve.
        """
        self._data()  # the same checks as every number: a results file fit to publish
        path = self._chart_path()
        try:
            png = path.read_bytes()
        except FileNotFoundError as error:
            raise MissingResult(f"{path} does not exist: run `make bench` to draw it") from error
        text = alt if alt is not None else WORDS[check_language(self._language())]["chart"]
        text = text.replace("[", "(").replace("]", ")")
        return f"![{text}](data:image/png;base64,{base64.b64encode(png).decode('ascii')})"


def results_path() -> Path:
    """Return the results file the pages read: BENCH_RESULTS if set, else bench/results.json."""
    chosen = os.environ.get(RESULTS_VARIABLE)
    return Path(chosen) if chosen else RESULTS


def register(env: Any, current: Callable[[], tuple[str, str]]) -> None:
    """Expose `bench` to the pages; current() returns the page's (language, path).

    The results file is read once per build, on the first page that asks for a number, so a
    site whose pages quote none builds without it.
    """
    cache: dict[str, Mapping[str, Any]] = {}

    def results() -> Mapping[str, Any]:
        if "data" not in cache:
            cache["data"] = load(results_path())
        return cache["data"]

    env.variables["bench"] = BenchMacros(
        lambda: current()[0], results, lambda: results_path().with_suffix(".png")
    )
