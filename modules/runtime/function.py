"""A function deployed in the sandbox: its configuration and code, read back from Lambda."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modules.i18n import Text
from modules.runtime.errors import (
    BytecodeMismatch,
    CodeUnavailable,
    FunctionNotFound,
    UnsupportedFunction,
)
from modules.runtime.interpreter import runtime_version
from modules.runtime.report import LogFormat


def code_sha256(data: bytes) -> str:
    """Return the sha256 of data in base64, the form of Lambda's CodeSha256."""
    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


@dataclass(frozen=True)
class FunctionConfig:
    """What the runtime needs from get_function_configuration; memory in MB, timeout in s."""

    name: str
    arn: str  # unqualified
    qualifier: str | None  # the alias or version the caller named
    version: str  # the version that runs: "$LATEST" or a number
    handler: str
    runtime: str
    memory_size_mb: int
    timeout_s: int
    architecture: str
    code_sha256: str
    log_group: str
    log_format: LogFormat = LogFormat.TEXT
    application_log_level: str | None = None
    environment: dict[str, str] = field(default_factory=dict)

    @property
    def invoked_arn(self) -> str:
        """Return the ARN the function was invoked by (qualified when a qualifier was named)."""
        return f"{self.arn}:{self.qualifier}" if self.qualifier else self.arn

    @property
    def region(self) -> str:
        return self.arn.split(":")[3]

    @classmethod
    def from_api(
        cls,
        configuration: dict[str, Any],
        qualifier: str | None = None,
        log_format: LogFormat | None = None,
    ) -> FunctionConfig:
        """Build from a FunctionConfiguration; log_format overrides the stored one."""
        logging_config = configuration.get("LoggingConfig") or {}
        stored_format = LogFormat.parse(logging_config.get("LogFormat", LogFormat.TEXT.value))
        name = configuration["FunctionName"]
        return cls(
            name=name,
            # A qualified configuration's ARN ends in :<version>; keep the function's own ARN.
            arn=":".join(configuration["FunctionArn"].split(":")[:7]),
            qualifier=qualifier,
            version=configuration.get("Version", "$LATEST"),
            handler=configuration.get("Handler") or "",
            runtime=configuration.get("Runtime") or "",
            memory_size_mb=int(configuration.get("MemorySize", 128)),
            timeout_s=int(configuration.get("Timeout", 3)),
            architecture=(configuration.get("Architectures") or ["x86_64"])[0],
            code_sha256=configuration.get("CodeSha256", ""),
            log_group=logging_config.get("LogGroup") or f"/aws/lambda/{name}",
            log_format=log_format or stored_format,
            application_log_level=logging_config.get("ApplicationLogLevel"),
            environment=dict((configuration.get("Environment") or {}).get("Variables") or {}),
        )


@dataclass(frozen=True)
class DeployedFunction:
    """A function's configuration and the bytes of its deployed zip (sha256 checked)."""

    config: FunctionConfig
    code: bytes

    def extract(self, destination: Path) -> Path:
        """Unzip the code into destination, the task root; return it."""
        with zipfile.ZipFile(io.BytesIO(self.code)) as archive:
            archive.extractall(destination)
        return destination


_CACHE_TAG = re.compile(r"(?:^|/)__pycache__/[^/.]+\.([a-z]+-\d+)(?:\.opt-\d)?\.pyc$")


def bytecode_tags(code: bytes) -> set[str]:
    """Return the name tags of the zip's bytecode files, e.g. {"cpython-313"}."""
    with zipfile.ZipFile(io.BytesIO(code)) as archive:
        return {m.group(1) for name in archive.namelist() if (m := _CACHE_TAG.search(name))}


def _shown_version(tag: str) -> str:
    digits = tag.rpartition("-")[2]
    return f"{digits[0]}.{digits[1:]}"


