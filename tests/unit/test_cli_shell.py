"""What every sub-command shares: language, exit codes, usage, and a light `--help`."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from modules.cli import build_parser, main
from modules.cli.exit_codes import ExitCode
from modules.cli.shell import exit_code_for
from modules.deployment.errors import AwsUnavailable, NotAProject, SandboxNotRunning
from modules.i18n import Text, language

ROOT = Path(__file__).resolve().parents[2]
TEXT = Text(es="x", en="x")


@pytest.mark.parametrize(
    ("explicit", "environ", "expected"),
    [
        ("en", {"COURSE_LANG": "es", "LANG": "es_ES.UTF-8"}, "en"),
        (None, {"COURSE_LANG": "en", "LANG": "es_ES.UTF-8"}, "en"),
        (None, {"LANG": "en_GB.UTF-8"}, "en"),
        (None, {"LC_ALL": "es_MX.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
        (None, {"LANG": "fr_FR.UTF-8"}, "es"),
        (None, {"LANG": "C.UTF-8"}, "es"),
        (None, {}, "es"),
    ],
)
def test_the_language_is_the_flag_then_course_lang_then_the_locale_then_spanish(
    explicit: str | None, environ: dict[str, str], expected: str
) -> None:
    assert language(explicit, environ) == expected


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (NotAProject(TEXT), ExitCode.USAGE),
        (SandboxNotRunning(TEXT), ExitCode.UNAVAILABLE),
        (AwsUnavailable(TEXT), ExitCode.UNAVAILABLE),
        (RuntimeError("boom"), ExitCode.FAILED),
    ],
)
def test_one_table_maps_errors_to_exit_codes(error: Exception, code: ExitCode) -> None:
    assert exit_code_for(error) == code


def test_a_bad_flag_shows_the_sub_command_s_own_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["logs", "--no-such-flag"])
    assert exited.value.code == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "usage: course logs" in err
    assert "unrecognized arguments: --no-such-flag" in err


def test_every_sub_command_takes_the_language_option() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():  # type: ignore[union-attr]
        assert any("--lang" in a.option_strings for a in sub._actions), name


# The packages the `course` command must not need for its help: test, site, bench and the
# runtime's own (which lives in the function's interpreter).
NOT_DECLARED = ("awslambdaric", "moto", "mkdocs", "matplotlib", "playwright", "hcl2", "pytest")


def test_help_needs_only_the_declared_dependencies() -> None:
    script = textwrap.dedent(
        f"""
        import sys
        class Refuse:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in {NOT_DECLARED!r}:
                    raise ModuleNotFoundError(f"not a dependency of course: {{name}}")
        sys.meta_path.insert(0, Refuse())
        from modules.cli import build_parser, main
        parser = build_parser()
        commands = next(a for a in parser._actions if a.dest == "command").choices
        for name in [None, *commands]:
            try:
                main([*([name] if name else []), "--help"])
            except SystemExit as exited:
                assert exited.code == 0, name
        print("ok", len(commands))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1].startswith("ok ")
