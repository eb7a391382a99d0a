from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from modules.cli import main
from modules.cli.exit_codes import ExitCode
from modules.i18n import Text
from modules.packaging import (
    DIR_MODE,
    FILE_MODE,
    FIXED_TIMESTAMP,
    ROOT,
    SOURCE,
    PackagingError,
    build_zip,
    package_files,
)
from modules.runtime.interpreter import deployed_runtime, lambda_python
from tests.fixtures import new_project
from tests.fixtures.language import assert_spoken_in

# The flags word of a PEP 552 .pyc: bit 0 hash-based, bit 1 check the source.
UNCHECKED_HASH = 0b01


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A private copy of the package, free to change."""
    copy = tmp_path / "src" / "auth_sessions"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_two_builds_of_the_same_source_are_identical(source: Path, tmp_path: Path) -> None:
    first = build_zip(source, tmp_path / "one.zip")
    for path in source.rglob("*.py"):  # a fresh checkout has other times and modes
        os.utime(path, (0, 2_000_000_000))
        path.chmod(0o600)
    second = build_zip(source, tmp_path / "two.zip")
    assert first.sha256 == second.sha256
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()


def test_a_change_to_the_source_changes_the_digest(source: Path, tmp_path: Path) -> None:
    before = build_zip(source, tmp_path / "before.zip")
    service = source / "service.py"
    service.write_text(service.read_text() + "\n# a change\n")
    after = build_zip(source, tmp_path / "after.zip")
    assert before.sha256 != after.sha256


def test_the_zip_holds_exactly_the_packages_python_files(source: Path, tmp_path: Path) -> None:
    (source / "__pycache__").mkdir()
    (source / "__pycache__" / "service.cpython-311.pyc").write_bytes(b"\0")
    (source / "tests").mkdir()
    (source / "tests" / "helper.py").write_text("")
    (source / "test_service.py").write_text("")
    (source / "notes.md").write_text("")
    result = build_zip(source, tmp_path / "lambda.zip", bytecode=False)
    expected = {f"auth_sessions/{p.relative_to(source).as_posix()}" for p in package_files(source)}
    with zipfile.ZipFile(result.path) as archive:
        files = {name for name in archive.namelist() if not name.endswith("/")}
    assert files == expected
    assert {p.name for p in package_files(source)} >= {"lambda_handler.py", "model.py"}
    assert not any("boto" in name or "__pycache__" in name or "test" in name for name in files)
    # The test doubles stay home: the function never imports them.
    assert not {"in_memory_session_repository.py", "fixed_clock.py"} & {
        name.rsplit("/", 1)[-1] for name in files
    }
    assert len(result.entries) == len(set(result.entries))
    assert result.cache_tag is None


def test_every_module_ships_its_bytecode_from_the_runtimes_python(tmp_path: Path) -> None:
    python = lambda_python(deployed_runtime())
    result = build_zip(SOURCE, tmp_path / "lambda.zip")
    assert result.cache_tag == python.cache_tag
    with zipfile.ZipFile(result.path) as archive:
        names = set(archive.namelist())
        sources = [name for name in names if name.endswith(".py")]
        for name in sources:
            folder, _, module = name.rpartition("/")
            compiled = f"{folder}/__pycache__/{module[:-3]}.{python.cache_tag}.pyc"
            assert compiled in names, name
            data = archive.read(compiled)
            # PEP 552: magic, flags, then the source's hash instead of its mtime and size.
            assert int.from_bytes(data[4:8], "little") == UNCHECKED_HASH, compiled
            assert str(ROOT).encode() not in data  # no machine path in the code objects
    assert len(names - set(sources)) >= len(sources)  # a .pyc per module, plus the folders


def test_the_bytecode_is_the_same_bytes_from_a_fresh_checkout(source: Path, tmp_path: Path) -> None:
    # Each build runs a new interpreter with its own string hashes; set constants
    # (frozensets) must still be written in one order.
    first = build_zip(source, tmp_path / "one.zip", python=Path(sys.executable))
    moved = tmp_path / "elsewhere" / "auth_sessions"
    shutil.copytree(source, moved)
    second = build_zip(moved, tmp_path / "two.zip", python=Path(sys.executable))
    assert first.sha256 == second.sha256
    assert first.cache_tag == sys.implementation.cache_tag


def test_an_interpreter_that_cannot_compile_fails_the_build(source: Path, tmp_path: Path) -> None:
    with pytest.raises(PackagingError, match="could not compile"):
        build_zip(source, tmp_path / "a.zip", python=tmp_path / "no-python")
    (source / "service.py").write_text("def broken(:\n")
    with pytest.raises(PackagingError, match="SyntaxError"):
        build_zip(source, tmp_path / "b.zip", python=Path(sys.executable))


def test_entries_are_sorted_with_a_fixed_time_and_fixed_modes(tmp_path: Path) -> None:
    result = build_zip(SOURCE, tmp_path / "lambda.zip")
    with zipfile.ZipFile(result.path) as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos] == sorted(info.filename for info in infos)
    for info in infos:
        assert info.date_time == FIXED_TIMESTAMP
        mode = info.external_attr >> 16 & 0o777
        assert mode == (DIR_MODE if info.is_dir() else FILE_MODE), info.filename
    assert infos[0].filename == "auth_sessions/"
    assert result.size_bytes == result.path.stat().st_size


def test_the_handler_imports_and_answers_from_the_zip_alone(tmp_path: Path) -> None:
    zip_path = build_zip(SOURCE, tmp_path / "lambda.zip").path
    event = (SOURCE.parent / "events" / "unknown_route.json").read_text()
    program = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(zip_path)!r})\n"
        "from auth_sessions.entrypoints import lambda_handler\n"
        "assert lambda_handler.__file__.startswith(sys.path[0]), lambda_handler.__file__\n"
        "print(json.dumps(lambda_handler.handler(json.loads(sys.stdin.read()), None)))\n"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DYNAMODB_TABLE_NAME": "hexagonal-auth-dev-sessions",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    # -I: no PYTHONPATH, no current directory on sys.path, so code/ cannot leak in.
    completed = subprocess.run(
        [sys.executable, "-I", "-c", program],
        input=event,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    response = json.loads(completed.stdout.splitlines()[-1])
    assert response["statusCode"] == 404


def test_a_folder_without_init_is_not_a_package(tmp_path: Path) -> None:
    with pytest.raises(PackagingError, match="not a Python package"):
        build_zip(tmp_path, tmp_path / "lambda.zip")


def test_course_zip_prints_the_digest_for_machines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out" / "lambda.zip"
    assert main(["zip", "--output", str(output), "--json", "--lang", "en"]) == ExitCode.OK
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert document["size_bytes"] == output.stat().st_size
    assert document["sha256"] == build_zip(SOURCE, tmp_path / "again.zip").sha256
    assert "auth_sessions/entrypoints/lambda_handler.py" in document["files"]
    assert document["bytecode"] == lambda_python(deployed_runtime()).cache_tag
    assert "packaging" in captured.err  # progress goes to stderr, results to stdout


def test_course_zip_prints_size_and_digests_for_people(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["zip", "--output", str(tmp_path / "lambda.zip")]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "bytes" in out
    assert "sha256" in out
    assert "CodeSha256" in out


def test_course_zip_explains_a_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["zip", "--output", str(blocker / "lambda.zip"), "--lang", "en"]) == ExitCode.FAILED
    assert "cannot build the package" in capsys.readouterr().err


ZIP_PHRASES = [
    Text(es="… empaquetando code/auth_sessions", en="… packaging code/auth_sessions"),
    Text(es=" ficheros\n", en=" files\n"),
    Text(
        es="(.pyc unchecked-hash junto a cada módulo)",
        en="(unchecked-hash .pyc beside every module)",
    ),
    Text(
        es="(lo que muestran Lambda y filebase64sha256)",
        en="(what Lambda and filebase64sha256 show)",
    ),
]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_course_zip_speaks_only_the_run_s_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["zip", "--output", str(tmp_path / "lambda.zip"), "--lang", lang]) == ExitCode.OK
    captured = capsys.readouterr()
    assert_spoken_in(captured.err + captured.out, lang, ZIP_PHRASES)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_course_zip_explains_a_failure_in_the_run_s_language(
    lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "code" / "auth_sessions").mkdir(parents=True)  # no __init__.py
    monkeypatch.chdir(new_project(tmp_path))
    assert main(["zip", "--lang", lang]) == ExitCode.FAILED
    phrases = [
        Text(es="no se pudo construir el paquete", en="cannot build the package"),
        Text(es="no es un paquete de Python", en="is not a Python package"),
        Text(es="comprueba que code/auth_sessions existe", en="check that code/auth_sessions"),
    ]
    assert_spoken_in(capsys.readouterr().err, lang, phrases)


def test_course_zip_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["zip", "--help"])
    assert exited.value.code == 0
    assert "--output" in capsys.readouterr().out
