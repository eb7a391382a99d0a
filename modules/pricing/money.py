"""Amounts and quantities written the way each course language writes them.

One function per kind of number, each taking the language:

- Spanish: `1 067,04 US$` — decimal comma, thousands grouped by a narrow no-break space
  (U+202F, the RAE and ISO 80000 grouping; a dot would read as a decimal point to anyone
  switching between the two languages) and a no-break space before `US$`.
- English: `$1,067.04`.

Display rule for computed costs, so that a non-zero cost never reads as zero:

- exactly zero is `0,00 US$` / `$0.00`;
- one dollar or more is rounded to the cent;
- below one dollar, two significant digits, never fewer than two decimals
  (`0,062 US$`, `0,0053 US$`, `0,00000083 US$`, `0,62 US$`).

Rounding is half-up, as people round by hand. Prices are shown exactly (`exact=True`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from modules.i18n import check_language
from modules.pricing.errors import InvalidInput

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"

_SEPARATORS = {
    # lang: (thousands, decimal)
    "es": (NARROW_NBSP, ","),
    "en": (",", "."),
}
CENT = Decimal("0.01")


def _decimal(value: Decimal | int, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise InvalidInput(f"{what} must be a Decimal or an int, not {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise InvalidInput(f"{what} must be finite, not {number}")
    if number < 0:
        raise InvalidInput(f"{what} must not be negative, not {number}")
    return number


def _strip_after_cents(number: Decimal) -> Decimal:
    """Drop trailing zeros after the second decimal (0.020 -> 0.02, 0.0530 -> 0.053)."""
    # Finite numbers only reach here, so the exponent is an int (never 'n', 'N' or 'F').
    if int(number.as_tuple().exponent) < -2:
        number = number.normalize()
    if int(number.as_tuple().exponent) > -2:
        number = number.quantize(CENT)
    return number


def display_round(amount: Decimal) -> Decimal:
    """Round a cost for display: cents from one dollar up, two significant digits below."""
    amount = _decimal(amount, "an amount")
    if amount == 0:
        return Decimal("0.00")
    if amount >= 1:
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    # adjusted() is the exponent of the first significant digit: 0.0417 -> -2.
    places = min(amount.adjusted() - 1, -2)
    rounded = amount.quantize(Decimal(1).scaleb(places), rounding=ROUND_HALF_UP)
    return _strip_after_cents(rounded)


def _digits(number: Decimal, lang: str) -> str:
    thousands, point = _SEPARATORS[check_language(lang, InvalidInput)]
    whole, _, fraction = f"{number:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", thousands)
    return f"{grouped}{point}{fraction}" if fraction else grouped


def format_usd(amount: Decimal | int, lang: str, *, exact: bool = False) -> str:
    """Write an amount of US dollars in lang; exact keeps every digit (for prices)."""
    amount = _decimal(amount, "an amount")
    shown = _strip_after_cents(amount) if exact else display_round(amount)
    digits = _digits(shown, lang)
    return f"{digits}{NBSP}US$" if lang == "es" else f"${digits}"


def format_number(value: Decimal | int, lang: str) -> str:
    """Write a quantity in lang: whole numbers grouped, others by the display rule."""
    number = _decimal(value, "a quantity")
    if number == number.to_integral_value():
        return _digits(number.quantize(Decimal(1)), lang)
    if number >= 1:
        number = number.quantize(CENT, rounding=ROUND_HALF_UP).normalize()
        return _digits(number, lang)
    return _digits(display_round(number), lang)


def format_percent(ratio: Decimal, lang: str) -> str:
    """Write a ratio (0.2) as a percentage in lang, to at most one decimal (20 %, 20%)."""
    percent = (_decimal(ratio, "a ratio") * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
    if percent == percent.to_integral_value():
        percent = percent.quantize(Decimal(1))
    digits = _digits(percent, lang)
    # Spanish puts a (no-break) space before the percent sign; English does not.
    return f"{digits}{NBSP}%" if lang == "es" else f"{digits}%"
