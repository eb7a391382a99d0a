"""Cost formulas: pure functions over the price table, in `Decimal` US dollars.

Units are in the names: `requests` (a count), `memory_mb` (MB as Lambda configures it, a GB
being 1,024 MB), `duration_ms` (milliseconds per invocation), `rate_per_s` (requests a
second), `*_gb` (GB of 2**30 bytes, as AWS bills data). Results are unrounded; round only
to display (see `money`).

Assumptions, chosen once here:

- first-tier prices (the course is far below every tier boundary);
- a month is 30 days, so a daily ceiling times 30 is the monthly one;
- free allowances apply only when asked for, and then as if this stack were the only thing
  in the account using them;
- every request of the stack creates a session: one DynamoDB write of an item under 1 KB
  (the most expensive request; a strongly consistent read of the same item costs a fifth).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from typing import Any, TypeVar

from modules.pricing.errors import InvalidInput
from modules.pricing.table import Price, Service, Unit, allowance, price

SECONDS_PER_DAY = 86_400
DAYS_PER_MONTH = 30
BYTES_PER_GB = 2**30
MB_PER_GB = 1_024

MIN_MEMORY_MB = 128
MAX_MEMORY_MB = 10_240

# The course's function (see terraform/lambda.tf): arm64, 128 MB.
COURSE_MEMORY_MB = 128
# A warm create takes far less; 200 ms keeps the estimate on the safe side of a cold start.
COURSE_DURATION_MS = 200
# One JSON application line plus the platform START/END/REPORT records of an invocation.
COURSE_LOG_BYTES_PER_REQUEST = 1_000

WRITE_UNIT_BYTES = 1_024
READ_UNIT_BYTES = 4_096


class Architecture(StrEnum):
    """A Lambda instruction set architecture."""

    X86_64 = "x86_64"
    ARM64 = "arm64"


class FreeTier(StrEnum):
    """Which free allowances a formula subtracts."""

    NONE = "none"
    ALWAYS_FREE = "always-free"
    # Always-free plus the 12-month offers of accounts created before 15 July 2025.
    TWELVE_MONTHS = "12-months"


class Period(StrEnum):
    """The span a ceiling is computed for."""

    DAY = "day"
    MONTH = "month"

    @property
    def days(self) -> int:
        """Return the number of days in the period."""
        return 1 if self is Period.DAY else DAYS_PER_MONTH


class Consistency(StrEnum):
    """How a DynamoDB read is made."""

    STRONG = "strong"
    EVENTUAL = "eventual"


COURSE_ARCHITECTURE = Architecture.ARM64

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class CostLine:
    """One charge: `quantity` units priced by the table entry `price_key`."""

    service: Service
    price_key: str
    quantity: Decimal
    unit: Unit
    amount: Decimal


@dataclass(frozen=True)
class CostBreakdown:
    """Charges of one scenario over a period, and their total."""

    lines: tuple[CostLine, ...]
    requests: int

    @property
    def total(self) -> Decimal:
        """Return the sum of every charge, in USD."""
        return sum((line.amount for line in self.lines), Decimal(0))

    def amount(self, service: Service) -> Decimal:
        """Return the sum of the charges of one service, in USD."""
        return sum((ln.amount for ln in self.lines if ln.service is service), Decimal(0))


def choice(enum: type[E], value: str | E, what: str) -> E:
    """Return the member of enum named by value; raise InvalidInput listing the options."""
    try:
        return enum(value)
    except ValueError:
        options = ", ".join(repr(m.value) for m in enum)
        raise InvalidInput(f"{what} must be one of {options}, not {value!r}") from None


def quantity(value: object, what: str) -> Decimal:
    """Return value as a non-negative finite Decimal; floats go through their shortest repr."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        raise InvalidInput(f"{what} must be a number, not {type(value).__name__}")
    try:
        number = Decimal(str(value)) if isinstance(value, float | str) else Decimal(value)
    except ArithmeticError:
        raise InvalidInput(f"{what} must be a number, not {value!r}") from None
    if not number.is_finite() or number < 0:
        raise InvalidInput(f"{what} must be a finite number >= 0, not {value!r}")
    return number


