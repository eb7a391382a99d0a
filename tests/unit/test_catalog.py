from __future__ import annotations

import pytest

from modules.catalog import LANGUAGES, LEVELS, MODULES, module


def test_modules_are_numbered_from_zero_without_gaps() -> None:
    assert [m.number for m in MODULES] == list(range(len(MODULES)))


@pytest.mark.parametrize("mod", MODULES, ids=lambda m: m.slug)
def test_each_module_is_complete_in_both_languages(mod) -> None:
    assert mod.level in LEVELS
    assert mod.minutes > 0
    for lang in LANGUAGES:
        assert mod.title[lang].strip()
        assert mod.summary[lang].strip()


@pytest.mark.parametrize("mod", MODULES, ids=lambda m: m.slug)
def test_prerequisites_are_earlier_modules(mod) -> None:
    assert all(p < mod.number for p in mod.prerequisites)


def test_unknown_module_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="modules 0 to 5"):
        module(9)
