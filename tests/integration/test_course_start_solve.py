"""`course start N` and `course solve N` in a reader's project: what they write, keep and refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.cli import main
from modules.cli.exit_codes import ExitCode
from modules.deployment.project import COURSE_ROOT
from modules.learner.curriculum import LAST_MODULE
from modules.learner.start import StartRefused, start_module

YOUR_TURN = "Tu turno / Your turn"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "my-project"
    assert main(["init", str(root), "--lang", "en"]) == ExitCode.OK
    monkeypatch.chdir(root)
    return root


def course(*args: str) -> int:
    return main([*args, "--lang", "en"])


def test_start_writes_the_module_files_with_their_exercises_open(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert course("start", "1") == ExitCode.OK
    out = capsys.readouterr().out
    assert "terraform/bootstrap/s3.tf  (new)" in out
    assert "1.versioning" in out and "1.public-access" in out
    s3 = (project / "terraform" / "bootstrap" / "s3.tf").read_text()
    assert f"{YOUR_TURN} (1.versioning)" in s3 and "--8<--" not in s3
    assert not (project / "terraform" / "lambda.tf").exists()  # module 3's


def test_start_never_solves_an_earlier_exercise(project: Path) -> None:
    before = (project / ".gitignore").read_text()
    assert f"{YOUR_TURN} (0.ignore-secrets)" in before
    assert course("start", "2") == ExitCode.OK
    assert (project / ".gitignore").read_text() == before


def test_start_again_has_nothing_to_do(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert course("start", "1") == ExitCode.OK
    capsys.readouterr()
    assert course("start", "1") == ExitCode.OK
    assert "nothing to do" in capsys.readouterr().out


def test_the_readers_edits_survive_a_module_that_changes_the_same_file(project: Path) -> None:
    start_module(project, 1)
    variables = project / "terraform" / "variables.tf"
    variables.write_text("# my notes on the variables\n" + variables.read_text())
    written = {w.path: w.action.value for w in start_module(project, 2)}
    assert written["terraform/variables.tf"] == "merged"
    text = variables.read_text()
    assert text.startswith("# my notes on the variables\n")
    assert 'variable "log_retention_days"' in text  # module 2's addition


def test_a_clash_with_the_readers_edits_writes_nothing_unless_forced(project: Path) -> None:
    start_module(project, 1)
    variables = project / "terraform" / "variables.tf"
    mine = variables.read_text() + '\nvariable "mine" {\n  type = string\n}\n'
    variables.write_text(mine)  # where module 2 adds its own variable
    with pytest.raises(StartRefused, match=r"terraform/variables\.tf"):
        start_module(project, 2)
    assert variables.read_text() == mine
    assert not (project / "terraform" / "dynamodb.tf").exists()  # nothing at all was written

    written = {w.path: w.action.value for w in start_module(project, 2, force=True)}
    assert written["terraform/variables.tf"] == "replaced"
    assert (project / "terraform" / "variables.tf.orig").read_text() == mine
    assert 'variable "log_retention_days"' in variables.read_text()


def test_a_clash_exits_1_with_the_fix(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    start_module(project, 1)
    variables = project / "terraform" / "variables.tf"
    variables.write_text(variables.read_text() + '\nvariable "mine" {}\n')
    assert course("start", "2") == ExitCode.FAILED
    assert "--force" in capsys.readouterr().err


def test_solve_shows_the_diff_and_writes_only_when_told(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    start_module(project, 3)
    repository = project / "code/auth_sessions/adapters/dynamodb_session_repository.py"
    opened = repository.read_text()
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert course("solve", "3") == ExitCode.FAILED  # nobody to ask
    out = capsys.readouterr().out
    assert "+++ b/code/auth_sessions/adapters/dynamodb_session_repository.py" in out
    assert "Nothing was written" in out and repository.read_text() == opened

    assert course("solve", "3", "--yes") == ExitCode.OK
    solved = repository.read_text()
    assert YOUR_TURN not in solved and "get_item(" in solved and "delete_item(" in solved
    assert course("solve", "3", "--yes") == ExitCode.OK
    assert "nothing to do" in capsys.readouterr().out


def test_solve_keeps_the_readers_own_lines_outside_the_exercises(project: Path) -> None:
    start_module(project, 1)
    s3 = project / "terraform" / "bootstrap" / "s3.tf"
    s3.write_text("# my state bucket\n" + s3.read_text())
    assert course("solve", "1", "--yes") == ExitCode.OK
    text = s3.read_text()
    assert text.startswith("# my state bucket\n") and "restrict_public_buckets = true" in text


@pytest.mark.parametrize("command", ["start", "solve"])
def test_the_course_repository_is_not_a_readers_project(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(COURSE_ROOT)
    assert course(command, "1") == ExitCode.USAGE
    assert "course init DIR" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["start", "solve"])
def test_outside_any_project_the_error_says_how_to_make_one(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert course(command, "1") == ExitCode.USAGE
    assert "course init DIR" in capsys.readouterr().err


def test_a_module_without_files_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert course("start", "9") == ExitCode.FAILED
    assert f"0 to {LAST_MODULE}" in capsys.readouterr().err