def count(value: object, what: str) -> int:
    """Return value as a whole count >= 0."""
    number = quantity(value, what)
    if number != number.to_integral_value():
        raise InvalidInput(f"{what} must be a whole number, not {value!r}")
    return int(number)


def memory(value: object) -> int:
    """Return a Lambda memory size in MB, within what Lambda allows."""
    mb = count(value, "memory_mb")
    if not MIN_MEMORY_MB <= mb <= MAX_MEMORY_MB:
        raise InvalidInput(
            f"memory_mb must be between {MIN_MEMORY_MB} and {MAX_MEMORY_MB}, not {mb}"
        )
    return mb


def _free(amount: Decimal, allowance_key: str, free_tier: FreeTier, *kinds: FreeTier) -> Decimal:
    """Return what is left of amount once the allowance is used, if free_tier is one of kinds."""
    if free_tier not in kinds:
        return amount
    return max(amount - allowance(allowance_key).quantity, Decimal(0))


def _line(price_key: str, units: Decimal) -> CostLine:
    entry: Price = price(price_key)
    return CostLine(entry.service, entry.key, units, entry.unit, entry.cost(units))


# Lambda ------------------------------------------------------------------------------------


def billed_duration_ms(duration_ms: object) -> int:
    """Return the billed duration of one invocation: rounded up to the next 1 ms."""
    # Lambda has billed per 1 ms since December 2020; there is no 100 ms rounding.
    return int(quantity(duration_ms, "duration_ms").to_integral_value(rounding=ROUND_CEILING))


def gb_seconds(requests: object, memory_mb: object, duration_ms: object) -> Decimal:
    """Return the GB-seconds of `requests` invocations of `memory_mb` MB for `duration_ms`."""
    n = count(requests, "requests")
    gb = Decimal(memory(memory_mb)) / MB_PER_GB
    return n * gb * Decimal(billed_duration_ms(duration_ms)) / 1_000


def lambda_charges(
    requests: object,
    memory_mb: object = COURSE_MEMORY_MB,
    duration_ms: object = COURSE_DURATION_MS,
    arch: str | Architecture = COURSE_ARCHITECTURE,
    free_tier: str | FreeTier = FreeTier.NONE,
) -> tuple[CostLine, CostLine]:
    """Return the request and compute charges of Lambda for one month of invocations."""
    architecture = choice(Architecture, arch, "arch")
    tier = choice(FreeTier, free_tier, "free_tier")
    both = (FreeTier.ALWAYS_FREE, FreeTier.TWELVE_MONTHS)
    billed_requests = _free(Decimal(count(requests, "requests")), "lambda_requests", tier, *both)
    compute = _free(gb_seconds(requests, memory_mb, duration_ms), "lambda_compute", tier, *both)
    return (
        _line("lambda_requests", billed_requests),
        _line(f"lambda_duration_{architecture.value}", compute),
    )


def lambda_monthly(
    requests: object,
    memory_mb: object = COURSE_MEMORY_MB,
    duration_ms: object = COURSE_DURATION_MS,
    arch: str | Architecture = COURSE_ARCHITECTURE,
    free_tier: str | FreeTier = FreeTier.NONE,
) -> Decimal:
    """Return what Lambda charges for `requests` invocations in a month, in USD."""
    return sum(
        (c.amount for c in lambda_charges(requests, memory_mb, duration_ms, arch, free_tier)),
        Decimal(0),
    )


def arm64_saving(
    requests: object,
    memory_mb: object = COURSE_MEMORY_MB,
    duration_ms: object = COURSE_DURATION_MS,
) -> Decimal:
    """Return how much less the same invocations cost on arm64 than on x86_64, in USD."""
    x86 = lambda_monthly(requests, memory_mb, duration_ms, Architecture.X86_64)
    arm = lambda_monthly(requests, memory_mb, duration_ms, Architecture.ARM64)
    return x86 - arm


