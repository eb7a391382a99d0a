"""The pricing macros, rendered through Jinja as the pages call them, in each page's language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import jinja2
import pytest

from modules import site_macros
from modules.pricing import formulas
from modules.pricing.errors import InvalidInput, UnknownEntry
from modules.pricing.money import NARROW_NBSP, NBSP, format_usd
from modules.pricing.table import ALLOWANCES, PRICES


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
        self.page = FakePage(FakeFile("es/reference/costs.md"))

    def macro(self, fn: Any, name: str = "") -> Any:
        self.macros[name or fn.__name__] = fn
        return fn

    def on(self, src_uri: str) -> FakeEnv:
        self.page = FakePage(FakeFile(src_uri))
        return self

    def render(self, template: str) -> str:
        jinja = jinja2.Environment(undefined=jinja2.StrictUndefined)
        return jinja.from_string(template).render(**self.variables, **self.macros)


@pytest.fixture
def env() -> FakeEnv:
    """The site's own define_env, so the page language comes from its `current()` helper."""
    fake = FakeEnv()
    site_macros.define_env(fake)
    return fake


PAGES = {"es": "es/reference/costs.md", "en": "en/modules/3-lambda.md"}


# What each macro call renders: id -> (template, {language: text}).
MACRO_CASES = {
    "lambda-arm64-100k": (
        (
            "{{ cost.lambda_monthly(requests=100_000, memory_mb=128, "
            'duration_ms=200, arch="arm64") }}'
        ),
        {"es": "0,053 US$", "en": "$0.053"},
    ),
    "lambda-x86-100k": (
        '{{ cost.lambda_monthly(requests=100_000, arch="x86_64") }}',
        {"es": "0,062 US$", "en": "$0.062"},
    ),
    "compute-100ms-512mb-x86": (
        (
            "{{ cost.lambda_compute_charge(requests=1, "
            'memory_mb=512, duration_ms=100, arch="x86_64") }}'
        ),
        {"es": "0,00000083 US$", "en": "$0.00000083"},
    ),
    "lambda-requests-100k": (
        "{{ cost.lambda_requests_charge(requests=100_000) }}",
        {"es": "0,02 US$", "en": "$0.02"},
    ),
    "lambda-always-free": (
        '{{ cost.lambda_monthly(requests=100_000, free_tier="always-free") }}',
        {"es": "0,00 US$", "en": "$0.00"},
    ),
    "stack-10k": (
        "{{ cost.stack_monthly(requests=10_000) }}",
        {"es": "0,051 US$", "en": "$0.051"},
    ),
    "throttled-day-x86": (
        '{{ cost.throttled_ceiling(rate_per_s=100, period="day", arch="x86_64") }}',
        {"es": "44,99 US$", "en": "$44.99"},
    ),
    "quota-day": (
        '{{ cost.quota_ceiling(quota_per_day=10_000, period="day") }}',
        {"es": "0,051 US$", "en": "$0.051"},
    ),
    "service-throttled-api": (
        '{{ cost.service("throttled", "api_gateway", rate_per_s=100) }}',
        {"es": "30,24 US$", "en": "$30.24"},
    ),
    "service-stack-dynamodb": (
        '{{ cost.service("stack", "dynamodb", requests=10_000, arch="x86_64") }}',
        {"es": "0,0063 US$", "en": "$0.0063"},
    ),
    "arm64-saving": (
        "{{ cost.arm64_saving(requests=100_000) }}",
        {"es": "0,0083 US$", "en": "$0.0083"},
    ),
    "arm64-saving-ratio": (
        "{{ cost.arm64_saving_ratio() }}",
        {"es": "20 %", "en": "20%"},
    ),
    "x86-premium-ratio": (
        "{{ cost.x86_premium_ratio() }}",
        {"es": "25 %", "en": "25%"},
    ),
    "data-transfer-150gb": (
        "{{ cost.data_transfer_out(gb=150) }}",
        {"es": "13,50 US$", "en": "$13.50"},
    ),
    "s3-state-bucket": (
        "{{ cost.s3_monthly(storage_gb=0.001, put_requests=100, get_requests=1000) }}",
        {"es": "0,00092 US$", "en": "$0.00092"},
    ),
    "gb-seconds": (
        "{{ cost.gb_seconds(requests=100_000, memory_mb=128, duration_ms=200) }}",
        {"es": "2 500", "en": "2,500"},
    ),
    "throttled-requests": (
        '{{ cost.throttled_requests(rate_per_s=100, period="day") }}',
        {"es": "8 640 000", "en": "8,640,000"},
    ),
    "assumption": (
        '{{ cost.assumption("duration_ms") }}',
        {"es": "200", "en": "200"},
    ),
    "price-lambda-requests": (
        '{{ price("lambda_requests") }}',
        {"es": "0,20 US$ por millón de peticiones", "en": "$0.20 per million requests"},
    ),
    "price-arm64": (
        '{{ price("lambda_duration_arm64") }}',
        {"es": "0,0000133334 US$ por GB-s", "en": "$0.0000133334 per GB-s"},
    ),
    "price-s3-get": (
        '{{ price("s3_get_requests") }}',
        {"es": "0,0004 US$ por cada 1 000 peticiones", "en": "$0.0004 per 1,000 requests"},
    ),
    "price-dynamodb-storage": (
        '{{ price("dynamodb_storage") }}',
        {"es": "0,25 US$ por GB-mes", "en": "$0.25 per GB-month"},
    ),
    "allowance-compute": (
        '{{ allowance("lambda_compute") }}',
        {"es": "400 000 GB-s al mes", "en": "400,000 GB-s a month"},
    ),
    "allowance-credits": (
        '{{ allowance("new_account_credits") }}',
        {"es": "200,00 US$ en créditos", "en": "$200.00 in credits"},
    ),
    "allowance-provisioned": (
        '{{ allowance("dynamodb_provisioned_writes") }}',
        {"es": "25 WCU", "en": "25 WCU"},
    ),
}


