"""Text in both course languages."""

from __future__ import annotations

from dataclasses import dataclass

from modules.catalog import LANGUAGES
from modules.pricing.errors import InvalidInput


def check_language(lang: str) -> str:
    """Return lang if the course is written in it; raise InvalidInput otherwise."""
    if lang not in LANGUAGES:
        raise InvalidInput(f"unknown language {lang!r}; the course uses {', '.join(LANGUAGES)}")
    return lang


@dataclass(frozen=True)
class Text:
    """One phrase in Spanish and in English."""

    es: str
    en: str

    def in_(self, lang: str) -> str:
        """Return the phrase in lang."""
        return getattr(self, check_language(lang))
