"""Cost formulas against numbers worked out by hand, including the ones the course corrects."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import hcl2
import pytest

from modules.pricing import formulas
from modules.pricing.errors import InvalidInput
from modules.pricing.formulas import Architecture, FreeTier, Period
from modules.pricing.table import Service

CENT = Decimal("0.01")
X86 = Architecture.X86_64
ARM = Architecture.ARM64


def near(value: Decimal, places: str) -> Decimal:
    """Round half-up to the given places, as the hand-worked figures are rounded."""
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


# Lambda ------------------------------------------------------------------------------------


def test_100k_invocations_of_128_mb_for_200_ms_are_2500_gb_seconds() -> None:
    assert formulas.gb_seconds(100_000, 128, 200) == 2_500


@pytest.mark.parametrize(
    ("arch", "compute", "total"),
    [
        # 2,500 GB-s x $0.0000166667 = $0.04166675; plus 0.1M requests x $0.20 = $0.02.
        (X86, "0.04166675", "0.06166675"),
        # 2,500 GB-s x $0.0000133334 = $0.0333335.
        (ARM, "0.0333335", "0.0533335"),
    ],
    ids=["x86_64", "arm64"],
)
def test_lambda_100k_invocations_without_free_tier(arch, compute, total) -> None:
    requests_line, compute_line = formulas.lambda_charges(100_000, 128, 200, arch)
    assert requests_line.amount == Decimal("0.02")
    assert compute_line.amount == Decimal(compute)
    assert formulas.lambda_monthly(100_000, 128, 200, arch) == Decimal(total)


def test_the_course_figures_for_100k_invocations_round_to_the_hand_worked_ones() -> None:
    _, x86_compute = formulas.lambda_charges(100_000, 128, 200, X86)
    _, arm_compute = formulas.lambda_charges(100_000, 128, 200, ARM)
    assert near(x86_compute.amount, "0.0001") == Decimal("0.0417")
    assert near(arm_compute.amount, "0.0001") == Decimal("0.0333")
    assert near(formulas.lambda_monthly(100_000, 128, 200, X86), "0.0001") == Decimal("0.0617")
    assert near(formulas.lambda_monthly(100_000, 128, 200, ARM), "0.0001") == Decimal("0.0533")


@pytest.mark.parametrize(
    ("arch", "expected"), [(X86, "0.62"), (ARM, "0.53")], ids=["x86_64", "arm64"]
)
def test_a_million_invocations_cost_ten_times_what_the_original_faq_said(arch, expected) -> None:
    assert near(formulas.lambda_monthly(1_000_000, 128, 200, arch), "0.01") == Decimal(expected)


@pytest.mark.parametrize(
    ("memory_mb", "expected"), [(512, "0.00000083"), (128, "0.00000021")], ids=["512mb", "128mb"]
)
def test_100_ms_of_x86_compute_costs_a_tenth_of_the_original_figure(memory_mb, expected) -> None:
    _, compute = formulas.lambda_charges(1, memory_mb, 100, X86)
    assert near(compute.amount, "0.00000001") == Decimal(expected)


@pytest.mark.parametrize(
    ("duration_ms", "billed"),
    [(200, 200), (Decimal("200.4"), 201), (Decimal("0.1"), 1), (0, 0), ("37.000", 37)],
    ids=["whole", "rounds-up-to-next-ms", "under-one-ms", "zero", "string"],
)
def test_duration_is_billed_per_started_millisecond(duration_ms, billed) -> None:
    assert formulas.billed_duration_ms(duration_ms) == billed


def test_a_float_duration_is_read_through_its_shortest_repr() -> None:
    assert formulas.billed_duration_ms(0.3) == 1
    assert formulas.gb_seconds(10, 1024, 0.5) == Decimal("0.01")


def test_there_is_no_100_ms_rounding_any_more() -> None:
    assert formulas.gb_seconds(1, 1024, 1) == Decimal("0.001")


def test_the_always_free_tier_covers_100k_invocations_entirely() -> None:
    for arch in Architecture:
        assert formulas.lambda_monthly(100_000, 128, 200, arch, FreeTier.ALWAYS_FREE) == 0


def test_the_free_tier_subtracts_requests_and_gb_seconds_separately() -> None:
    # 5M requests: 4M billed = $0.80; 125,000 GB-s stay under the free 400,000.
    assert formulas.lambda_monthly(5_000_000, 128, 200, ARM, "always-free") == Decimal("0.80")
    # 3M x 1 GB x 0.5 s = 1.5M GB-s, 1.1M billed x $0.0000133334 = $14.66674; 2M x $0.2/M.
    expected = Decimal("14.66674") + Decimal("0.40")
    assert formulas.lambda_monthly(3_000_000, 1024, 500, ARM, "always-free") == expected


def test_arm64_saves_the_compute_difference_and_nothing_on_requests() -> None:
    saving = formulas.arm64_saving(100_000, 128, 200)
    assert saving == Decimal("0.04166675") - Decimal("0.0333335")


def test_arm64_saving_ratio_is_twenty_percent() -> None:
    assert near(formulas.arm64_saving_ratio(), "0.0001") == Decimal("0.2000")


def test_x86_premium_ratio_is_twenty_five_percent() -> None:
    assert near(formulas.x86_premium_ratio(), "0.0001") == Decimal("0.2500")


# DynamoDB ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item_bytes", "units"),
    [(0, 1), (1, 1), (1_024, 1), (1_025, 2), (3_000, 3)],
    ids=["empty", "tiny", "exactly-1kb", "just-over-1kb", "3kb"],
)
def test_a_write_costs_one_unit_per_started_kilobyte(item_bytes, units) -> None:
    assert formulas.write_request_units(item_bytes) == units


@pytest.mark.parametrize(
    ("item_bytes", "consistency", "units"),
    [
        (300, "strong", Decimal(1)),
        (4_096, "strong", Decimal(1)),
        (4_097, "strong", Decimal(2)),
        (4_096, "eventual", Decimal("0.5")),
        (8_192, "eventual", Decimal(1)),
    ],
    ids=["small-strong", "4kb-strong", "over-4kb-strong", "4kb-eventual", "8kb-eventual"],
)
def test_a_read_costs_one_unit_per_started_4_kb_or_half_if_eventual(
    item_bytes, consistency, units
) -> None:
    assert formulas.read_request_units(item_bytes, consistency) == units


# The whole stack ---------------------------------------------------------------------------


def test_the_10k_request_stack_costs_about_five_cents_a_month() -> None:
    month = formulas.stack_monthly(10_000)
    assert month.amount(Service.API_GATEWAY) == Decimal("0.035")
    assert month.amount(Service.LAMBDA) == Decimal("0.00533335")
    assert month.amount(Service.DYNAMODB) == Decimal("0.00625")
    # 10,000 x 1,000 bytes = 10^7 bytes = 0.0093132... GB x $0.50.
    logs = Decimal(10_000_000) / 2**30 * Decimal("0.50")
    assert month.amount(Service.CLOUDWATCH_LOGS) == logs
    assert near(month.total, "0.01") == Decimal("0.05")


def test_the_10k_stack_on_x86_64_has_the_hand_worked_lambda_and_dynamodb_shares() -> None:
    month = formulas.stack_monthly(10_000, arch="x86_64")
    assert near(month.amount(Service.LAMBDA), "0.001") == Decimal("0.006")
    assert near(month.amount(Service.DYNAMODB), "0.001") == Decimal("0.006")


@pytest.mark.parametrize(
    ("requests", "total"),
    [(10_000, "0.05"), (100_000, "0.51"), (1_000_000, "5.12")],
    ids=["10k", "100k", "1m"],
)
def test_the_stack_grows_linearly_with_requests(requests, total) -> None:
    assert near(formulas.stack_monthly(requests).total, "0.01") == Decimal(total)


def test_the_stack_charges_each_service_once() -> None:
    keys = [line.price_key for line in formulas.stack_monthly(10_000).lines]
    assert keys == [
        "api_gateway_rest_requests",
        "lambda_requests",
        "lambda_duration_arm64",
        "dynamodb_write_request_units",
        "cloudwatch_logs_ingestion",
    ]


def test_always_free_leaves_api_gateway_and_dynamodb_writes_to_pay() -> None:
    month = formulas.stack_monthly(10_000, free_tier="always-free")
    assert month.amount(Service.LAMBDA) == 0
    assert month.amount(Service.CLOUDWATCH_LOGS) == 0
    assert month.total == Decimal("0.035") + Decimal("0.00625")


def test_the_12_month_offer_also_covers_the_first_million_rest_calls() -> None:
    month = formulas.stack_monthly(10_000, free_tier="12-months")
    assert month.total == Decimal("0.00625")


def test_without_logs_the_stack_is_api_lambda_and_dynamodb_only() -> None:
    month = formulas.stack_monthly(10_000, log_bytes_per_request=0)
    assert month.amount(Service.CLOUDWATCH_LOGS) == 0


# Ceilings ----------------------------------------------------------------------------------


def test_a_stage_throttled_at_100_per_second_passes_8_64_million_requests_a_day() -> None:
    assert formulas.throttled_requests(100, "day") == 8_640_000
    assert formulas.throttled_requests(100, "month") == 8_640_000 * 30


def test_a_fractional_rate_still_counts_whole_requests() -> None:
    assert formulas.throttled_requests(Decimal("0.5")) == 43_200


def test_the_throttled_ceiling_is_about_35_6_dollars_a_day_of_api_and_x86_lambda() -> None:
    day = formulas.throttled_ceiling(100, "day", arch="x86_64", log_bytes_per_request=0)
    api = day.amount(Service.API_GATEWAY)
    lam = day.amount(Service.LAMBDA)
    assert api == Decimal("30.24")
    # 8.64M x $0.20/M = $1.728; 216,000 GB-s x $0.0000166667 = $3.6000072.
    assert lam == Decimal("5.3280072")
    assert near(api + lam, "0.1") == Decimal("35.6")
    assert day.amount(Service.DYNAMODB) == Decimal("5.40")
    assert day.total == api + lam + Decimal("5.40")


def test_a_month_of_the_throttled_ceiling_is_thirty_days_of_it() -> None:
    day = formulas.throttled_ceiling(100, "day", arch="x86_64", log_bytes_per_request=0)
    month = formulas.throttled_ceiling(100, "month", arch="x86_64", log_bytes_per_request=0)
    assert month.total == day.total * 30
    api_and_lambda = month.amount(Service.API_GATEWAY) + month.amount(Service.LAMBDA)
    assert near(api_and_lambda, "1") == Decimal("1067")


def test_the_throttled_ceiling_ignores_the_free_tier_by_default() -> None:
    day = formulas.throttled_ceiling(1, "day")
    assert day.amount(Service.LAMBDA) > 0


def test_an_enforced_quota_caps_the_day_at_the_quota() -> None:
    day = formulas.quota_ceiling(10_000, "day", arch="x86_64", log_bytes_per_request=0)
    # $0.035 of API + $0.00616667 of x86 Lambda, the original's $0.041 a day, plus writes.
    assert day.requests == 10_000
    api_and_lambda = day.amount(Service.API_GATEWAY) + day.amount(Service.LAMBDA)
    assert near(api_and_lambda, "0.001") == Decimal("0.041")
    assert day.total == formulas.stack(10_000, arch="x86_64", log_bytes_per_request=0).total


def test_a_quota_above_what_the_throttle_lets_through_changes_nothing() -> None:
    capped = formulas.quota_ceiling(10_000, "month", rate_per_s=Decimal("0.1"))
    assert capped.requests == 8_640 * 30


def test_the_quota_ceiling_is_far_below_the_throttled_one() -> None:
    quota = formulas.quota_ceiling(10_000, "month").total
    throttle = formulas.throttled_ceiling(100, "month").total
    assert quota * 500 < throttle


# Other services ----------------------------------------------------------------------------


def test_data_transfer_out_charges_beyond_the_free_100_gb() -> None:
    assert formulas.data_transfer_out(150) == Decimal("13.50")
    assert formulas.data_transfer_out(150, "always-free") == Decimal("4.50")
    assert formulas.data_transfer_out(80, "always-free") == 0


def test_a_small_state_bucket_costs_a_fraction_of_a_cent() -> None:
    month = formulas.s3_monthly(Decimal("0.001"), 100, 1_000)
    assert month.total == Decimal("0.000023") + Decimal("0.0005") + Decimal("0.0004")
    assert month.total < CENT


def test_a_gigabyte_of_logs_is_two_to_the_thirty_bytes() -> None:
    assert formulas.log_gb(1, 2**30) == 1


def test_logs_ingestion_uses_the_always_free_5_gb() -> None:
    assert formulas.logs_ingestion_line(7, "always-free").amount == Decimal("1.00")
    assert formulas.logs_ingestion_line(7, "none").amount == Decimal("3.50")


def test_a_day_is_one_day_and_a_month_thirty() -> None:
    assert (Period.DAY.days, Period.MONTH.days) == (1, 30)


# Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: formulas.lambda_monthly(-1), "requests must be a finite number >= 0"),
        (lambda: formulas.lambda_monthly(Decimal("1.5")), "requests must be a whole number"),
        (lambda: formulas.lambda_monthly(True), "requests must be a number, not bool"),
        (lambda: formulas.lambda_monthly("lots"), "requests must be a number, not 'lots'"),
        (lambda: formulas.lambda_monthly(float("inf")), "requests must be a finite number"),
        (lambda: formulas.lambda_monthly(None), "requests must be a number, not NoneType"),
        (lambda: formulas.lambda_monthly(1, memory_mb=127), "between 128 and 10240"),
        (lambda: formulas.lambda_monthly(1, memory_mb=10_241), "between 128 and 10240"),
        (lambda: formulas.lambda_monthly(1, arch="x86"), "arch must be one of 'x86_64', 'arm64'"),
        (lambda: formulas.lambda_monthly(1, free_tier="yes"), "free_tier must be one of"),
        (lambda: formulas.throttled_ceiling(100, "week"), "period must be one of 'day', 'month'"),
        (lambda: formulas.read_request_units(1, "weak"), "consistency must be one of"),
        (lambda: formulas.stack(1, duration_ms=-5), "duration_ms must be a finite number >= 0"),
    ],
    ids=[
        "negative",
        "fractional-count",
        "bool",
        "text",
        "infinite",
        "none",
        "memory-too-small",
        "memory-too-large",
        "unknown-arch",
        "unknown-free-tier",
        "unknown-period",
        "unknown-consistency",
        "negative-duration",
    ],
)
def test_bad_input_is_a_clear_error(call, message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(")):
        call()


# The course's function --------------------------------------------------------------------

TERRAFORM = Path(__file__).resolve().parents[2] / "terraform"


def unquote(value: object) -> object:
    """Drop the quotes python-hcl2 keeps around strings and keys."""
    return value.strip('"') if isinstance(value, str) else value


def hcl_blocks(file_name: str, kind: str) -> dict[str, dict]:
    """Return the blocks of one kind (variable, resource) in a Terraform file, keys unquoted."""
    with (TERRAFORM / file_name).open(encoding="utf-8") as handle:
        parsed = hcl2.load(handle)
    return {unquote(k): v for block in parsed.get(kind, []) for k, v in block.items()}


def test_the_formulas_default_to_the_function_terraform_deploys() -> None:
    memory = hcl_blocks("variables.tf", "variable")["lambda_memory_size_mb"]["default"]
    assert int(unquote(memory)) == formulas.COURSE_MEMORY_MB
    (function,) = hcl_blocks("lambda.tf", "resource")["aws_lambda_function"].values()
    assert [unquote(a) for a in function["architectures"]] == [formulas.COURSE_ARCHITECTURE]


# -- Cognito -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("users", "plan", "expected"),
    [
        (10_000, "lite", "0"),  # all inside the free tier
        (10_001, "lite", "0.0055"),
        (50_000, "lite", "220.0000"),
        (50_000, "essentials", "600.000"),
        (1, "plus", "0.020"),  # Plus has no free tier
        (50_000, "plus", "1000.000"),
    ],
)
def test_a_user_pool_bills_its_active_users_above_the_free_tier(
    users: int, plan: str, expected: str
) -> None:
    assert formulas.cognito_monthly(users, plan) == Decimal(expected)


def test_without_the_free_tier_every_active_user_is_billed() -> None:
    assert formulas.cognito_monthly(100, "essentials", "none") == Decimal("1.500")


def test_lite_beyond_its_first_tier_is_refused_not_guessed() -> None:
    with pytest.raises(InvalidInput, match="tiers the price table does not hold"):
        formulas.cognito_monthly(formulas.LITE_FIRST_TIER_MAUS + 1, "lite")
    assert formulas.cognito_monthly(formulas.LITE_FIRST_TIER_MAUS + 1, "essentials") > 0
