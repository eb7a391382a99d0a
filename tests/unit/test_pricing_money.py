"""Amounts per language from one function, and a display rule that never shows a cost as zero."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modules.pricing.errors import InvalidInput
from modules.pricing.money import (
    NARROW_NBSP,
    NBSP,
    display_round,
    format_number,
    format_percent,
    format_usd,
)

ES_GROUP = NARROW_NBSP


@pytest.mark.parametrize(
    ("amount", "en", "es"),
    [
        ("0", "$0.00", "0,00 US$"),
        ("0.05", "$0.05", "0,05 US$"),
        ("0.02", "$0.02", "0,02 US$"),
        ("0.002", "$0.002", "0,002 US$"),
        ("0.035", "$0.035", "0,035 US$"),
        ("0.06166675", "$0.062", "0,062 US$"),
        ("0.0533335", "$0.053", "0,053 US$"),
        ("0.00625", "$0.0063", "0,0063 US$"),
        ("0.6166675", "$0.62", "0,62 US$"),
        ("0.000000833335", "$0.00000083", "0,00000083 US$"),
        ("0.995", "$1.00", "1,00 US$"),
        ("0.0995", "$0.10", "0,10 US$"),
        ("5.3280072", "$5.33", "5,33 US$"),
        ("35.5680072", "$35.57", "35,57 US$"),
        ("1067", "$1,067.00", f"1{ES_GROUP}067,00 US$"),
        ("1067.04216", "$1,067.04", f"1{ES_GROUP}067,04 US$"),
        ("1234567.891", "$1,234,567.89", f"1{ES_GROUP}234{ES_GROUP}567,89 US$"),
    ],
    ids=lambda v: v if isinstance(v, str) and v[0].isdigit() else None,
)
def test_amounts_are_written_in_each_language(amount: str, en: str, es: str) -> None:
    assert format_usd(Decimal(amount), "en") == en
    assert format_usd(Decimal(amount), "es") == es.replace(" US$", f"{NBSP}US$")


def test_spanish_keeps_the_amount_and_its_currency_on_one_line() -> None:
    text = format_usd(Decimal("1067"), "es")
    assert " " not in text
    assert text.endswith(f"{NBSP}US$")


def test_an_int_is_an_amount_too() -> None:
    assert format_usd(3, "en") == "$3.00"


@pytest.mark.parametrize(
    ("price", "en", "es"),
    [
        ("0.0000166667", "$0.0000166667", "0,0000166667 US$"),
        ("3.50", "$3.50", "3,50 US$"),
        ("0.0004", "$0.0004", "0,0004 US$"),
        ("200", "$200.00", "200,00 US$"),
        ("0.0200", "$0.02", "0,02 US$"),
    ],
    ids=["ten-decimals", "cents", "four-decimals", "whole", "trailing-zeros"],
)
def test_exact_prices_keep_every_digit(price: str, en: str, es: str) -> None:
    assert format_usd(Decimal(price), "en", exact=True) == en
    assert format_usd(Decimal(price), "es", exact=True) == es.replace(" ", NBSP)


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("0", "0.00"),
        ("1", "1.00"),
        ("0.999", "1.00"),
        ("0.004", "0.004"),
        ("0.0041", "0.0041"),
        ("0.00415", "0.0042"),
        ("0.00625", "0.0063"),
        ("12.345", "12.35"),
        ("0.000000000001", "0.000000000001"),
    ],
    ids=lambda v: v,
)
def test_the_display_rule_is_cents_from_a_dollar_and_two_significant_digits_below(
    amount: str, shown: str
) -> None:
    assert f"{display_round(Decimal(amount)):f}" == shown


@given(
    st.decimals(
        min_value=Decimal("1e-12"),
        max_value=Decimal("1e9"),
        allow_nan=False,
        allow_infinity=False,
        places=14,
    ).filter(lambda d: d > 0)
)
def test_a_non_zero_cost_never_reads_as_zero(amount: Decimal) -> None:
    shown = display_round(amount)
    assert shown > 0
    assert any(c in "123456789" for c in format_usd(amount, "en"))
    assert any(c in "123456789" for c in format_usd(amount, "es"))
    # Two significant digits are within 5% of the amount; cents within half a cent.
    tolerance = Decimal("0.005") if amount >= 1 else amount / 20
    assert abs(shown - amount) <= tolerance


@given(st.decimals(min_value=0, max_value=Decimal("1e12"), allow_nan=False, places=6))
def test_both_languages_show_the_same_digits(amount: Decimal) -> None:
    en = format_usd(amount, "en").removeprefix("$").replace(",", "")
    es = format_usd(amount, "es").removesuffix(f"{NBSP}US$").replace(ES_GROUP, "")
    assert es.replace(",", ".") == en


@pytest.mark.parametrize(
    ("value", "en", "es"),
    [
        (2_500, "2,500", f"2{ES_GROUP}500"),
        (Decimal("2500.000"), "2,500", f"2{ES_GROUP}500"),
        (8_640_000, "8,640,000", f"8{ES_GROUP}640{ES_GROUP}000"),
        (Decimal("8.046627"), "8.05", "8,05"),
        (Decimal("2.5"), "2.5", "2,5"),
        (Decimal("0.0093132"), "0.0093", "0,0093"),
        (0, "0", "0"),
        (128, "128", "128"),
    ],
    ids=["int", "decimal-whole", "millions", "two-decimals", "one-decimal", "small", "zero", "128"],
)
def test_quantities_are_grouped_per_language(value, en: str, es: str) -> None:
    assert format_number(value, "en") == en
    assert format_number(value, "es") == es


@pytest.mark.parametrize(
    ("ratio", "en", "es"),
    [("0.1999976", "20%", "20 %"), ("0.135", "13.5%", "13,5 %"), ("1", "100%", "100 %")],
    ids=["twenty", "one-decimal", "whole"],
)
def test_percentages_follow_each_language(ratio: str, en: str, es: str) -> None:
    assert format_percent(Decimal(ratio), "en") == en
    assert format_percent(Decimal(ratio), "es") == es.replace(" ", NBSP)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: format_usd(Decimal("-0.01"), "en"), "must not be negative"),
        (lambda: format_usd(0.05, "en"), "must be a Decimal or an int, not float"),
        (lambda: format_usd(True, "en"), "not bool"),
        (lambda: format_usd(Decimal("NaN"), "en"), "must be finite"),
        (lambda: format_usd(Decimal(1), "fr"), "unknown language 'fr'"),
        (lambda: format_number(Decimal(1), "de"), "unknown language 'de'"),
    ],
    ids=["negative", "float", "bool", "nan", "unknown-language", "unknown-language-number"],
)
def test_bad_amounts_are_clear_errors(call, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        call()
