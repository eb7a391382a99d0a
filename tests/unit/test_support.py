"""The support table turns red before anything the course relies on reaches its end."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from modules import catalog, support

ROOT = Path(__file__).resolve().parents[2]


def test_nothing_the_course_relies_on_ends_within_90_days_or_went_unchecked() -> None:
    assert support.problems(date.today()) == []


def test_an_end_date_turns_red_90_days_before() -> None:
    runtime = support.dependency("python313")
    assert runtime.ends is not None
    assert runtime.problem(runtime.ends - timedelta(days=91)) is None
    found = runtime.problem(runtime.ends - timedelta(days=90))
    assert found is not None and "90 days" in found and runtime.source in found


def test_an_entry_without_an_end_turns_red_when_its_check_gets_old() -> None:
    provider = support.dependency("aws_provider")
    assert provider.ends is None
    assert provider.problem(provider.checked + timedelta(days=support.RECHECK_DAYS)) is None
    found = provider.problem(provider.checked + timedelta(days=support.RECHECK_DAYS + 1))
    assert found is not None and "check" in found


def test_every_entry_was_checked_in_the_past_against_an_https_source() -> None:
    for entry in support.DEPENDENCIES:
        assert entry.checked <= date.today(), entry.key
        assert entry.source.startswith("https://"), entry.key
        assert entry.pages, f"{entry.key} names no page that depends on it"


@pytest.mark.parametrize("entry", support.DEPENDENCIES, ids=lambda e: e.key)
@pytest.mark.parametrize("lang", catalog.LANGUAGES)
def test_the_pages_that_depend_on_an_entry_say_so(entry: support.Dependency, lang: str) -> None:
    for page in entry.pages:
        text = (ROOT / "docs" / lang / page).read_text(encoding="utf-8")
        assert f'support_note("{entry.key}")' in text, (
            f"docs/{lang}/{page} says nothing of {entry.key}"
        )


def test_an_unknown_entry_names_the_known_ones() -> None:
    with pytest.raises(support.UnknownDependency, match="python313"):
        support.dependency("python2.7")


@pytest.mark.parametrize("lang", catalog.LANGUAGES)
def test_the_table_and_a_note_render_in_each_language(lang: str) -> None:
    table = support.table_markdown(lang)
    assert table.count("\n") == len(support.DEPENDENCIES) + 2
    assert "2029-06-30" in table
    note = support.note_markdown("material", lang, "../reference/support.md")
    assert (
        note.startswith("!!! info")
        and "2027-05-05" in note
        and "](../reference/support.md)" in note
    )