def arm64_saving_ratio() -> Decimal:
    """Return the share of the compute price arm64 saves over x86_64 (about 0.2)."""
    x86 = price("lambda_duration_x86_64").per_unit
    arm = price("lambda_duration_arm64").per_unit
    return (x86 - arm) / x86


def x86_premium_ratio() -> Decimal:
    """Return how much more a GB-s costs on x86_64 than on arm64 (about 0.25)."""
    x86 = price("lambda_duration_x86_64").per_unit
    arm = price("lambda_duration_arm64").per_unit
    return (x86 - arm) / arm


# DynamoDB ----------------------------------------------------------------------------------


def write_request_units(item_bytes: object) -> int:
    """Return the WRU of one standard write: one per started 1 KB of item."""
    size = count(item_bytes, "item_bytes")
    return max(1, -(-size // WRITE_UNIT_BYTES))


def read_request_units(
    item_bytes: object, consistency: str | Consistency = Consistency.STRONG
) -> Decimal:
    """Return the RRU of one read: one per started 4 KB if strong, half that if eventual."""
    size = count(item_bytes, "item_bytes")
    units = Decimal(max(1, -(-size // READ_UNIT_BYTES)))
    strong = choice(Consistency, consistency, "consistency") is Consistency.STRONG
    return units if strong else units / 2


# Other services ----------------------------------------------------------------------------


def log_gb(requests: object, log_bytes_per_request: object) -> Decimal:
    """Return the GB of logs that `requests` invocations write."""
    total = count(requests, "requests") * quantity(log_bytes_per_request, "log_bytes_per_request")
    return total / BYTES_PER_GB


def logs_ingestion_line(ingested_gb: object, free_tier: str | FreeTier) -> CostLine:
    """Return the CloudWatch Logs ingestion charge, the always-free 5 GB taken from it."""
    tier = choice(FreeTier, free_tier, "free_tier")
    # The 5 GB also covers storage and scans; taking it all from ingestion is the best case
    # for ingestion, and storage of a few days of logs is negligible here.
    gb = _free(
        quantity(ingested_gb, "ingested_gb"),
        "cloudwatch_logs",
        tier,
        FreeTier.ALWAYS_FREE,
        FreeTier.TWELVE_MONTHS,
    )
    return _line("cloudwatch_logs_ingestion", gb)


def data_transfer_out(gb: object, free_tier: str | FreeTier = FreeTier.NONE) -> Decimal:
    """Return the cost of `gb` GB sent to the internet in a month, in USD."""
    tier = choice(FreeTier, free_tier, "free_tier")
    billed = _free(
        quantity(gb, "gb"), "data_transfer_out", tier, FreeTier.ALWAYS_FREE, FreeTier.TWELVE_MONTHS
    )
    return price("data_transfer_out_internet").cost(billed)


def s3_monthly(storage_gb: object, put_requests: object, get_requests: object) -> CostBreakdown:
    """Return a month of S3 Standard: `storage_gb` stored, and PUT-class and GET requests."""
    lines = (
        _line("s3_standard_storage", quantity(storage_gb, "storage_gb")),
        _line("s3_put_requests", Decimal(count(put_requests, "put_requests"))),
        _line("s3_get_requests", Decimal(count(get_requests, "get_requests"))),
    )
    requests = count(put_requests, "put_requests") + count(get_requests, "get_requests")
    return CostBreakdown(lines, requests=requests)


# Cognito -----------------------------------------------------------------------------------


class UserPoolPlan(StrEnum):
    """A user pool's feature plan: what it can do and what each active user costs."""

    LITE = "lite"
    ESSENTIALS = "essentials"
    PLUS = "plus"


# The price table holds Lite's first tier only; above it Lite gets cheaper per user.
LITE_FIRST_TIER_MAUS = 50_000


def cognito_monthly(
    active_users: object,
    plan: str | UserPoolPlan = UserPoolPlan.LITE,
    free_tier: str | FreeTier = FreeTier.ALWAYS_FREE,
) -> Decimal:
    """Return a month of a user pool with `active_users` monthly active users, in USD."""
    chosen = choice(UserPoolPlan, plan, "plan")
    tier = choice(FreeTier, free_tier, "free_tier")
    users = Decimal(count(active_users, "active_users"))
    if chosen is UserPoolPlan.LITE and users > LITE_FIRST_TIER_MAUS:
        raise InvalidInput(
            f"active_users above {LITE_FIRST_TIER_MAUS:,} on Lite fall in tiers the price "
            "table does not hold"
        )
    if chosen is not UserPoolPlan.PLUS:  # Plus has no free tier
        users = _free(users, "cognito_mau", tier, FreeTier.ALWAYS_FREE, FreeTier.TWELVE_MONTHS)
    return price(f"cognito_{chosen.value}_mau").cost(users)


# The whole stack ---------------------------------------------------------------------------


def stack(
    requests: object,
    *,
    memory_mb: object = COURSE_MEMORY_MB,
    duration_ms: object = COURSE_DURATION_MS,
    arch: str | Architecture = COURSE_ARCHITECTURE,
    writes_per_request: object = 1,
    log_bytes_per_request: object = COURSE_LOG_BYTES_PER_REQUEST,
    free_tier: str | FreeTier = FreeTier.NONE,
) -> CostBreakdown:
    """Return the cost of `requests` calls through REST API, Lambda, DynamoDB and logs."""
    n = count(requests, "requests")
    tier = choice(FreeTier, free_tier, "free_tier")
    api_calls = _free(Decimal(n), "api_gateway_rest_calls", tier, FreeTier.TWELVE_MONTHS)
    writes = n * quantity(writes_per_request, "writes_per_request")
    lines: Iterable[CostLine] = (
        _line("api_gateway_rest_requests", api_calls),
        *lambda_charges(n, memory_mb, duration_ms, arch, tier),
        _line("dynamodb_write_request_units", writes),
        logs_ingestion_line(log_gb(n, log_bytes_per_request), tier),
    )
    return CostBreakdown(tuple(lines), requests=n)


def stack_monthly(requests: object, **assumptions: Any) -> CostBreakdown:
    """Return a month of the stack for `requests` calls that month (see `stack`)."""
    return stack(requests, **assumptions)


def throttled_requests(rate_per_s: object, period: str | Period = Period.DAY) -> int:
    """Return how many requests a stage throttled at `rate_per_s` lets through in a period."""
    days = choice(Period, period, "period").days
    per_day = quantity(rate_per_s, "rate_per_s") * SECONDS_PER_DAY
    return int(per_day.to_integral_value(rounding=ROUND_CEILING)) * days


def throttled_ceiling(
    rate_per_s: object, period: str | Period = Period.DAY, **assumptions: Any
) -> CostBreakdown:
    """Return the most a stage throttled at `rate_per_s` can cost in a period.

    Throttled calls (HTTP 429) are not billed, so the ceiling is every second at the rate
    limit, each call a create. Free allowances stay out unless asked for: a ceiling assumes
    them already spent.
    """
    return stack(throttled_requests(rate_per_s, period), **assumptions)


def quota_ceiling(
    quota_per_day: object,
    period: str | Period = Period.DAY,
    rate_per_s: object | None = None,
    **assumptions: Any,
) -> CostBreakdown:
    """Return the most a stage can cost in a period when a daily usage-plan quota is enforced.

    A quota only binds callers that must send an API key of a plan attached to the stage;
    without that, the ceiling is `throttled_ceiling`.
    """
    per_day = count(quota_per_day, "quota_per_day")
    if rate_per_s is not None:
        per_day = min(per_day, throttled_requests(rate_per_s, Period.DAY))
    days = choice(Period, period, "period").days
    return stack(per_day * days, **assumptions)
