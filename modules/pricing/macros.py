"""The pricing macros of the pages (mkdocs-macros), each written in the page's language.

In a page:

    {{ cost.lambda_monthly(requests=100_000, memory_mb=128, duration_ms=200, arch="arm64") }}
    {{ cost.stack_monthly(requests=10_000) }}
    {{ cost.throttled_ceiling(rate_per_s=100, period="day") }}
    {{ cost.table("stack", requests=10_000) }}
    {{ price("lambda_requests") }}
    {{ price_table() }}

Every cost is formatted by `money.format_usd`; a wrong argument stops the strict build with
the error's message.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from modules.pricing import formulas, render
from modules.pricing.errors import InvalidInput
from modules.pricing.formulas import (
    COURSE_ARCHITECTURE,
    COURSE_DURATION_MS,
    COURSE_LOG_BYTES_PER_REQUEST,
    COURSE_MEMORY_MB,
    DAYS_PER_MONTH,
    CostBreakdown,
    Period,
)
from modules.pricing.money import format_number, format_percent, format_usd
from modules.pricing.table import Service
from modules.pricing.table import allowance as allowance_entry

SCENARIOS = ("stack", "throttled", "quota")

# The assumptions a page may quote, so its prose and the formulas cannot disagree.
ASSUMPTIONS: dict[str, int] = {
    "memory_mb": COURSE_MEMORY_MB,
    "duration_ms": COURSE_DURATION_MS,
    "log_bytes_per_request": COURSE_LOG_BYTES_PER_REQUEST,
    "days_per_month": DAYS_PER_MONTH,
}


class CostMacros:
    """The `cost` object of the pages: each method returns text in the page's language."""

    def __init__(self, language: Callable[[], str]) -> None:
        self._language = language

    def _usd(self, amount: Decimal) -> str:
        return format_usd(amount, self._language())

    def assumption(self, name: str) -> str:
        """A default the formulas assume, as a number: `memory_mb`, `duration_ms`, ..."""
        if name not in ASSUMPTIONS:
            raise InvalidInput(f"assumption must be one of {', '.join(ASSUMPTIONS)}, not {name!r}")
        return format_number(ASSUMPTIONS[name], self._language())

    def lambda_monthly(
        self,
        requests: int,
        memory_mb: int = COURSE_MEMORY_MB,
        duration_ms: int = COURSE_DURATION_MS,
        arch: str = COURSE_ARCHITECTURE,
        free_tier: str = "none",
    ) -> str:
        """Lambda for `requests` invocations a month: requests plus compute."""
        return self._usd(formulas.lambda_monthly(requests, memory_mb, duration_ms, arch, free_tier))

    def lambda_requests_charge(self, requests: int, free_tier: str = "none") -> str:
        """The request part of a month of Lambda."""
        line, _ = formulas.lambda_charges(requests, free_tier=free_tier)
        return self._usd(line.amount)

    def lambda_compute_charge(
        self,
        requests: int,
        memory_mb: int = COURSE_MEMORY_MB,
        duration_ms: int = COURSE_DURATION_MS,
        arch: str = COURSE_ARCHITECTURE,
        free_tier: str = "none",
    ) -> str:
        """The compute (GB-s) part of a month of Lambda."""
        _, line = formulas.lambda_charges(requests, memory_mb, duration_ms, arch, free_tier)
        return self._usd(line.amount)

    def gb_seconds(
        self,
        requests: int,
        memory_mb: int = COURSE_MEMORY_MB,
        duration_ms: int = COURSE_DURATION_MS,
    ) -> str:
        """The GB-seconds of `requests` invocations, as a number."""
        return format_number(
            formulas.gb_seconds(requests, memory_mb, duration_ms), self._language()
        )

    def arm64_saving(
        self,
        requests: int,
        memory_mb: int = COURSE_MEMORY_MB,
        duration_ms: int = COURSE_DURATION_MS,
    ) -> str:
        """What arm64 saves over x86_64 on the same invocations."""
        return self._usd(formulas.arm64_saving(requests, memory_mb, duration_ms))

    def arm64_saving_ratio(self) -> str:
        """The share of the compute price arm64 saves, as a percentage."""
        return format_percent(formulas.arm64_saving_ratio(), self._language())

    def x86_premium_ratio(self) -> str:
        """How much more a GB-s costs on x86_64 than on arm64, as a percentage."""
        return format_percent(formulas.x86_premium_ratio(), self._language())

    def stack_monthly(self, requests: int, **assumptions: Any) -> str:
        """A month of the whole stack (REST API, Lambda, DynamoDB, logs) for `requests`."""
        return self._usd(formulas.stack_monthly(requests, **assumptions).total)

    def throttled_requests(self, rate_per_s: int, period: str = "day") -> str:
        """How many requests a stage throttled at `rate_per_s` lets through, as a number."""
        return format_number(formulas.throttled_requests(rate_per_s, period), self._language())

    def throttled_ceiling(self, rate_per_s: int, period: str = "day", **assumptions: Any) -> str:
        """The most a stage throttled at `rate_per_s` can cost in a day or a month."""
        return self._usd(formulas.throttled_ceiling(rate_per_s, period, **assumptions).total)

    def quota_ceiling(self, quota_per_day: int, period: str = "day", **assumptions: Any) -> str:
        """The most a stage can cost when a daily usage-plan quota is enforced."""
        return self._usd(formulas.quota_ceiling(quota_per_day, period, **assumptions).total)

    def service(self, scenario: str, service: str, **params: Any) -> str:
        """One service's share of a scenario (see `table`), e.g. `"api_gateway"`."""
        chosen = formulas.choice(Service, service, "service")
        return self._usd(_scenario(scenario, params)[0].amount(chosen))

    def data_transfer_out(self, gb: int, free_tier: str = "none") -> str:
        """A month of `gb` GB sent to the internet."""
        return self._usd(formulas.data_transfer_out(gb, free_tier))

    def cognito_monthly(
        self, active_users: int, plan: str = "lite", free_tier: str = "always-free"
    ) -> str:
        """A month of a user pool with `active_users` monthly active users."""
        return self._usd(formulas.cognito_monthly(active_users, plan, free_tier))

    def s3_monthly(self, storage_gb: float, put_requests: int, get_requests: int) -> str:
        """A month of S3 Standard storage and requests."""
        return self._usd(formulas.s3_monthly(storage_gb, put_requests, get_requests).total)

    def table(self, scenario: str, **params: Any) -> str:
        """A Markdown table of a scenario: `stack`, `throttled` or `quota`."""
        breakdown, period = _scenario(scenario, params)
        return render.cost_table(breakdown, period, self._language())


