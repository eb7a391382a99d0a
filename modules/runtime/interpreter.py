"""The Python the function runs on: the deployed runtime's version, found on this machine.

The function is deployed as `pythonX.Y` (terraform/lambda.tf); the local runtime and the
packaging use that same minor version, never the tooling's own Python. The interpreter is
found as `pythonX.Y` on PATH, then in pyenv's versions; `make setup` builds `.venv-lambda/`
on it with AWS's runtime client and boto3 (what Lambda's runtime provides), pinned as in
pyproject.toml.

Standard library only: the Makefile runs this module before any virtual environment exists.
`python -m modules.runtime.interpreter find` prints the interpreter, `requirements` the pins.
"""

from __future__ import annotations

import argparse
import configparser
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from modules.i18n import Text, language
from modules.runtime.errors import LocalRuntimeError

ROOT = Path(__file__).resolve().parents[2]
LAMBDA_TF = ROOT / "terraform" / "lambda.tf"
VENV = ROOT / ".venv-lambda"
# What the Lambda runtime provides beside the function's zip, pinned in pyproject.toml.
RUNTIME_PACKAGES = ("awslambdaric", "boto3")
_RUNTIME = re.compile(r"^python(3)\.(\d+)$")
_TF_RUNTIME = re.compile(r'^\s*runtime\s*=\s*"([^"]+)"', re.MULTILINE)


class InterpreterNotFound(LocalRuntimeError):
    """No Python of the function's version is installed; the message says how to get one."""


class RuntimeNotInstalled(LocalRuntimeError):
    """The runtime's virtual environment is missing or for another Python: run make setup."""


def runtime_version(runtime: str) -> tuple[int, int]:
    """Return (3, 13) for "python3.13"; raise LocalRuntimeError for anything else."""
    match = _RUNTIME.match(runtime.strip())
    if not match:
        raise LocalRuntimeError(
            Text(
                es=f"{runtime!r} no es un runtime de Python como python3.13",
                en=f"{runtime!r} is not a Python runtime such as python3.13",
            )
        )
    return int(match.group(1)), int(match.group(2))


def deployed_runtime(lambda_tf: Path = LAMBDA_TF) -> str:
    """Return the function's runtime as terraform/lambda.tf sets it, e.g. "python3.13"."""
    match = _TF_RUNTIME.search(lambda_tf.read_text(encoding="utf-8"))
    if not match:
        raise LocalRuntimeError(
            Text(es=f"{lambda_tf} no fija ningún runtime", en=f"{lambda_tf} sets no runtime")
        )
    return match.group(1)


