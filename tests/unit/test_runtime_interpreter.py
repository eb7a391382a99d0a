"""Finding the Python of the function's runtime, and the runtime's virtual environment."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from modules.i18n import Text
from modules.runtime import interpreter
from modules.runtime.errors import LocalRuntimeError
from modules.runtime.interpreter import (
    InterpreterNotFound,
    RuntimeNotInstalled,
    deployed_runtime,
    find_interpreter,
    lambda_python,
    requirements,
    runtime_version,
)
from tests.fixtures.language import assert_spoken_in

TOOLING = f"python{sys.version_info[0]}.{sys.version_info[1]}"


def script(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def empty_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH with nothing on it but a folder of ours, and an empty pyenv root."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    return bin_dir


def test_a_runtime_name_gives_its_version() -> None:
    assert runtime_version("python3.13") == (3, 13)
    assert runtime_version("python3.9") == (3, 9)
    for wrong in ("nodejs20.x", "python3", "python3.x"):
        with pytest.raises(LocalRuntimeError, match="not a Python runtime"):
            runtime_version(wrong)


def test_the_deployed_runtime_is_the_one_terraform_sets(tmp_path: Path) -> None:
    assert runtime_version(deployed_runtime())  # the course's own lambda.tf names one
    lambda_tf = tmp_path / "lambda.tf"
    lambda_tf.write_text(
        'resource "x" "y" {\n  handler = "a.b"\n  runtime          = "python3.12"\n}'
    )
    assert deployed_runtime(lambda_tf) == "python3.12"
    lambda_tf.write_text('resource "x" "y" {}')
    with pytest.raises(LocalRuntimeError, match="sets no runtime"):
        deployed_runtime(lambda_tf)


def test_the_interpreter_on_path_is_found_by_its_real_path(empty_search: Path) -> None:
    script(empty_search / TOOLING, f'exec "{sys.executable}" "$@"')
    assert find_interpreter(TOOLING).samefile(sys.executable)


def test_a_dead_shim_on_path_is_skipped_for_pyenv(empty_search: Path, tmp_path: Path) -> None:
    script(empty_search / TOOLING, "echo 'pyenv: command not found' >&2; exit 127")
    minor = f"{sys.version_info[0]}.{sys.version_info[1]}"
    for patch in ("0", "10", "2"):
        folder = tmp_path / "pyenv" / "versions" / f"{minor}.{patch}" / "bin"
        script(folder / TOOLING, f'exec "{sys.executable}" "$@"')
    found = interpreter.candidates(runtime_version(TOOLING))
    assert [path.parents[1].name for path in found[1:]] == [
        f"{minor}.10",
        f"{minor}.2",
        f"{minor}.0",
    ]
    assert find_interpreter(TOOLING).samefile(sys.executable)


def test_an_interpreter_of_another_version_is_not_taken(empty_search: Path) -> None:
    # A python3.99 on PATH that is really this Python answers with the wrong version.
    script(empty_search / "python3.99", f'exec "{sys.executable}" "$@"')
    with pytest.raises(InterpreterNotFound, match=r"tried .*python3\.99"):
        find_interpreter("python3.99")


def test_no_interpreter_says_how_to_install_one(empty_search: Path) -> None:
    with pytest.raises(InterpreterNotFound) as raised:
        find_interpreter("python3.99")
    message = str(raised.value)
    assert "no Python 3.99 was found" in message
    assert "pyenv install 3.99" in message and "uv python install 3.99" in message
    assert "make setup" in message


def test_the_runtime_packages_are_pinned_as_in_pyproject(tmp_path: Path) -> None:
    pins = requirements()
    assert [pin.split("==")[0] for pin in pins] == ["awslambdaric", "boto3"]
    assert all(pin.count("==") == 1 for pin in pins)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\ndependencies = ["boto3>=1"]\n')
    with pytest.raises(LocalRuntimeError, match="pins no awslambdaric"):
        requirements(pyproject)


def make_venv(root: Path, version: str, with_client: bool = True) -> Path:
    (root / "bin").mkdir(parents=True)
    (root / "bin" / "python").write_text("")
    (root / "pyvenv.cfg").write_text(f"home = /usr/bin\nversion = {version}\n")
    site = root / "lib" / f"python{'.'.join(version.split('.')[:2])}" / "site-packages"
    site.mkdir(parents=True)
    if with_client:
        (site / "awslambdaric").mkdir()
    return root


def test_the_runtime_venv_gives_the_interpreter_and_its_packages(tmp_path: Path) -> None:
    venv = make_venv(tmp_path / ".venv-lambda", "3.13.4")
    python = lambda_python("python3.13", venv)
    assert python.executable == venv / "bin" / "python"
    assert python.version == "3.13.4"
    assert python.cache_tag == "cpython-313"
    assert python.runtime_dir == venv / "lib" / "python3.13" / "site-packages" / "awslambdaric"


@pytest.mark.parametrize(
    ("version", "with_client", "expected"),
    [
        (None, True, "there is no .venv-lambda/"),
        ("3.12.1", True, "has Python 3.12.1: run `make setup`"),
        ("3.13.0", False, "has no awslambdaric"),
    ],
    ids=["missing", "other-version", "no-client"],
)
def test_a_missing_or_wrong_runtime_venv_says_to_run_make_setup(
    tmp_path: Path, version: str | None, with_client: bool, expected: str
) -> None:
    venv = tmp_path / ".venv-lambda"
    if version:
        make_venv(venv, version, with_client)
    with pytest.raises(RuntimeNotInstalled, match=expected):
        lambda_python("python3.13", venv)


def test_the_command_prints_the_interpreter_runtime_and_pins(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert interpreter.main(["runtime"]) == 0
    assert capsys.readouterr().out.strip() == deployed_runtime()
    assert interpreter.main(["requirements"]) == 0
    assert capsys.readouterr().out.split() == requirements()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_command_s_errors_follow_the_run_s_language(
    lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `make setup` runs it before `course` exists; COURSE_LANG still decides.
    lambda_tf = tmp_path / "lambda.tf"
    lambda_tf.write_text('resource "x" "y" {}')
    monkeypatch.setattr(interpreter, "deployed_runtime", lambda: deployed_runtime(lambda_tf))
    monkeypatch.setenv("COURSE_LANG", lang)
    assert interpreter.main(["runtime"]) == 1
    phrase = Text(es=f"{lambda_tf} no fija ningún runtime", en=f"{lambda_tf} sets no runtime")
    assert_spoken_in(capsys.readouterr().err, lang, [phrase])


def test_no_interpreter_is_explained_in_both_languages(empty_search: Path) -> None:
    with pytest.raises(InterpreterNotFound) as raised:
        find_interpreter("python3.99")
    assert "no se encontró ningún Python 3.99" in raised.value.detail.es
    assert "pyenv install 3.99" in raised.value.detail.es
    assert "no Python 3.99 was found" in raised.value.detail.en
