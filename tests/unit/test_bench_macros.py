"""The bench macros, rendered through Jinja as the pages call them, in each page's language."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import pytest

from bench import recording, results
from bench.functions import FunctionCode
from bench.macros import RESULTS_VARIABLE, format_date, format_fixed, format_significant
from bench.measure import ColdSample, WarmSeries
from modules import site_macros
from modules.pricing.money import NARROW_NBSP, NBSP

PAGES = {"es": "es/modules/3-lambda.md", "en": "en/modules/3-lambda.md"}


@dataclass
class FakeFile:
    src_uri: str


@dataclass
class FakePage:
    file: FakeFile
    meta: dict[str, Any] = field(default_factory=dict)


class FakeEnv:
    """What mkdocs-macros hands to define_env: variables, macros and the current page."""

    def __init__(self) -> None:
        self.variables: dict[str, Any] = {}
        self.macros: dict[str, Any] = {}
        self.page = FakePage(FakeFile(PAGES["es"]))

    def macro(self, fn: Any, name: str = "") -> Any:
        self.macros[name or fn.__name__] = fn
        return fn

    def on(self, src_uri: str) -> FakeEnv:
        self.page = FakePage(FakeFile(src_uri))
        return self

    def render(self, template: str) -> str:
        jinja = jinja2.Environment(undefined=jinja2.StrictUndefined)
        return jinja.from_string(template).render(**self.variables, **self.macros)


def measured(**overrides: Any) -> dict[str, Any]:
    """A results file with round numbers: ours 400 + 12.34 ms cold, 5.678 ms warm."""
    arguments: dict[str, Any] = {
        "date": "2026-03-05T10:00:00Z",
        "run_seconds": 100.0,
        "machine": {
            "cpu_model": "Test CPU",
            "cores": 2,
            "memory_gib": 23.4,
            "python": "3.11.2",
            "lambda_python": "3.13.0",
            "system": "Linux",
        },
        "parameters": {"rounds": 30, "warm_calls": 1000, "site_rounds": 3, "quick": False},
        "cold": {
            "ours": [ColdSample(400.0, 12.34, 420.0, 50)] * 2,
            "ours_source": [ColdSample(430.0, 12.34, 450.0, 50)] * 2,
            "floor": [ColdSample(300.0, 0.5, 305.0, 49)] * 2,
            "floor_botocore": [ColdSample(280.0, 0.5, 285.0, 47)] * 2,
            "naive": [ColdSample(1234.5, 0.0, 1240.0, 49)] * 2,
        },
        "warm": {
            "ours": WarmSeries({"duration": [5.678], "wall": [7.0]}, 51),
            "naive": WarmSeries({"duration": [15.0], "wall": [17.0]}, 52),
            "dynamodb": WarmSeries({"duration": [4.0], "get": [3.0], "put_get": [7.0]}),
        },
        "codes": [
            FunctionCode("ours", "h", b"x" * 16988),
            FunctionCode("floor", "h", b"x" * 400),
            FunctionCode("naive", "h", b"x" * 17500),
        ],
        "site": {"build": [3.0], "doctest": [1.5]},
    }
    arguments.update(overrides)
    return recording.build(**arguments)


@pytest.fixture
def results_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the macros read the results (BENCH_RESULTS), holding `measured()`."""
    path = recording.write(measured(), tmp_path / "results.json")
    monkeypatch.setenv(RESULTS_VARIABLE, str(path))
    return path


@pytest.fixture
def env(results_file: Path) -> FakeEnv:
    """The site's own define_env, so the page language comes from its `current()` helper."""
    fake = FakeEnv()
    site_macros.define_env(fake)
    return fake


