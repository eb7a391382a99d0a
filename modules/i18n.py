"""Text in both course languages."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from modules.catalog import LANGUAGES

LANG_ENV_VAR = "COURSE_LANG"
DEFAULT_LANG = "es"  # the course's own language


class UnknownLanguage(ValueError):
    """A language the course is not written in."""


def check_language(lang: str, error: type[Exception] = UnknownLanguage) -> str:
    """Return lang if the course is written in it; raise error (UnknownLanguage) otherwise."""
    if lang not in LANGUAGES:
        raise error(f"unknown language {lang!r}; the course uses {', '.join(LANGUAGES)}")
    return lang


def language(explicit: str | None, environ: Mapping[str, str] | None = None) -> str:
    """Return the run's language: explicit (--lang), else COURSE_LANG, else the locale, else es."""
    env = os.environ if environ is None else environ
    for candidate in (explicit, env.get(LANG_ENV_VAR)):
        if candidate:
            return candidate if candidate in LANGUAGES else DEFAULT_LANG
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:  # the first one set decides, as the C library does
            code = value.split("_", 1)[0].split(".", 1)[0].lower()
            return code if code in LANGUAGES else DEFAULT_LANG
    return DEFAULT_LANG


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
