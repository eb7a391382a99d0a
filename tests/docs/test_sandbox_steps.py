"""A page's `.sandbox-step` fences run in order against a fresh sandbox and print what it says."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from modules.deployment.project import COURSE_ROOT, find_root
from modules.learner.curriculum import FILES, LAST_MODULE
from modules.learner.project import reader_project
from modules.learner.reference import files_at
from modules.learner.stages import Stage
from tests.doctools.checkout import checkout_at, module_of, reader_project_at
from tests.doctools.fences import scan
from tests.doctools.inventory import Inventory, inventory
from tests.doctools.pages import Page
from tests.doctools.snippets import SnippetExpander
from tests.doctools.steps import (
    STEP,
    CourseSandbox,
    Step,
    StepLayoutError,
    output_mismatch,
    page_steps,
    run_page,
)

# Steps are identical in every language (the parity tests say so): run the source pages only.
STEPPED = [
    page
    for page in inventory().pages
    if page.lang == inventory().config.default_language
    and any(fence.has(STEP) for fence in inventory().scans[page.id].fences)
]
PAGES = inventory().pages


@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_expected_outputs_follow_a_step(
    page: Page, pages: Inventory, expander: SnippetExpander
) -> None:
    try:
        page_steps(pages.scans[page.id], expander)
    except StepLayoutError as error:
        pytest.fail(str(error))


@pytest.mark.sandbox
@pytest.mark.parametrize("page", STEPPED, ids=[page.id for page in STEPPED])
def test_page_steps_run_against_a_fresh_sandbox(
    page: Page, pages: Inventory, expander: SnippetExpander, tmp_path: Path
) -> None:
    steps = page_steps(pages.scans[page.id], expander)
    module = module_of(page.rel)
    assert module is not None, f"{page.id} has sandbox steps but is no module's page"
    # Pages 1 to 5 speak to the reader's project as it stands at the end of their module;
    # module 0's steps are about the course repository, at module 0.
    if module == 0:
        root = checkout_at(Stage.end_of(module), tmp_path / "course")
    else:
        root = reader_project_at(module, tmp_path / "mi-proyecto")
    result = run_page(steps, CourseSandbox(root), cwd=root)
    assert not result.problems(), "\n\n".join(result.problems())


@pytest.mark.parametrize("module", range(1, LAST_MODULE + 1))
def test_pages_after_module_0_run_in_a_reader_project_at_their_module(
    module: int, tmp_path: Path
) -> None:
    root = reader_project_at(module, tmp_path / "mi-proyecto")
    assert reader_project(root) == root != COURSE_ROOT  # `course` acts on it, not the course
    assert find_root(root / "terraform") == root
    for path, text in files_at(Stage.end_of(module)).items():
        assert (root / path).read_text(encoding="utf-8") == text, path
    later = [file.path for file in FILES if file.module > module and (root / file.path).exists()]
    assert later == []
    assert (root / ".git").is_dir() and (root / "README.md").is_file()  # what `course init` writes


# The runner itself, on synthetic pages and a fake sandbox.


@dataclass
class FakeSandbox:
    calls: list[str] = field(default_factory=list)

    def up(self) -> dict[str, str]:
        self.calls.append("up")
        return {"AWS_ENDPOINT_URL": "http://127.0.0.1:1"}

    def down(self) -> None:
        self.calls.append("down")


def steps_of(text: str, expander: SnippetExpander) -> list[Step]:
    return page_steps(scan(text, "es/synthetic.md"), expander)


PAGE = """# Page { #page }

```bash { .sandbox-step }
export GREETING=hola
echo "step one"
```

Some prose between the steps.

```bash { .sandbox-step }
echo "$GREETING from $(basename "$PWD") at $AWS_ENDPOINT_URL"
echo "to stderr" >&2
```

```text { .expected-output }
hola from ... at http://127.0.0.1:1
to stderr
```