def _scenario(scenario: str, params: dict[str, Any]) -> tuple[CostBreakdown, Period]:
    """Compute a named scenario from the macro's keyword arguments."""
    params = dict(params)
    if scenario == "stack":
        return formulas.stack_monthly(**params), Period.MONTH
    period = formulas.choice(Period, params.pop("period", Period.DAY), "period")
    if scenario == "throttled":
        return formulas.throttled_ceiling(period=period, **params), period
    if scenario == "quota":
        return formulas.quota_ceiling(period=period, **params), period
    raise InvalidInput(f"scenario must be one of {', '.join(SCENARIOS)}, not {scenario!r}")


def register(env: Any, current: Callable[[], tuple[str, str]]) -> None:
    """Expose the pricing macros; current() returns the page's (language, path)."""

    def language() -> str:
        return current()[0]

    env.variables["cost"] = CostMacros(language)

    @env.macro
    def price(key: str) -> str:
        """A price with its unit, e.g. `$0.20 per million requests`."""
        return render.price_phrase(key, language())

    @env.macro
    def allowance(key: str) -> str:
        """A free allowance with its unit, e.g. `1,000,000 requests a month`."""
        return render.allowance_amount(allowance_entry(key), language())

    @env.macro
    def price_table() -> str:
        """Every price with unit, tier, check date and source, as a Markdown table."""
        return render.price_table(language())

    @env.macro
    def free_tier_table() -> str:
        """Every free allowance and how long it lasts, as a Markdown table."""
        return render.free_tier_table(language())
