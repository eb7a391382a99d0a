"""Checks a reader runs on their own deployment: the types, and the runner that reports them."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from botocore.exceptions import BotoCoreError, ClientError

from modules.i18n import Text, TextError

if TYPE_CHECKING:
    from modules.checks.context import Context


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"  # the check could not run: never counted as passed


class CheckError(TextError):
    """Root of the errors a check raises to end with a result other than passed."""


class CheckFailed(CheckError):
    """The deployment is not what the module builds."""


class CheckSkipped(CheckError):
    """The check cannot run here (no permission, or it only means something on real AWS)."""


def fail(es: str, en: str) -> CheckFailed:
    """Build the error a check raises when the deployment is wrong."""
    return CheckFailed(Text(es=es, en=en))


def skip(es: str, en: str) -> CheckSkipped:
    """Build the error a check raises when it cannot run."""
    return CheckSkipped(Text(es=es, en=en))


CheckFunction = Callable[["Context"], Text]


@dataclass(frozen=True)
class Check:
    """One thing a module builds, how to see it, and how to fix it."""

    id: str  # "m2.table-ttl": module, then what is checked
    title: Text
    calls: tuple[str, ...]  # AWS API calls it makes, "service:Operation", shown on the page
    fix: Text
    function: CheckFunction  # returns the detail when it passes; raises CheckError otherwise
    local: tuple[str, ...] = ()  # what it runs besides AWS calls: "git check-ignore", "HTTP GET"
    sandbox_skip: Text | None = None  # why it cannot mean anything on the sandbox

    @property
    def module(self) -> int:
        return int(self.id.split(".", 1)[0].removeprefix("m"))


@dataclass(frozen=True)
class CheckResult:
    check: Check
    status: Status
    detail: Text
    seconds: float


# Codes AWS answers with when the caller lacks a permission: the check cannot run, it did not fail.
ACCESS_DENIED_CODES = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnauthorizedAccess",
        "AuthorizationError",
    }
)


def _client_error_detail(error: ClientError) -> tuple[Status, Text]:
    code = error.response.get("Error", {}).get("Code", "")
    message = error.response.get("Error", {}).get("Message", "")
    operation = getattr(error, "operation_name", "?")
    if code in ACCESS_DENIED_CODES:
        return Status.SKIPPED, Text(
            es=f"sin permiso para {operation} ({code}): la comprobación no pudo ejecutarse",
            en=f"no permission for {operation} ({code}): the check could not run",
        )
    return Status.FAILED, Text(
        es=f"{operation} respondió {code}: {message}",
        en=f"{operation} answered {code}: {message}",
    )


def run_check(check: Check, ctx: Context) -> CheckResult:
    """Run one check and return its result; no exception escapes but an interrupt."""
    started = time.monotonic()
    if check.sandbox_skip is not None and ctx.target == "sandbox":
        status, detail = Status.SKIPPED, check.sandbox_skip
    else:
        try:
            status, detail = Status.PASSED, check.function(ctx)
        except CheckFailed as error:
            status, detail = Status.FAILED, error.detail
        except CheckSkipped as error:
            status, detail = Status.SKIPPED, error.detail
        except ClientError as error:
            status, detail = _client_error_detail(error)
        except BotoCoreError as error:
            status, detail = (
                Status.FAILED,
                Text(
                    es=f"la llamada a AWS no terminó: {error}",
                    en=f"the AWS call did not complete: {error}",
                ),
            )
        except Exception as error:  # a check's own bug must not hide the other checks' results
            name = type(error).__name__
            status, detail = (
                Status.FAILED,
                Text(
                    es=f"la comprobación no pudo terminar: {name}: {error}",
                    en=f"the check could not complete: {name}: {error}",
                ),
            )
    return CheckResult(check, status, detail, time.monotonic() - started)


def run_checks(
    checks: Iterable[Check],
    ctx: Context,
    on_result: Callable[[CheckResult], None] | None = None,
) -> list[CheckResult]:
    """Run checks in order (later ones may use what earlier ones found) and return every result."""
    results = []
    for check in checks:
        result = run_check(check, ctx)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


@dataclass(frozen=True)
class Summary:
    passed: int
    failed: int
    skipped: int

    @property
    def ok(self) -> bool:
        return self.failed == 0


def summarize(results: Sequence[CheckResult]) -> Summary:
    """Count the results by status."""
    return Summary(
        passed=sum(r.status is Status.PASSED for r in results),
        failed=sum(r.status is Status.FAILED for r in results),
        skipped=sum(r.status is Status.SKIPPED for r in results),
    )


def registrar(into: list[Check]) -> Callable[..., Callable[[CheckFunction], CheckFunction]]:
    """Return a decorator that turns a function into a Check appended to into."""

    def check(
        *,
        id: str,
        title: Text,
        calls: Sequence[str],
        fix: Text,
        local: Sequence[str] = (),
        sandbox_skip: Text | None = None,
    ) -> Callable[[CheckFunction], CheckFunction]:
        def decorate(function: CheckFunction) -> CheckFunction:
            into.append(
                Check(
                    id=id,
                    title=title,
                    calls=tuple(calls),
                    fix=fix,
                    function=function,
                    local=tuple(local),
                    sandbox_skip=sandbox_skip,
                )
            )
            return function

        return decorate

    return check