def check_bytecode(code: bytes, runtime: str) -> None:
    """Raise BytecodeMismatch when the zip ships bytecode for another Python than runtime's.

    Python imports a .pyc only when its name tag is its own: Lambda would silently skip
    bytecode compiled for another version and compile every module at each cold start.
    """
    major, minor = runtime_version(runtime)
    expected = f"cpython-{major}{minor}"
    others = sorted(bytecode_tags(code) - {expected})
    if others:
        versions = ", ".join(f"{tag} (Python {_shown_version(tag)})" for tag in others)
        raise BytecodeMismatch(
            Text(
                es=f"el zip trae bytecode para {versions} pero la función usa {runtime} "
                f"({expected}): Lambda lo ignoraría y compilaría el código fuente en cada "
                "arranque en frío. Vuelve a construir el zip con `course zip` y despliégalo "
                "(`course sandbox up`).",
                en=f"the zip holds bytecode for {versions} but the function runs {runtime} "
                f"({expected}): Lambda would ignore it and compile the sources at every cold "
                "start. Build the zip again with `course zip` and deploy it (`course sandbox up`).",
            )
        )


def find_code(expected_sha256: str, candidates: Iterable[Path | bytes]) -> bytes:
    """Return the first candidate zip whose sha256 is the deployed CodeSha256.

    moto keeps an uploaded zip in memory and its Code.Location names an AWS host that does not
    exist in the sandbox, so the code comes from a local zip instead; equal sha256 means the
    same bytes. Raises CodeUnavailable, naming what was tried, when none matches.
    """
    tried: list[Text] = []
    for candidate in candidates:
        if isinstance(candidate, bytes):
            data, label = candidate, Text(es="el zip recibido", en="the given zip")
        elif candidate.is_file():
            data, label = candidate.read_bytes(), Text(es=str(candidate), en=str(candidate))
        else:
            tried.append(Text(es=f"{candidate} (no existe)", en=f"{candidate} (missing)"))
            continue
        digest = code_sha256(data)
        if digest == expected_sha256:
            return data
        tried.append(Text(es=f"{label.es} (sha256 {digest})", en=f"{label.en} (sha256 {digest})"))
    raise CodeUnavailable(
        Text(
            es=f"ningún zip local es el código desplegado (CodeSha256 {expected_sha256}); "
            "probados: "
            + ("; ".join(t.es for t in tried) or "ninguno")
            + ". Construye el zip y vuelve a desplegarlo (course zip y después course sandbox up).",
            en=f"no local zip is the deployed code (CodeSha256 {expected_sha256}); tried: "
            + ("; ".join(t.en for t in tried) or "nothing")
            + ". Build the zip and deploy it again (course zip, then course sandbox up).",
        )
    )


def load_function(
    lambda_client: Any,
    name: str,
    qualifier: str | None,
    code_candidates: Iterable[Path | bytes],
    log_format: LogFormat | None = None,
) -> DeployedFunction:
    """Read a function's configuration from Lambda and find its code among code_candidates.

    Raises FunctionNotFound, UnsupportedFunction (not a zip-packaged Python function),
    CodeUnavailable or BytecodeMismatch.
    """
    request: dict[str, str] = {"FunctionName": name}
    if qualifier:
        request["Qualifier"] = qualifier
    try:
        configuration = lambda_client.get_function_configuration(**request)
    except lambda_client.exceptions.ResourceNotFoundException as error:
        shown = f"{name}:{qualifier}" if qualifier else name
        raise FunctionNotFound(
            Text(
                es=f"no existe la función {shown}: {error}",
                en=f"function {shown} not found: {error}",
            )
        ) from error
    if configuration.get("PackageType", "Zip") != "Zip":
        raise UnsupportedFunction(
            Text(
                es=f"{name} es una imagen de contenedor; aquí solo se ejecutan funciones en zip",
                en=f"{name} is a container image; only zip functions run here",
            )
        )
    runtime = configuration.get("Runtime") or ""
    if not runtime.startswith("python"):
        raise UnsupportedFunction(
            Text(
                es=f"{name} usa {runtime or 'ningún runtime'}; aquí solo se ejecutan "
                "funciones python3.x",
                en=f"{name} runs {runtime or 'no runtime'}; only python3.x functions run here",
            )
        )
    config = FunctionConfig.from_api(configuration, qualifier, log_format)
    code = find_code(config.code_sha256, code_candidates)
    check_bytecode(code, config.runtime)
    return DeployedFunction(config, code)
