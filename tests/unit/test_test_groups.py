"""The work units the test run is split into stay true to the files they name."""

from __future__ import annotations

import re

from tests.conftest import GROUPS, ROOT, longest_first, work_unit


def test_every_grouped_file_exists() -> None:
    missing = sorted(
        path for files in GROUPS.values() for path in files if not (ROOT / path).is_file()
    )
    assert missing == []


FIXTURE = re.compile(r"@pytest\.fixture[^\n]*\ndef (\w+)\(([^)]*)\)")


def site_fixtures() -> set[str]:
    """built_site, and every conftest fixture that stands on it, directly or not."""
    declared = {
        name: parameters
        for conftest in (ROOT / "tests").rglob("conftest.py")
        for name, parameters in FIXTURE.findall(conftest.read_text(encoding="utf-8"))
    }
    needing = {"built_site"}
    while more := {
        name
        for name, parameters in declared.items()
        if name not in needing and any(re.search(rf"\b{n}:", parameters) for n in needing)
    }:
        needing |= more
    return needing


def test_the_site_fixtures_include_those_standing_on_the_build() -> None:
    assert {"built_site", "built_html", "site_url", "visit", "tab"} <= site_fixtures()


def test_every_test_file_reading_the_built_site_shares_its_build() -> None:
    uses = re.compile(rf"\b({'|'.join(site_fixtures())}):")
    readers = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tests").rglob("test_*.py")
        if "unit" not in path.parts and uses.search(path.read_text(encoding="utf-8"))
    }
    assert readers - GROUPS["site"] == set()


def test_a_test_runs_with_its_group_or_else_with_its_file() -> None:
    assert work_unit("tests/docs/test_sandbox_steps.py::test_x[es/a.md]") == "sandbox-pages"
    assert work_unit("tests/docs/test_repository.py::test_y") == "tests/docs/test_repository.py"


def test_the_groups_are_handed_out_first_then_the_files_with_most_tests() -> None:
    collection = [
        "tests/docs/test_repository.py::a",
        "tests/docs/test_fences.py::a",
        "tests/docs/test_fences.py::b",
        "tests/e2e/test_reader_path.py::a",
        "tests/docs/test_sandbox_steps.py::a",
        "tests/integration/test_local_api_cli.py::a",
        "tests/docs/test_sandbox_steps.py::b",
    ]
    assert longest_first(collection) == [
        "tests/docs/test_sandbox_steps.py::a",
        "tests/docs/test_sandbox_steps.py::b",
        "tests/e2e/test_reader_path.py::a",
        "tests/integration/test_local_api_cli.py::a",
        "tests/docs/test_fences.py::a",
        "tests/docs/test_fences.py::b",
        "tests/docs/test_repository.py::a",
    ]