# What each macro call renders: id -> (template, {language: text}); Spanish groups digits
# with a narrow no-break space, written here as a plain space.
MACRO_CASES = {
    "cold-total-median": ('{{ bench.cold_ms("ours", "median") }}', {"es": "412", "en": "412"}),
    "cold-init": ('{{ bench.cold_ms("ours", "p95", "init") }}', {"es": "400", "en": "400"}),
    "cold-duration": (
        '{{ bench.cold_ms("ours", "median", "duration") }}',
        {"es": "12,3", "en": "12.3"},
    ),
    "cold-grouped": ('{{ bench.cold_ms("naive") }}', {"es": "1 235", "en": "1,235"}),
    "cold-wall": ('{{ bench.cold_ms("floor", "max", "wall") }}', {"es": "305", "en": "305"}),
    "warm-p50": ('{{ bench.warm_ms("ours", "p50") }}', {"es": "5,68", "en": "5.68"}),
    "warm-p95": ('{{ bench.warm_ms("ours", "p95") }}', {"es": "5,68", "en": "5.68"}),
    "warm-wall": ('{{ bench.warm_ms("naive", "p99", "wall") }}', {"es": "17", "en": "17"}),
    "warm-dynamodb": ('{{ bench.warm_ms("dynamodb") }}', {"es": "4", "en": "4"}),
    "ratio-cold": ('{{ bench.ratio("cold", "ours", "floor") }}', {"es": "1,37", "en": "1.37"}),
    "ratio-warm": ('{{ bench.ratio("warm", "ours", "naive") }}', {"es": "0,38", "en": "0.38"}),
    "memory": ('{{ bench.memory_mb("ours") }}', {"es": "50", "en": "50"}),
    "memory-warm": ('{{ bench.memory_mb("naive", phase="warm") }}', {"es": "52", "en": "52"}),
    "zip": ("{{ bench.zip_kb() }}", {"es": "16,6", "en": "16.6"}),
    "zip-naive": ('{{ bench.zip_kb("naive") }}', {"es": "17,1", "en": "17.1"}),
    "site-build": ('{{ bench.site_s("build") }}', {"es": "3", "en": "3"}),
    "site-doctest": ('{{ bench.site_s("doctest", "max") }}', {"es": "1,50", "en": "1.50"}),
    "samples-warm": ('{{ bench.samples("warm") }}', {"es": "1 000", "en": "1,000"}),
    "samples-cold": ('{{ bench.samples("cold") }}', {"es": "30", "en": "30"}),
    "date": ("{{ bench.date() }}", {"es": "5 de marzo de 2026", "en": "5 March 2026"}),
    "machine": (
        "{{ bench.machine() }}",
        {
            "es": "Test CPU, 2 núcleos, 23,4\u00a0GiB de memoria, Python 3.13.0 en Linux",
            "en": "Test CPU, 2 cores, 23.4\u00a0GiB of memory, Python 3.13.0 on Linux",
        },
    ),
    "python": ("{{ bench.python() }}", {"es": "3.13.0", "en": "3.13.0"}),
}


@pytest.mark.parametrize("case", MACRO_CASES)
@pytest.mark.parametrize("lang", ["es", "en"])
def test_each_macro_writes_the_measured_number_in_the_page_language(
    env: FakeEnv, lang: str, case: str
) -> None:
    template, expected = MACRO_CASES[case]
    want = re.sub(r"(?<=\d) (?=\d{3}\b)", NARROW_NBSP, expected[lang])
    assert env.on(PAGES[lang]).render(template) == want


def test_the_ratio_macro_shows_the_ratio_the_results_file_stores(
    env: FakeEnv, results_file: Path
) -> None:
    stored = json.loads(results_file.read_text())["ratios"]["cold"]["ours/naive"]
    assert env.on(PAGES["en"]).render('{{ bench.ratio("cold", "ours", "naive") }}') == (
        f"{stored:.2f}"
    )


# A page asking for something the results do not hold: id -> (template, words of the error).
MISSING_CASES = {
    "variant-without-warm-calls": ('{{ bench.warm_ms("floor") }}', "no warm.floor"),
    "unknown-variant": ('{{ bench.cold_ms("go") }}', "no cold.go"),
    "unknown-metric": ('{{ bench.cold_ms("ours", "median", "billed") }}', "no cold.ours.billed"),
    "unknown-statistic": ('{{ bench.cold_ms("ours", "p42") }}', "unknown statistic 'p42'"),
    "unknown-ratio-kind": ('{{ bench.ratio("hot", "ours", "naive") }}', "cold or warm"),
    "unknown-zip": ('{{ bench.zip_kb("java") }}', "no zip.java"),
    "unknown-site-kind": ('{{ bench.site_s("deploy") }}', "no site.deploy"),
    "unknown-phase": ('{{ bench.memory_mb("ours", phase="idle") }}', "cold or warm"),
    "unknown-samples": ('{{ bench.samples("lukewarm") }}', "kind is one of cold, warm, site"),
}


@pytest.mark.parametrize("case", MISSING_CASES)
def test_asking_for_a_number_the_results_lack_fails_with_what_and_why(
    env: FakeEnv, case: str
) -> None:
    template, words = MISSING_CASES[case]
    with pytest.raises(results.MissingResult, match=words.replace(".", r"\.")):
        env.render(template)


def test_the_missing_number_error_says_to_run_the_bench(env: FakeEnv) -> None:
    with pytest.raises(results.MissingResult, match="run `make bench`"):
        env.render('{{ bench.warm_ms("floor") }}')


