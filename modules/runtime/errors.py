"""Errors of the local runtime, all under one root, each in both of the course's languages."""

from __future__ import annotations

from modules.i18n import TextError


class LocalRuntimeError(TextError):
    """Root of every error the local runtime raises; detail says why and what to do."""


class FunctionNotFound(LocalRuntimeError, LookupError):
    """The function (or its qualifier) does not exist in the sandbox."""


class UnsupportedFunction(LocalRuntimeError):
    """The function is not a zip-packaged Python function, the only kind this runtime runs."""


class CodeUnavailable(LocalRuntimeError):
    """No local zip matches the deployed code's CodeSha256."""


class BytecodeMismatch(UnsupportedFunction):
    """The zip's .pyc files were compiled for another Python than the function's runtime."""


class PayloadTooLarge(LocalRuntimeError, ValueError):
    """The event is over Lambda's 6 MB limit for synchronous invocations."""


class RestApiNotFound(LocalRuntimeError, LookupError):
    """The REST API or its stage does not exist in the sandbox."""