def _reported_version(executable: Path | str) -> tuple[tuple[int, int], Path] | None:
    """Return ((major, minor), real path) of a Python that runs, or None (e.g. a dead shim)."""
    try:
        answer = subprocess.run(
            [
                str(executable),
                "-S",
                "-c",
                "import sys; print(*sys.version_info[:2], sys.executable)",
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        major, minor, path = answer.stdout.split(maxsplit=2)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return (int(major), int(minor)), Path(path.strip())


def _pyenv_root() -> Path | None:
    if os.environ.get("PYENV_ROOT"):
        return Path(os.environ["PYENV_ROOT"])
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return None
    try:
        answer = subprocess.run([pyenv, "root"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(answer.stdout.strip()) if answer.returncode == 0 and answer.stdout.strip() else None


def _patch_level(path: Path) -> tuple[int, ...]:
    # versions/3.13.2/bin/python3.13 -> (3, 13, 2); a pre-release sorts by its digits.
    return tuple(int(part) for part in re.findall(r"\d+", path.parents[1].name))


def candidates(version: tuple[int, int]) -> list[Path]:
    """Return where a Python of version may be, in order: PATH, then pyenv (newest first)."""
    name = f"python{version[0]}.{version[1]}"
    found: list[Path] = []
    on_path = shutil.which(name)
    if on_path:
        found.append(Path(on_path))
    root = _pyenv_root()
    if root is not None:
        pattern = f"versions/{version[0]}.{version[1]}.*/bin/{name}"
        found.extend(sorted(root.glob(pattern), key=_patch_level, reverse=True))
    return found


def find_interpreter(runtime: str) -> Path:
    """Return a Python interpreter of the runtime's version; raise InterpreterNotFound."""
    version = runtime_version(runtime)
    tried = []
    for candidate in candidates(version):
        reported = _reported_version(candidate)
        if reported is not None and reported[0] == version:
            return reported[1]
        tried.append(str(candidate))
    shown = f"{version[0]}.{version[1]}"
    paths = ", ".join(tried)
    raise InterpreterNotFound(
        Text(
            es=f"la función usa {runtime} pero no se encontró ningún Python {shown}"
            + (f" (probados: {paths})" if tried else "")
            + f": instálalo, por ejemplo con `pyenv install {shown}` o `uv python install "
            f"{shown}`, para que python{shown} esté en el PATH, y ejecuta `make setup`",
            en=f"the function runs {runtime} but no Python {shown} was found"
            + (f" (tried {paths})" if tried else "")
            + f": install it, e.g. `pyenv install {shown}` or `uv python install {shown}`, "
            f"so that python{shown} is on PATH, then run `make setup`",
        )
    )


def requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """Return the exact pins of RUNTIME_PACKAGES, as pyproject.toml names them."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    pins = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        pins.extend(extra)
    chosen = []
    for package in RUNTIME_PACKAGES:
        pin = next((p for p in pins if re.match(rf"{package}\s*==", p)), None)
        if pin is None:
            raise LocalRuntimeError(
                Text(
                    es=f"pyproject.toml no fija {package}==<versión>",
                    en=f"pyproject.toml pins no {package}==<version>",
                )
            )
        chosen.append(pin.replace(" ", ""))
    return chosen


@dataclass(frozen=True)
class LambdaPython:
    """The interpreter of the runtime's virtual environment and what the child needs of it."""

    executable: Path
    version: str  # the full version, e.g. "3.13.0"
    site_packages: Path

    @property
    def minor(self) -> tuple[int, int]:
        major, minor = self.version.split(".")[:2]
        return int(major), int(minor)

    @property
    def cache_tag(self) -> str:
        """Return the name tag of its bytecode files: cpython-313."""
        return f"cpython-{self.minor[0]}{self.minor[1]}"

    @property
    def runtime_dir(self) -> Path:
        """Return the runtime client's package directory (Lambda's LAMBDA_RUNTIME_DIR)."""
        return self.site_packages / "awslambdaric"


def lambda_python(runtime: str, venv: Path = VENV) -> LambdaPython:
    """Return the runtime's Python (venv); raise RuntimeNotInstalled when it is not there."""
    version = runtime_version(runtime)
    shown = f"{version[0]}.{version[1]}"
    executable = venv / "bin" / "python"
    config = venv / "pyvenv.cfg"
    if not executable.exists() or not config.is_file():
        raise RuntimeNotInstalled(
            Text(
                es=f"la función usa {runtime} y no hay {venv.name}/ para él: ejecuta `make setup`",
                en=f"the function runs {runtime} and there is no {venv.name}/ for it: "
                "run `make setup`",
            )
        )
    parser = configparser.ConfigParser()
    parser.read_string("[venv]\n" + config.read_text(encoding="utf-8"))
    full = parser.get("venv", "version", fallback="") or parser.get(
        "venv", "version_info", fallback=""
    )
    if ".".join(full.split(".")[:2]) != shown:
        raise RuntimeNotInstalled(
            Text(
                es=f"la función usa {runtime} pero {venv.name}/ tiene Python "
                f"{full or 'desconocido'}: ejecuta `make setup` para crearlo con Python {shown}",
                en=f"the function runs {runtime} but {venv.name}/ has Python "
                f"{full or 'unknown'}: run `make setup` to build it for Python {shown}",
            )
        )
    site_packages = venv / "lib" / f"python{shown}" / "site-packages"
    if not (site_packages / "awslambdaric").is_dir():
        raise RuntimeNotInstalled(
            Text(
                es=f"{venv.name}/ no tiene awslambdaric para Python {shown}: ejecuta `make setup`",
                en=f"{venv.name}/ has no awslambdaric for Python {shown}: run `make setup`",
            )
        )
    return LambdaPython(executable, full, site_packages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m modules.runtime.interpreter",
        description="Find the Python of the function's runtime (terraform/lambda.tf).",
    )
    parser.add_argument("what", choices=("find", "requirements", "runtime"))
    arguments = parser.parse_args(argv)
    try:
        runtime = deployed_runtime()
        if arguments.what == "find":
            print(find_interpreter(runtime))
        elif arguments.what == "requirements":
            print(" ".join(requirements()))
        else:
            print(runtime)
    except LocalRuntimeError as error:
        # `make setup` runs this before `course` exists: the same language rule, by hand.
        print(f"error: {error.detail.in_(language(None))}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
