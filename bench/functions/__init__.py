"""The functions the benchmark runs, each packaged as the zip Lambda would get.

- ours: the session service, `build/lambda.zip` exactly as `course zip` builds it;
- ours_source: the same package without its .pyc, to measure what the shipped bytecode saves;
- floor: `floor/`, a plain boto3 handler: a DynamoDB client at init, one PutItem per request;
- floor_botocore: `floor_botocore/`, the same with the client from botocore's own session;
- naive: `naive/`, the original course's design (client per call, whole event logged), with
  the service's package beside it for the session rules.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from modules import packaging

FUNCTIONS_DIR = Path(__file__).resolve().parent
SERVICE_HANDLER = "auth_sessions.entrypoints.lambda_handler.handler"
# The earliest moment a zip entry can record, as the course's packaging uses.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class FunctionCode:
    """A function to deploy: its name in the results, handler and zip bytes."""

    variant: str
    handler: str
    code: bytes

    @property
    def zip_bytes(self) -> int:
        return len(self.code)


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, ZIP_TIME)
    info.external_attr = 0o100644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data, compresslevel=9)


def zip_files(files: dict[str, bytes]) -> bytes:
    """Return a deterministic zip of files (archive name -> bytes), sorted by name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            _add(archive, name, files[name])
    return buffer.getvalue()


def _folder_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*.py")
        if "__pycache__" not in path.parts
    }


def _service_files() -> dict[str, bytes]:
    """Return the service package's files under auth_sessions/, as the real zip holds them."""
    source = packaging.SOURCE
    return {
        f"{source.name}/{path.relative_to(source).as_posix()}": path.read_bytes()
        for path in packaging.package_files(source)
    }


def ours(output: Path = packaging.OUTPUT) -> FunctionCode:
    """Build the real package with the course's packaging into output and return it."""
    built = packaging.build_zip(output=output)
    return FunctionCode("ours", SERVICE_HANDLER, built.path.read_bytes())


def ours_source(output: Path) -> FunctionCode:
    """Build the real package without bytecode (sources only) into output and return it."""
    built = packaging.build_zip(output=output, bytecode=False)
    return FunctionCode("ours_source", SERVICE_HANDLER, built.path.read_bytes())


def floor() -> FunctionCode:
    """Return the floor function: import boto3, build a client, one PutItem per request."""
    return FunctionCode(
        "floor", "floor_app.handler", zip_files(_folder_files(FUNCTIONS_DIR / "floor"))
    )


def floor_botocore() -> FunctionCode:
    """Return the floor with its client built from botocore's session instead of boto3."""
    files = _folder_files(FUNCTIONS_DIR / "floor_botocore")
    return FunctionCode("floor_botocore", "floor_botocore_app.handler", zip_files(files))


def naive() -> FunctionCode:
    """Return the naive port, with the service's package for the session rules."""
    files = {**_service_files(), **_folder_files(FUNCTIONS_DIR / "naive")}
    return FunctionCode("naive", "naive_app.handler", zip_files(files))
