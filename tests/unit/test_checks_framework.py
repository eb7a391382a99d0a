"""The checks framework: results, errors as statuses, the registry's promises."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from modules.catalog import LANGUAGES, MODULES
from modules.checks import MODULE_CHECKS, UnknownModule, checks_for
from modules.checks.context import Context
from modules.checks.framework import (
    Check,
    CheckFunction,
    Status,
    Text,
    fail,
    run_check,
    run_checks,
    skip,
    summarize,
)
from modules.deployment.names import Names


def make_ctx(target: str = "aws") -> Context:
    return Context(
        target=target,  # type: ignore[arg-type]
        names=Names.defaults(),
        repo_root=Path("."),
        clients=lambda service: None,
        region="us-east-1",
        configured_region="us-east-1",
        invoker=None,  # type: ignore[arg-type]
        api=None,  # type: ignore[arg-type]
        function_python=None,  # type: ignore[arg-type]
    )


def make_check(function: CheckFunction, sandbox_skip: Text | None = None) -> Check:
    return Check(
        id="m9.example",
        title=Text(es="Ejemplo", en="Example"),
        calls=("sts:GetCallerIdentity",),
        fix=Text(es="Arréglalo", en="Fix it"),
        function=function,
        sandbox_skip=sandbox_skip,
    )


def client_error(code: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "nope"}}, "GetRole")


def passes(ctx: Context) -> Text:
    return Text(es="bien", en="fine")


def fails(ctx: Context) -> Text:
    raise fail("mal", "wrong")


def skips(ctx: Context) -> Text:
    raise skip("no aplica", "not applicable")


def raising(error: Exception) -> CheckFunction:
    def function(ctx: Context) -> Text:
        raise error

    return function


@pytest.mark.parametrize(
    ("function", "status", "detail"),
    [
        (passes, Status.PASSED, "fine"),
        (fails, Status.FAILED, "wrong"),
        (skips, Status.SKIPPED, "not applicable"),
        (raising(client_error("AccessDenied")), Status.SKIPPED, "no permission for GetRole"),
        (raising(client_error("AccessDeniedException")), Status.SKIPPED, "no permission"),
        (raising(client_error("NoSuchEntity")), Status.FAILED, "GetRole answered NoSuchEntity"),
        (
            raising(EndpointConnectionError(endpoint_url="http://127.0.0.1:1")),
            Status.FAILED,
            "did not complete",
        ),
        (raising(KeyError("Role")), Status.FAILED, "could not complete: KeyError"),
    ],
    ids=[
        "pass",
        "fail",
        "skip",
        "access-denied-skips",
        "access-denied-exception-skips",
        "other-aws-error-fails",
        "unreachable-fails",
        "own-bug-fails",
    ],
)
def test_run_check_turns_every_outcome_into_a_status(
    function: CheckFunction, status: Status, detail: str
) -> None:
    result = run_check(make_check(function), make_ctx())
    assert result.status is status
    assert detail in result.detail.en
    assert result.detail.es


def test_a_sandbox_skip_is_reported_without_running_the_check() -> None:
    reason = Text(es="solo en AWS", en="AWS only")
    ran: list[str] = []

    def function(ctx: Context) -> Text:
        ran.append(ctx.target)
        return Text(es="bien", en="fine")

    check = make_check(function, sandbox_skip=reason)
    on_sandbox = run_check(check, make_ctx("sandbox"))
    on_aws = run_check(check, make_ctx("aws"))
    assert (on_sandbox.status, on_sandbox.detail) == (Status.SKIPPED, reason)
    assert on_aws.status is Status.PASSED
    assert ran == ["aws"]


def test_skipped_checks_never_count_as_passed_and_failures_make_it_not_ok() -> None:
    seen = []
    results = run_checks(
        [make_check(passes), make_check(skips), make_check(fails)], make_ctx(), seen.append
    )
    summary = summarize(results)
    assert (summary.passed, summary.skipped, summary.failed) == (1, 1, 1)
    assert not summary.ok
    assert seen == results
    assert summarize(results[:2]).ok


def test_checks_run_in_order_and_share_what_they_remember() -> None:
    def first(ctx: Context) -> Text:
        ctx.remember("value", lambda: "from first")
        return Text(es="1", en="1")

    def second(ctx: Context) -> Text:
        value = ctx.remember("value", lambda: "computed again")
        return Text(es=value, en=value)

    results = run_checks([make_check(first), make_check(second)], make_ctx())
    assert results[1].detail.en == "from first"


def test_text_refuses_a_language_the_course_does_not_use() -> None:
    with pytest.raises(ValueError, match="fr"):
        Text(es="hola", en="hello").in_("fr")


def test_checks_for_an_unknown_module_names_the_known_ones() -> None:
    with pytest.raises(UnknownModule, match="0, 1, 2, 3, 4"):
        checks_for(7)


ALL_CHECKS = [check for checks in MODULE_CHECKS.values() for check in checks]
CALL = re.compile(r"^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$")


def test_every_course_module_has_checks_and_only_its_own() -> None:
    assert set(MODULE_CHECKS) == {m.number for m in MODULES}
    for number, checks in MODULE_CHECKS.items():
        assert len(checks) >= 5
        assert all(check.module == number for check in checks)


def test_check_ids_are_unique_and_shaped_like_module_dot_name() -> None:
    ids = [check.id for check in ALL_CHECKS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"m[0-5]\.[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids), ids


@pytest.mark.parametrize("check", ALL_CHECKS, ids=[c.id for c in ALL_CHECKS])
def test_every_check_is_written_in_both_languages_and_says_what_it_calls(check: Check) -> None:
    for text in (check.title, check.fix, *([check.sandbox_skip] if check.sandbox_skip else [])):
        assert all(text.in_(lang).strip() for lang in LANGUAGES)
        assert text.es != text.en
    assert check.calls or check.local
    assert all(CALL.match(call) for call in check.calls), check.calls
    assert len(set(check.calls)) == len(check.calls)


def test_names_from_outputs_override_the_defaults_and_follow_the_stage() -> None:
    outputs: dict[str, Any] = {
        "table_name": "shop-prod-sessions",
        "function_name": "shop-prod-session-api",
        "stage_name": "prod",
        "rest_api_id": "abc123",
        "api_url": "https://abc123.execute-api.us-east-1.amazonaws.com/prod",
        "state_bucket_name": "shop-tfstate-111122223333",
    }
    names = Names.defaults().with_outputs(outputs)
    assert names.table_name == "shop-prod-sessions"
    assert names.environment == "prod"
    assert names.app_state_key == "app/prod/terraform.tfstate"
    assert names.state_bucket == "shop-tfstate-111122223333"
    assert names.source == "terraform outputs"
    assert Names.defaults().with_outputs({}).source == "defaults"


def test_names_take_state_keys_and_bucket_from_the_backend_files(tmp_path: Path) -> None:
    backends = tmp_path / "terraform" / "backends"
    backends.mkdir(parents=True)
    (backends / "sandbox.s3.tfbackend").write_text(
        'key = "app/dev/terraform.tfstate"\nbucket = "local-tfstate"\n'
    )
    (backends / "bootstrap.s3.tfbackend").write_text('key = "bootstrap/state.tfstate"\n')
    names = Names.defaults().with_backend(tmp_path, "sandbox")
    assert names.state_bucket == "local-tfstate"
    assert names.bootstrap_state_key == "bootstrap/state.tfstate"
    assert names.app_state_key == "app/dev/terraform.tfstate"


def test_the_default_names_follow_the_naming_contract() -> None:
    names = Names.defaults()
    assert names.table_name == "hexagonal-auth-dev-sessions"
    assert names.function_name == "hexagonal-auth-dev-session-api"
    assert names.log_group_name == "/aws/lambda/hexagonal-auth-dev-session-api"
    assert names.role_name == "hexagonal-auth-dev-lambda-execution"
    assert names.rest_api_name == "hexagonal-auth-dev-api"
    assert names.usage_plan_name == "hexagonal-auth-dev-usage-plan"
    assert (names.alias_name, names.stage_name) == ("live", "dev")


def test_context_builds_arns_for_the_partition_of_its_region() -> None:
    ctx = make_ctx()
    ctx.memo["account_id"] = "111122223333"
    assert ctx.table_arn() == (
        "arn:aws:dynamodb:us-east-1:111122223333:table/hexagonal-auth-dev-sessions"
    )
    assert ctx.alias_arn().endswith(":function:hexagonal-auth-dev-session-api:live")
    assert ctx.state_bucket() == "hexagonal-auth-tfstate-111122223333"
    ctx.region = "cn-north-1"
    assert ctx.log_group_arn().startswith("arn:aws-cn:logs:cn-north-1:")


def test_close_runs_every_closer_once_last_first() -> None:
    ctx = make_ctx()
    order: list[int] = []
    ctx.closers.extend([lambda: order.append(1), lambda: order.append(2)])
    ctx.close()
    ctx.close()
    assert order == [2, 1]


def test_the_aws_target_ignores_an_endpoint_left_over_from_the_sandbox() -> None:
    from modules.deployment.aws import AWS_CONFIG

    assert AWS_CONFIG.ignore_configured_endpoint_urls is True


def test_a_child_process_reaches_the_sandbox_with_its_test_keys_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "reader-admin")
    ctx = make_ctx("sandbox")
    ctx.endpoint_url = "http://127.0.0.1:5123"
    env = ctx.aws_environment()
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5123"
    assert env["AWS_ACCESS_KEY_ID"] == "testing"
    assert "AWS_PROFILE" not in env
    assert env["AWS_REGION"] == env["AWS_DEFAULT_REGION"] == "us-east-1"


def test_a_child_process_reaches_aws_as_the_reader_never_a_left_over_sandbox(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "reader-admin")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5123")
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:5123")
    env = make_ctx("aws").aws_environment()
    assert env["AWS_PROFILE"] == "reader-admin"
    assert not [name for name in env if name.startswith("AWS_ENDPOINT_URL")]