def test_results_of_a_quick_smoke_run_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = measured(parameters={"rounds": 2, "warm_calls": 20, "quick": True})
    monkeypatch.setenv(RESULTS_VARIABLE, str(recording.write(quick, tmp_path / "quick.json")))
    fake = FakeEnv()
    site_macros.define_env(fake)
    with pytest.raises(results.MissingResult, match="--quick smoke run"):
        fake.render('{{ bench.cold_ms("ours") }}')


def test_a_run_without_site_timing_fails_only_the_site_macros(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = recording.write(measured(site=None), tmp_path / "no-site.json")
    monkeypatch.setenv(RESULTS_VARIABLE, str(path))
    fake = FakeEnv()
    site_macros.define_env(fake)
    assert fake.render('{{ bench.cold_ms("ours") }}') == "412"
    with pytest.raises(results.MissingResult, match="no site"):
        fake.render("{{ bench.site_s() }}")


def test_pages_that_quote_no_bench_number_build_without_a_results_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RESULTS_VARIABLE, str(tmp_path / "absent.json"))
    fake = FakeEnv()
    site_macros.define_env(fake)
    assert fake.render("plain text") == "plain text"
    with pytest.raises(results.MissingResult, match=r"absent\.json does not exist"):
        fake.render("{{ bench.date() }}")


def test_without_the_variable_the_pages_read_the_committed_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bench import macros

    monkeypatch.delenv(RESULTS_VARIABLE, raising=False)
    assert macros.results_path() == Path(macros.__file__).parent / "results.json"


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (412.34, "en", "412"),
        (45.67, "en", "45.7"),
        (45.67, "es", "45,7"),
        (4.567, "en", "4.57"),
        (0.1234, "en", "0.123"),
        (0.0005, "es", "0,000500"),
        (1234.5, "en", "1,235"),
        (1234.5, "es", f"1{NARROW_NBSP}235"),
        (99.95, "en", "100"),
        (0.0, "en", "0"),
        (50.0, "es", "50"),
    ],
    ids=[
        "hundreds",
        "tens",
        "tens-es",
        "units",
        "below-one",
        "tiny-es",
        "thousands",
        "thousands-es",
        "rounds-up-a-digit",
        "zero",
        "whole",
    ],
)
def test_three_significant_digits_in_each_language(value: float, lang: str, expected: str) -> None:
    assert format_significant(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [(1.3722, "es", "1,37"), (0.375, "en", "0.38"), (12.0, "en", "12.00")],
    ids=["es", "half-up", "whole"],
)
def test_ratios_keep_two_decimals(value: float, lang: str, expected: str) -> None:
    assert format_fixed(value, lang) == expected


def test_a_date_reads_naturally_in_each_language() -> None:
    assert format_date("2026-11-28T21:08:43Z", "es") == "28 de noviembre de 2026"
    assert format_date("2026-01-02", "en") == "2 January 2026"


def test_an_unknown_language_is_an_error() -> None:
    with pytest.raises(results.MissingResult, match="language 'fr'"):
        format_significant(1.5, "fr")


def test_memory_uses_a_no_break_space_before_its_unit(env: FakeEnv) -> None:
    assert f"23,4{NBSP}GiB" in env.on(PAGES["es"]).render("{{ bench.machine() }}")


def test_the_chart_is_inlined_as_a_png_data_uri_with_the_pages_alt_text(
    env: FakeEnv, results_file: Path
) -> None:
    png = b"\x89PNG\r\n\x1a\nchart bytes"
    results_file.with_suffix(".png").write_bytes(png)
    rendered = env.on(PAGES["es"]).render('{{ bench.chart("Arranques en frío [ms]") }}')
    assert rendered == (
        "![Arranques en frío (ms)](data:image/png;base64,"
        + base64.b64encode(png).decode("ascii")
        + ")"
    )


def test_a_missing_chart_says_to_run_the_bench(env: FakeEnv) -> None:
    with pytest.raises(results.MissingResult, match=r"results\.png does not exist.*make bench"):
        env.render('{{ bench.chart("chart") }}')


@pytest.mark.parametrize(
    ("lang", "alt"),
    [
        ("es", "Arranques en frío y percentiles de las llamadas en caliente, en milisegundos"),
        ("en", "Cold starts and warm-call percentiles, in milliseconds"),
    ],
    ids=["es", "en"],
)
def test_the_chart_describes_itself_in_the_page_language_by_default(
    env: FakeEnv, results_file: Path, lang: str, alt: str
) -> None:
    results_file.with_suffix(".png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert env.on(PAGES[lang]).render("{{ bench.chart() }}").startswith(f"![{alt}](data:image/png")