@pytest.mark.parametrize("case", MACRO_CASES)
@pytest.mark.parametrize("lang", ["es", "en"])
def test_each_macro_writes_in_the_page_language(env: FakeEnv, lang: str, case: str) -> None:
    template, expected = MACRO_CASES[case]
    # The Spanish expectations are written with plain spaces for legibility.
    want = expected[lang]
    if lang == "es":
        want = want.replace(" US$", f"{NBSP}US$").replace(" %", f"{NBSP}%")
        want = _group_spanish(want)
    assert env.on(PAGES[lang]).render(template) == want


def _group_spanish(text: str) -> str:
    """Turn the plain spaces between digit groups into narrow no-break spaces."""
    return re.sub(r"(?<=\d) (?=\d{3}\b)", NARROW_NBSP, text)


def test_the_macro_equals_the_formula_it_wraps(env: FakeEnv) -> None:
    computed = formulas.lambda_monthly(250_000, 256, 120, "arm64")
    rendered = env.on("en/index.md").render(
        '{{ cost.lambda_monthly(requests=250_000, memory_mb=256, duration_ms=120, arch="arm64") }}'
    )
    assert rendered == format_usd(computed, "en")


def test_the_same_macros_follow_the_page_from_one_language_to_the_other(env: FakeEnv) -> None:
    template = "{{ cost.stack_monthly(requests=100_000) }}"
    assert env.on("es/index.md").render(template) == f"0,51{NBSP}US$"
    assert env.on("en/index.md").render(template) == "$0.51"


def table_rows(markdown: str) -> list[list[str]]:
    """Split a Markdown table into its rows of cells (header and separator included)."""
    return [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in markdown.strip().splitlines()
    ]


def test_the_stack_table_has_one_row_per_charge_and_a_total(env: FakeEnv) -> None:
    rows = table_rows(env.on("en/index.md").render('{{ cost.table("stack", requests=10_000) }}'))
    assert rows[0] == ["Service", "Item", "Usage", "Cost"]
    assert rows[1] == [":---", ":---", ":---", "---:"]
    assert rows[2] == ["Amazon API Gateway", "REST API calls", "10,000 requests", "$0.035"]
    assert rows[4] == ["AWS Lambda", "Compute arm64", "250 GB-s", "$0.0033"]
    assert rows[-1] == ["**Total per month**", "", "", "**$0.051**"]
    assert len(rows) == 2 + 5 + 1


