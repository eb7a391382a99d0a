"""`course init DIR`: the reader's own project, and every refusal."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from modules.cli import main
from modules.cli.exit_codes import ExitCode
from modules.deployment.project import COURSE_ROOT, find_project
from modules.learner.curriculum import FILES
from modules.learner.reference import file_at
from modules.learner.stages import Stage
from tests.fixtures import new_project


def test_init_makes_a_git_project_with_module_0_hygiene(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "my-project"
    assert main(["init", str(folder), "--lang", "en"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert f"Project created in {folder}" in out and "module 0" in out
    for file in FILES:  # module 0's own files, with its exercises open
        if file.module == 0:
            assert (folder / file.path).read_text() == file_at(file, Stage(0))
            assert "Tu turno / Your turn" in (folder / file.path).read_text()
    assert "My AWS Zero to Architect project" in (folder / "README.md").read_text()
    assert all((folder / name).is_dir() for name in ("code", "terraform", "tests"))
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=folder, capture_output=True, text=True, check=True
    )
    assert "course.toml" in status.stdout  # a git repository, nothing committed for the reader
    assert find_project(folder / "code").root == folder
    assert not list(tmp_path.glob(".*course-init"))  # no staging folder left


def test_init_speaks_the_run_s_language(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "p"), "--lang", "es"]) == ExitCode.OK
    assert "Mi proyecto de AWS Zero to Architect" in (tmp_path / "p" / "README.md").read_text()


def test_init_fills_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["init", str(tmp_path / "empty")]) == ExitCode.OK
    assert (tmp_path / "empty" / "course.toml").is_file()


def test_init_refuses_a_non_empty_folder_and_touches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["init", str(tmp_path), "--lang", "en"]) == ExitCode.USAGE
    assert "is not empty and is not a course project" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_on_a_course_project_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = new_project(tmp_path / "p")
    before = (project / "course.toml").read_text()
    assert main(["init", str(project), "--lang", "en"]) == ExitCode.OK
    assert "a course project already" in capsys.readouterr().out
    assert sorted(p.name for p in project.iterdir()) == ["course.toml"]
    assert (project / "course.toml").read_text() == before


def test_init_refuses_a_folder_inside_the_course_repository(
    capsys: pytest.CaptureFixture[str],
) -> None:
    inside = COURSE_ROOT / "build" / "never-made"
    assert main(["init", str(inside), "--lang", "en"]) == ExitCode.USAGE
    assert "inside the course repository" in capsys.readouterr().err
    assert not inside.exists()


def test_init_refuses_a_folder_inside_another_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outer = new_project(tmp_path / "outer")
    assert main(["init", str(outer / "inner"), "--lang", "en"]) == ExitCode.USAGE
    assert "inside another course project" in capsys.readouterr().err
    assert not (outer / "inner").exists()


def test_init_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f").write_text("")
    assert main(["init", str(tmp_path / "f"), "--lang", "en"]) == ExitCode.USAGE
    assert "is a file, not a folder" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["verify", "1"], ["progress"], ["invoke"]])
def test_a_new_project_without_a_sandbox_says_to_start_one(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    folder = tmp_path / "my-project"
    assert main(["init", str(folder)]) == ExitCode.OK
    capsys.readouterr()
    monkeypatch.chdir(folder)
    assert main([*command, "--lang", "en"]) == ExitCode.UNAVAILABLE
    assert f"no sandbox is running in {folder}" in capsys.readouterr().err
