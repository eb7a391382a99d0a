"""Text in both course languages."""

from __future__ import annotations

from dataclasses import dataclass

from modules.catalog import LANGUAGES


class UnknownLanguage(ValueError):
    """A language the course is not written in."""


def check_language(lang: str, error: type[Exception] = UnknownLanguage) -> str:
    """Return lang if the course is written in it; raise error (UnknownLanguage) otherwise."""
    if lang not in LANGUAGES:
        raise error(f"unknown language {lang!r}; the course uses {', '.join(LANGUAGES)}")
    return lang


@dataclass(frozen=True)
class Text:
    """One phrase in Spanish and in English."""

    es: str
    en: str

    def in_(self, lang: str) -> str:
        """Return the phrase in lang (es or en)."""
        return getattr(self, check_language(lang))


class TextError(Exception):
    """An error whose message exists in both languages; str() is the English one."""

    def __init__(self, detail: Text) -> None:
        super().__init__(detail.en)
        self.detail = detail
