"""Build the function's deployment package, byte for byte the same from the same source.

The zip holds the package `auth_sessions/` at its root and nothing else: its .py files (no
tests) and, beside each, its bytecode compiled by the function's own Python (the runtime of
terraform/lambda.tf), boto3 excluded because the Lambda runtime provides it. Lambda's task
root is read-only, so without shipped bytecode every cold start compiles every module again.
The .pyc are "unchecked hash" ones (PEP 552): no source timestamp inside, and Python loads
them without looking at the source. Entries are sorted and carry a fixed timestamp and fixed
modes, so the sha256 changes only when the code does, and Terraform's `source_code_hash`
redeploys only on a real change.
"""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from modules.i18n import Text, TextError
from modules.runtime.errors import LocalRuntimeError
from modules.runtime.interpreter import deployed_runtime, lambda_python

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "code" / "auth_sessions"
OUTPUT = ROOT / "build" / "lambda.zip"

# The earliest moment a zip entry can record (MS-DOS time starts in 1980).
FIXED_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o644
DIR_MODE = 0o755
_UNIX = 3  # "made by" system: Unix, so readers honour the modes above
_MSDOS_DIRECTORY = 0x10


# Run by the function's Python: compile each source (argv: source root, output root, files)
# into output/<dir>/__pycache__/<name>.<tag>.pyc and print the tag. The file name recorded in
# the code is the path inside the zip, never this machine's.
_COMPILE = """
import importlib.util, os, py_compile, sys
source, output, names = sys.argv[1], sys.argv[2], sys.argv[3:]
for name in names:
    py_compile.compile(
        os.path.join(source, name),
        cfile=importlib.util.cache_from_source(os.path.join(output, name), optimization=""),
        dfile=name,
        doraise=True,
        optimize=0,  # what Lambda's Python imports: no assert stripping, no .opt-N name
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
print(sys.implementation.cache_tag)
"""


class PackagingError(TextError):
    """The package cannot be built; detail says why and what to do."""


@dataclass(frozen=True)
class ZipResult:
    """A built package: where it is, its size and its digests."""

    path: Path
    size_bytes: int
    sha256: str  # hex, as `sha256sum` prints it
    entries: tuple[str, ...]
    cache_tag: str | None = None  # the bytecode's Python, e.g. cpython-313; None: sources only

    @property
    def code_sha256(self) -> str:
        """Return the digest as Lambda's CodeSha256 and Terraform's filebase64sha256 write it."""
        return base64.b64encode(bytes.fromhex(self.sha256)).decode()


# Test doubles are for tests and for the pages' first steps on your own machine; the function
# never imports them, so they do not ship (less to load, nothing in production that fakes).
TEST_DOUBLES = frozenset({"adapters/in_memory_session_repository.py", "adapters/fixed_clock.py"})


def package_files(source: Path = SOURCE) -> list[Path]:
    """Return the package's .py files, sorted; no caches, no tests, no test doubles."""
    if not (source / "__init__.py").is_file():
        raise PackagingError(
            Text(
                es=f"{source} no es un paquete de Python (no tiene __init__.py)",
                en=f"{source} is not a Python package (no __init__.py)",
            )
        )
    files = []
    for path in source.rglob("*.py"):
        parts = path.relative_to(source).parts
        if any(part in {"__pycache__", "tests"} for part in parts):
            continue
        if parts[-1].startswith("test_") or "/".join(parts) in TEST_DOUBLES:
            continue
        files.append(path)
    return sorted(files, key=lambda path: path.relative_to(source).as_posix())


def archive_names(files: list[str]) -> list[str]:
    """Return the zip's entry names in order: each directory before the files in it."""
    names: set[str] = set()
    for name in files:
        parts = name.split("/")
        for depth in range(1, len(parts)):
            names.add("/".join(parts[:depth]) + "/")
        names.add(name)
    return sorted(names)


def compile_bytecode(source: Path, python: Path) -> tuple[str, dict[str, bytes]]:
    """Compile the package's files with python; return its cache tag and {zip name: .pyc}."""
    names = [
        f"{source.name}/{path.relative_to(source).as_posix()}" for path in package_files(source)
    ]
    with tempfile.TemporaryDirectory(prefix="pyc-") as output:
        try:
            answer = subprocess.run(
                [str(python), "-S", "-c", _COMPILE, str(source.parent), output, *names],
                capture_output=True,
                text=True,
                check=True,
                # No PYTHON* settings of this shell (PYTHONOPTIMIZE would change the files);
                # set constants are written in hash order: one seed gives one byte order.
                env={
                    **{k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
                    "PYTHONHASHSEED": "0",
                },
            )
        except (OSError, subprocess.CalledProcessError) as error:
            detail = getattr(error, "stderr", "") or str(error)
            raise PackagingError(
                Text(
                    es=f"{python} no pudo compilar el paquete: {detail}",
                    en=f"{python} could not compile the package: {detail}",
                )
            ) from error
        root = Path(output)
        compiled = {
            path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*.pyc")
        }
    return answer.stdout.strip(), compiled


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIMESTAMP)
    info.create_system = _UNIX
    if name.endswith("/"):
        info.external_attr = (0o040000 | DIR_MODE) << 16 | _MSDOS_DIRECTORY
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.external_attr = (0o100000 | FILE_MODE) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
    return info


def build_zip(
    source: Path = SOURCE,
    output: Path = OUTPUT,
    python: Path | None = None,
    bytecode: bool = True,
) -> ZipResult:
    """Write the deterministic zip of source to output; raise PackagingError.

    The bytecode is compiled by python, by default the function's own (see
    modules.runtime.interpreter); bytecode=False ships the sources alone.
    """
    files = {
        f"{source.name}/{path.relative_to(source).as_posix()}": path.read_bytes()
        for path in package_files(source)
    }
    cache_tag = None
    if bytecode:
        cache_tag, compiled = compile_bytecode(source, python or _function_python())
        files.update(compiled)
    names = archive_names(list(files))
    output.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target, then rename: a reader never sees half a zip.
    handle, temporary = tempfile.mkstemp(prefix=".lambda-", suffix=".zip", dir=output.parent)
    os.close(handle)
    try:
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a build artefact need not be
        with zipfile.ZipFile(temporary, "w") as archive:
            for name in names:
                data = b"" if name.endswith("/") else files[name]
                archive.writestr(_entry(name), data, compresslevel=9)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    data = output.read_bytes()
    return ZipResult(output, len(data), hashlib.sha256(data).hexdigest(), tuple(names), cache_tag)


def _function_python() -> Path:
    """Return the interpreter of the function's runtime (raises PackagingError without it)."""
    try:
        return lambda_python(deployed_runtime()).executable
    except LocalRuntimeError as error:
        raise PackagingError(error.detail) from error
    except OSError as error:
        raise PackagingError(
            Text(
                es=f"no se pudo leer el runtime de la función: {error}",
                en=f"cannot read the function's runtime: {error}",
            )
        ) from error
