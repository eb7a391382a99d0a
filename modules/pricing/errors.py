"""Errors of the pricing package, all under one root."""

from __future__ import annotations


class PricingError(Exception):
    """Root of every error the pricing package raises."""


class InvalidInput(PricingError, ValueError):
    """A quantity, choice or language a formula cannot use."""


class UnknownEntry(PricingError, LookupError):
    """A price or allowance key that is not in the table."""