```bash
echo "a plain fence never runs"; exit 1
```
"""


def test_steps_run_in_order_in_one_session_against_the_sandbox(
    tmp_path: Path, expander: SnippetExpander
) -> None:
    sandbox = FakeSandbox()
    steps = steps_of(PAGE, expander)
    result = run_page(steps, sandbox, cwd=tmp_path)
    assert [s.line for s in steps] == [3, 10]
    assert result.problems() == []
    assert [o.output.strip() for o in result.outcomes] == [
        "step one",
        f"hola from {tmp_path.name} at http://127.0.0.1:1\nto stderr",
    ]
    assert sandbox.calls == ["up", "down"]


def test_an_output_that_differs_from_the_page_fails(
    tmp_path: Path, expander: SnippetExpander
) -> None:
    steps = steps_of(PAGE.replace("hola from", "adiós from"), expander)
    problems = run_page(steps, FakeSandbox(), cwd=tmp_path).problems()
    assert len(problems) == 1
    assert problems[0].startswith("es/synthetic.md:10: output lacks ['adiós from ... at")


def test_an_unmarked_partial_expected_output_fails(
    tmp_path: Path, expander: SnippetExpander
) -> None:
    partial = PAGE.replace("hola from ... at http://127.0.0.1:1\n", "")
    problems = run_page(steps_of(partial, expander), FakeSandbox(), cwd=tmp_path).problems()
    assert len(problems) == 1
    assert "output has lines the page does not show" in problems[0]
    elided = PAGE.replace("hola from ... at http://127.0.0.1:1\n", "…\n")
    assert run_page(steps_of(elided, expander), FakeSandbox(), cwd=tmp_path).problems() == []


@pytest.mark.parametrize(
    "failing",
    ["false", 'echo "$NOT_SET_ANYWHERE"', "false | cat", "exit 0"],
    ids=["error", "unset-variable", "pipefail", "early-exit"],
)
def test_a_failing_step_stops_the_session_and_the_sandbox_still_goes_down(
    tmp_path: Path, expander: SnippetExpander, failing: str
) -> None:
    page = PAGE.replace('echo "step one"', f'echo "step one"\n{failing}')
    sandbox = FakeSandbox()
    result = run_page(steps_of(page, expander), sandbox, cwd=tmp_path)
    problems = result.problems()
    assert len(problems) == 1
    assert problems[0].startswith("es/synthetic.md:3: the session stopped in this step")
    assert len(result.outcomes) == 1  # the second step never ran
    assert sandbox.calls == ["up", "down"]


def test_an_expected_output_without_a_step_is_a_layout_error(expander: SnippetExpander) -> None:
    with pytest.raises(StepLayoutError, match=r"es/synthetic\.md:3"):
        steps_of("# P { #p }\n\n```text { .expected-output }\nhi\n```\n", expander)


def test_a_step_that_includes_a_file_runs_the_file(
    tmp_path: Path, expander: SnippetExpander
) -> None:
    steps = steps_of('```bash { .sandbox-step }\n--8<-- "pyproject.toml"\n```\n', expander)
    assert "[project]" in steps[0].script


def test_a_sandbox_that_is_already_running_is_left_alone(tmp_path: Path) -> None:
    state = tmp_path / ".sandbox" / "state.json"
    state.parent.mkdir()
    state.write_text('{"endpoint": "http://127.0.0.1:1", "pid": 1, "outputs": {}}')
    with pytest.raises(RuntimeError, match="already running"):
        CourseSandbox(tmp_path).up()
    assert state.exists()


@pytest.mark.parametrize(
    ("expected", "actual", "matches"),
    [
        ("a\nb\n", "a\nb\n", True),
        ("  a  \n\n b\n", "a\n\nb  \n", True),
        ("a b c\n", "a\tb    c\n", True),
        ("Plan: 1 to add\n", "\x1b[1mPlan:\x1b[0m 1 to add\n\x1b[0m\n", True),
        ("b\na\n", "a\nb\n", False),
        ("a\n", "a\nb\n", False),
        ("b\n", "a\nb\n", False),
        ("a\n…\n", "a\nb\nc\n", True),
        ("…\nb\n…\n", "a\nb\nc\n", True),
        ("a\n…\nc\n", "a\nc\n", True),
        ("x a\n", "x a y\n", False),
        ("x a…\n", "x a y\n", True),
        ("x a …\n", "x ab\n", False),
        ("status: ... ok\n", "status: 201 ok\n", True),
        ("status: ... ok\n", "status: 201 failed\n", False),
        ("a.b\n", "axb\n", False),
        ("...\n", "a\nb\n", False),
    ],
    ids=[
        "whole",
        "spaces-and-blank-lines",
        "runs-of-spaces",
        "colour-codes",
        "order",
        "extra-line-after",
        "extra-line-before",
        "elided-tail",
        "elided-both-ends",
        "elision-of-nothing",
        "partial-line",
        "prefix",
        "prefix-keeps-its-space",
        "wildcard",
        "wildcard-miss",
        "literal",
        "dots-are-not-an-elision",
    ],
)
def test_expected_output_matches_whole_unless_elided(
    expected: str, actual: str, matches: bool
) -> None:
    assert (output_mismatch(expected, actual) is None) is matches


def test_a_mismatch_names_the_missing_lines_or_the_unshown_ones() -> None:
    assert output_mismatch("a\nz\n", "a\nb\n") == "output lacks ['z']"
    assert "does not show" in (output_mismatch("a\n", "a\nb\n") or "")
