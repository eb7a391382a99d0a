"""Build the function's deployment package, byte for byte the same from the same source.

The zip holds the package `auth_sessions/` at its root and nothing else: its .py files only
(no caches, no tests), boto3 excluded because the Lambda runtime provides it. Entries are
sorted and carry a fixed timestamp and fixed modes, so the sha256 changes only when the code
does, and Terraform's `source_code_hash` redeploys only on a real change.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "code" / "auth_sessions"
OUTPUT = ROOT / "build" / "lambda.zip"

# The earliest moment a zip entry can record (MS-DOS time starts in 1980).
FIXED_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o644
DIR_MODE = 0o755
_UNIX = 3  # "made by" system: Unix, so readers honour the modes above
_MSDOS_DIRECTORY = 0x10


class PackagingError(RuntimeError):
    """The package cannot be built; the message says why and what to do."""


@dataclass(frozen=True)
class ZipResult:
    """A built package: where it is, its size and its digests."""

    path: Path
    size_bytes: int
    sha256: str  # hex, as `sha256sum` prints it
    entries: tuple[str, ...]

    @property
    def code_sha256(self) -> str:
        """Return the digest as Lambda's CodeSha256 and Terraform's filebase64sha256 write it."""
        return base64.b64encode(bytes.fromhex(self.sha256)).decode()


def package_files(source: Path = SOURCE) -> list[Path]:
    """Return the package's .py files, sorted; no caches, no tests."""
    if not (source / "__init__.py").is_file():
        raise PackagingError(f"{source} is not a Python package (no __init__.py)")
    files = []
    for path in source.rglob("*.py"):
        parts = path.relative_to(source).parts
        if any(part in {"__pycache__", "tests"} for part in parts):
            continue
        if parts[-1].startswith("test_"):
            continue
        files.append(path)
    return sorted(files, key=lambda path: path.relative_to(source).as_posix())


def archive_names(source: Path = SOURCE) -> list[str]:
    """Return the zip's entry names in order: each directory before the files in it."""
    prefix = source.name
    names: set[str] = set()
    for path in package_files(source):
        relative = path.relative_to(source)
        for depth in range(len(relative.parts)):
            names.add("/".join((prefix, *relative.parts[:depth])) + "/")
        names.add("/".join((prefix, *relative.parts)))
    return sorted(names)


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


def build_zip(source: Path = SOURCE, output: Path = OUTPUT) -> ZipResult:
    """Write the deterministic zip of source to output; raise PackagingError."""
    names = archive_names(source)
    output.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target, then rename: a reader never sees half a zip.
    handle, temporary = tempfile.mkstemp(prefix=".lambda-", suffix=".zip", dir=output.parent)
    os.close(handle)
    try:
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a build artefact need not be
        with zipfile.ZipFile(temporary, "w") as archive:
            for name in names:
                data = b"" if name.endswith("/") else (source.parent / name).read_bytes()
                archive.writestr(_entry(name), data, compresslevel=9)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    data = output.read_bytes()
    return ZipResult(output, len(data), hashlib.sha256(data).hexdigest(), tuple(names))
