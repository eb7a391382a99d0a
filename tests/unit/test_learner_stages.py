"""The reference at any stage: marked regions, exercises and the curriculum that names them."""

from __future__ import annotations

import re

import pytest

from modules.checks import checks_for
from modules.deployment.project import COURSE_ROOT
from modules.learner.curriculum import EXERCISES, FILES, LAST_MODULE, STUBS
from modules.learner.reference import file_at, files_at
from modules.learner.stages import SECTION_MARK, Stage, StageMarkError, render

TEXT = """\
a
# --8<-- [start:page-section]
b
# --8<-- [start:from-m2-new]
c
# --8<-- [end:from-m2-new]
# --8<-- [start:until-m2-old]
d
# --8<-- [end:until-m2-old]
# --8<-- [end:page-section]
  # --8<-- [start:exercise-m1-gap]
  e
  # --8<-- [end:exercise-m1-gap]
f
"""
STUB = {"exercise-m1-gap": "todo()"}


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        (Stage(0), "a\nb\nd\nf\n"),
        (Stage(1), "a\nb\nd\n  todo()\nf\n"),
        (Stage(1, frozenset({1})), "a\nb\nd\n  e\nf\n"),
        (Stage(2), "a\nb\nc\nd\n  todo()\nf\n"),
        (Stage(3, frozenset({1})), "a\nb\nc\n  e\nf\n"),
    ],
    ids=["before", "exercise-open", "exercise-solved", "both-versions-at-2", "after"],
)
def test_a_stage_keeps_its_regions_and_no_mark(stage: Stage, expected: str) -> None:
    assert render(TEXT, stage, STUB) == expected


@pytest.mark.parametrize(
    "broken",
    [
        "# --8<-- [start:from-m2-x]\na\n",
        "a\n# --8<-- [end:from-m2-x]\n",
        "# --8<-- [start:from-m2-x]\n# --8<-- [end:until-m2-y]\n",
    ],
    ids=["never-closed", "closes-nothing", "crossed"],
)
def test_marks_that_do_not_pair_up_are_refused(broken: str) -> None:
    with pytest.raises(StageMarkError):
        render(broken, Stage(3), {})


def test_an_exercise_without_a_stub_is_refused() -> None:
    with pytest.raises(StageMarkError, match="no stub"):
        render(TEXT, Stage(1), {})


def test_a_region_left_out_takes_one_blank_line_with_it() -> None:
    text = "a\n\n# --8<-- [start:from-m4-x]\nb\n# --8<-- [end:from-m4-x]\n\nc\n"
    assert render(text, Stage(3), {}) == "a\n\nc\n"


@pytest.mark.parametrize("stage", [Stage(0), Stage(3, frozenset({0, 2})), Stage.end_of(4)])
def test_a_stage_label_reads_back_as_the_same_stage(stage: Stage) -> None:
    assert Stage.parse(stage.label) == stage


def test_every_file_renders_at_every_stage() -> None:
    for module in range(LAST_MODULE + 1):
        for stage in (Stage(module), Stage.end_of(module)):
            assert len(files_at(stage)) == sum(1 for f in FILES if f.module <= module)


def test_at_the_end_the_reader_has_the_reference_without_its_marks() -> None:
    # What the course repository runs is the last module's reference: only the regions that
    # last until an earlier module are not in it.
    for file in FILES:
        reference = (COURSE_ROOT / file.reference).read_text(encoding="utf-8")
        kept, until = [], False
        for line in reference.splitlines(True):
            mark = SECTION_MARK.search(line)
            if mark is None:
                kept += [] if until else [line]
            elif "until-m" in line:
                until = "[start:" in line
        rendered = file_at(file, Stage.end_of(LAST_MODULE))
        assert [line for line in rendered.splitlines() if line.strip()] == [
            line.rstrip("\n") for line in kept if line.strip()
        ], file.path
        # Marks leave no longer runs of blank lines than the code itself has.
        assert "\n\n\n\n" not in rendered, file.path


def test_every_exercise_region_is_in_its_file_once_and_is_a_real_gap() -> None:
    by_path = {file.path: file for file in FILES}
    for exercise in EXERCISES:
        file = by_path[exercise.path]
        assert file.module <= exercise.module, exercise.id
        text = (COURSE_ROOT / file.reference).read_text(encoding="utf-8")
        assert text.count(f"[start:{exercise.region}]") == 1, exercise.id
        opened = file_at(file, Stage(exercise.module))
        solved = file_at(file, Stage(exercise.module, frozenset({exercise.module})))
        assert "Your turn" in opened and opened != solved, exercise.id


def test_every_exercise_region_in_the_reference_has_its_exercise() -> None:
    regions = set()
    for file in FILES:
        text = (COURSE_ROOT / file.reference).read_text(encoding="utf-8")
        regions |= set(re.findall(r"\[start:(exercise-m\d+-[-a-z0-9]+)\]", text))
    assert regions == set(STUBS)


def test_every_exercise_is_graded_by_checks_of_its_module() -> None:
    for exercise in EXERCISES:
        ids = {check.id for check in checks_for(exercise.module)}
        assert exercise.checks and set(exercise.checks) <= ids, exercise.id


def test_every_module_up_to_the_last_has_at_least_two_exercises() -> None:
    for module in range(LAST_MODULE + 1):
        assert sum(1 for e in EXERCISES if e.module == module) >= 2, module