def test_the_throttled_table_is_per_day_or_per_month_in_spanish(env: FakeEnv) -> None:
    page = env.on("es/index.md")
    day = table_rows(page.render('{{ cost.table("throttled", rate_per_s=100) }}'))
    month = table_rows(page.render('{{ cost.table("throttled", rate_per_s=100, period="month") }}'))
    assert day[0] == ["Servicio", "Concepto", "Uso", "Coste"]
    assert day[-1][0] == "**Total al día**"
    assert month[-1][0] == "**Total al mes**"
    assert day[2][2] == f"8{NARROW_NBSP}640{NARROW_NBSP}000 peticiones"


def test_the_quota_table_counts_only_the_quota(env: FakeEnv) -> None:
    rows = table_rows(
        env.on("en/index.md").render('{{ cost.table("quota", quota_per_day=10_000) }}')
    )
    assert rows[2][2] == "10,000 requests"
    assert rows[-1][0] == "**Total per day**"


def test_the_price_table_lists_every_price_with_unit_date_and_source(env: FakeEnv) -> None:
    rows = table_rows(env.on("en/index.md").render("{{ price_table() }}"))
    assert rows[0] == ["Service", "Item", "Price", "Unit", "Tier", "Checked", "Source"]
    body = rows[2:]
    assert len(body) == len(PRICES)
    for row, entry in zip(body, PRICES, strict=True):
        assert row[2] == format_usd(entry.usd, "en", exact=True)
        assert row[3].startswith("per ")
        assert row[5] == entry.checked.isoformat()
        assert row[6].endswith(f"({entry.source})")


def test_the_free_tier_table_puts_always_free_before_time_limited_offers(env: FakeEnv) -> None:
    rows = table_rows(env.on("es/index.md").render("{{ free_tier_table() }}"))
    kinds = [row[3] for row in rows[2:]]
    assert len(kinds) == len(ALLOWANCES)
    last_always_free = max(i for i, k in enumerate(kinds) if k == "Siempre gratis")
    first_limited = min(i for i, k in enumerate(kinds) if k != "Siempre gratis")
    assert last_always_free < first_limited
    assert kinds[-1] == "Créditos (cuentas nuevas)"


@pytest.mark.parametrize(
    ("template", "error", "message"),
    [
        ('{{ cost.table("weekly", requests=1) }}', InvalidInput, "scenario must be one of"),
        ('{{ cost.lambda_monthly(requests=1, arch="x86") }}', InvalidInput, "arch must be"),
        ("{{ cost.stack_monthly(requests=-1) }}", InvalidInput, "requests must be"),
        ('{{ cost.service("stack", "ec2", requests=1) }}', InvalidInput, "service must be"),
        ('{{ cost.assumption("region") }}', InvalidInput, "assumption must be one of"),
        ('{{ price("lambda_invocations") }}', UnknownEntry, "known prices"),
        ('{{ allowance("free_lunch") }}', UnknownEntry, "known allowances"),
        ("{{ cost.usd(3.5) }}", jinja2.UndefinedError, "usd"),
    ],
    ids=[
        "unknown-scenario",
        "unknown-arch",
        "negative-requests",
        "unknown-service",
        "unknown-assumption",
        "unknown-price",
        "unknown-allowance",
        "no-way-to-format-a-typed-amount",
    ],
)
def test_a_wrong_call_raises_so_the_strict_build_stops(
    env: FakeEnv, template: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        env.render(template)


def test_register_exposes_exactly_the_documented_names(env: FakeEnv) -> None:
    assert {"price", "allowance", "price_table", "free_tier_table"} <= set(env.macros)
    assert "cost" in env.variables


def test_a_decimal_argument_from_python_is_accepted(env: FakeEnv) -> None:
    cost = env.on("en/index.md").variables["cost"]
    assert cost.throttled_requests(Decimal("0.5")) == "43,200"
