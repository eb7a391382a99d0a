"""The price table: complete, sourced, dated, and equal to the public list prices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from modules.pricing.errors import UnknownEntry
from modules.pricing.table import (
    ALLOWANCES,
    PRICES,
    REGION,
    Allowance,
    AllowanceKind,
    Price,
    Unit,
    allowance,
    price,
)

# The public list prices of us-east-1 the course relies on: (USD, per, unit).
LIST_PRICES = {
    "lambda_requests": ("0.20", 1_000_000, Unit.REQUEST),
    "lambda_duration_x86_64": ("0.0000166667", 1, Unit.GB_SECOND),
    "lambda_duration_arm64": ("0.0000133334", 1, Unit.GB_SECOND),
    "lambda_snapstart_cache": ("0.0000015046", 1, Unit.GB_SECOND),
    "lambda_snapstart_restore": ("0.0001397998", 1, Unit.GB),
    "dynamodb_write_request_units": ("0.625", 1_000_000, Unit.WRITE_REQUEST_UNIT),
    "dynamodb_read_request_units": ("0.125", 1_000_000, Unit.READ_REQUEST_UNIT),
    "dynamodb_storage": ("0.25", 1, Unit.GB_MONTH),
    "s3_standard_storage": ("0.023", 1, Unit.GB_MONTH),
    "s3_put_requests": ("0.005", 1_000, Unit.REQUEST),
    "s3_get_requests": ("0.0004", 1_000, Unit.REQUEST),
    "api_gateway_rest_requests": ("3.50", 1_000_000, Unit.REQUEST),
    "api_gateway_http_requests": ("1.00", 1_000_000, Unit.REQUEST),
    "cloudwatch_logs_ingestion": ("0.50", 1, Unit.GB),
    "cloudwatch_logs_storage": ("0.03", 1, Unit.GB_MONTH),
    "data_transfer_out_internet": ("0.09", 1, Unit.GB),
    "cognito_lite_mau": ("0.0055", 1, Unit.MAU),
    "cognito_essentials_mau": ("0.015", 1, Unit.MAU),
    "cognito_plus_mau": ("0.020", 1, Unit.MAU),
}

ENTRIES = [*PRICES, *ALLOWANCES]


def entry_id(entry: Price | Allowance) -> str:
    return f"{type(entry).__name__.lower()}-{entry.key}"


def test_the_table_is_for_us_east_1() -> None:
    assert REGION == "us-east-1"


def test_every_course_price_is_in_the_table_and_nothing_else() -> None:
    assert sorted(p.key for p in PRICES) == sorted(LIST_PRICES)


@pytest.mark.parametrize("key", LIST_PRICES)
def test_each_price_equals_the_public_list_price(key: str) -> None:
    usd, per, unit = LIST_PRICES[key]
    entry = price(key)
    assert (entry.usd, entry.per, entry.unit) == (Decimal(usd), per, unit)


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_every_entry_has_a_unit_a_check_date_and_an_https_aws_source(entry) -> None:
    assert isinstance(entry.unit, Unit)
    assert isinstance(entry.checked, date)
    assert entry.checked <= date.today()
    source = urlsplit(entry.source)
    assert source.scheme == "https"
    assert source.netloc == "aws.amazon.com"
    assert source.path.endswith("/")


@pytest.mark.parametrize("entry", ENTRIES, ids=entry_id)
def test_every_entry_is_labelled_in_both_languages(entry) -> None:
    assert entry.label.es.strip() and entry.label.en.strip()


@pytest.mark.parametrize("entry", PRICES, ids=entry_id)
def test_every_price_is_a_positive_decimal_with_its_tier(entry: Price) -> None:
    assert isinstance(entry.usd, Decimal) and entry.usd > 0
    assert entry.per > 0
    assert entry.tier.es.strip() and entry.tier.en.strip()
    assert entry.since is None or entry.since <= entry.checked


def test_keys_are_unique() -> None:
    assert len({p.key for p in PRICES}) == len(PRICES)
    assert len({a.key for a in ALLOWANCES}) == len(ALLOWANCES)


def test_dynamodb_on_demand_prices_date_from_the_november_2024_cut() -> None:
    for key in ("dynamodb_write_request_units", "dynamodb_read_request_units"):
        assert price(key).since == date(2024, 11, 1)


def test_arm64_compute_is_twenty_percent_cheaper_than_x86_64() -> None:
    x86 = price("lambda_duration_x86_64").usd
    arm = price("lambda_duration_arm64").usd
    assert ((x86 - arm) / x86).quantize(Decimal("0.0001")) == Decimal("0.2000")


ALWAYS_FREE = {
    "lambda_requests": (1_000_000, Unit.REQUEST),
    "lambda_compute": (400_000, Unit.GB_SECOND),
    "dynamodb_storage": (25, Unit.GB),
    "dynamodb_provisioned_writes": (25, Unit.WRITE_CAPACITY_UNIT),
    "dynamodb_provisioned_reads": (25, Unit.READ_CAPACITY_UNIT),
    "cloudwatch_logs": (5, Unit.GB),
    "data_transfer_out": (100, Unit.GB),
    "cognito_mau": (10_000, Unit.MAU),
}


@pytest.mark.parametrize("key", ALWAYS_FREE)
def test_always_free_allowances_are_the_published_ones(key: str) -> None:
    quantity, unit = ALWAYS_FREE[key]
    entry = allowance(key)
    assert entry.kind is AllowanceKind.ALWAYS_FREE
    assert (entry.quantity, entry.unit) == (quantity, unit)


def test_always_free_is_kept_apart_from_twelve_month_and_credit_offers() -> None:
    kinds = {a.key: a.kind for a in ALLOWANCES}
    assert kinds["api_gateway_rest_calls"] is AllowanceKind.TWELVE_MONTHS
    assert kinds["s3_standard_storage"] is AllowanceKind.TWELVE_MONTHS
    assert kinds["new_account_credits"] is AllowanceKind.CREDITS
    assert {k for k, kind in kinds.items() if kind is AllowanceKind.ALWAYS_FREE} == set(ALWAYS_FREE)


def test_twelve_month_offers_name_the_july_2025_cut_off() -> None:
    for entry in ALLOWANCES:
        if entry.kind is not AllowanceKind.ALWAYS_FREE:
            assert "15 July 2025" in entry.conditions.en
            assert "15 de julio de 2025" in entry.conditions.es


def test_new_account_credits_are_a_one_off_amount_in_dollars() -> None:
    credits = allowance("new_account_credits")
    assert (credits.quantity, credits.unit, credits.monthly) == (200, Unit.USD, False)


def test_provisioned_allowances_say_they_do_not_cover_on_demand() -> None:
    for key in ("dynamodb_provisioned_writes", "dynamodb_provisioned_reads"):
        assert "on-demand" in allowance(key).conditions.en
        assert "bajo demanda" in allowance(key).conditions.es


def test_an_unknown_price_is_a_clear_error() -> None:
    with pytest.raises(UnknownEntry, match="known prices: lambda_requests"):
        price("lambda_invocations")


def test_an_unknown_allowance_is_a_clear_error() -> None:
    with pytest.raises(UnknownEntry, match="known allowances: lambda_requests"):
        allowance("free_lunch")
