"""Bring the sandbox up (moto, then the course's Terraform into it) and take it all down again.

`up` runs what a reader runs on AWS, in the same order: apply `terraform/bootstrap` with a
local state, move that state into the bucket it created (key `bootstrap/terraform.tfstate`),
then apply `terraform/` with the S3 backend (key `app/dev/terraform.tfstate`). `down` undoes it:
destroy the app, move the bootstrap state back to a local file, empty the bucket, destroy the
bootstrap, stop moto. Terraform keeps its working files in `.sandbox/terraform/` (TF_DATA_DIR),
so the reader's own `terraform/.terraform` is never touched.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botocore.config import Config
from botocore.exceptions import ClientError

from modules import terraform_cli
from modules.deployment import state as sandbox_state
from modules.deployment.aws import sandbox_session, sandbox_settings, without_aws_settings
from modules.deployment.errors import SandboxNotRunning
from modules.deployment.probe import is_answering
from modules.deployment.project import COURSE_ROOT, Project
from modules.deployment.state import SandboxState
from modules.i18n import Text, TextError
from modules.sandbox.moto_server import pid_is_moto, start_detached, stop_pid

BOOTSTRAP_STATE_KEY = "bootstrap/terraform.tfstate"

# Where moto cannot do what production does, a variable switches the setting off in the
# sandbox only; every default stays the production value.
BOOTSTRAP_SANDBOX_VARIABLES = {
    # moto answers 403 to every S3 call once the bucket policy has a Condition.
    "tls_only_policy_enabled": "false",
    # moto takes about 55 s to create a lifecycle rule.
    "noncurrent_version_expiration_enabled": "false",
}
APP_SANDBOX_VARIABLES = {
    # moto does not store a function's logging_config, so every plan would show a change.
    "lambda_json_logs_enabled": "false",
}

# The bootstrap's first apply and its last destroy need a local state: the bucket that holds
# the state does not exist yet, or is about to go. An override file swaps the backend.
LOCAL_BACKEND_OVERRIDE = "sandbox_local_backend_override.tf"

Reporter = Callable[[Text], None]  # progress, in both languages: the CLI picks one


class SandboxError(TextError):
    """A step of the sandbox failed; detail says which and what to do next."""


def _quiet(_message: Text) -> None:
    """Report nothing."""


@dataclass(frozen=True)
class SandboxLayout:
    """Where the sandbox reads a project's Terraform roots and writes its own files."""

    project: Project = field(default_factory=lambda: Project.at(COURSE_ROOT))

    @property
    def state_root(self) -> Path:
        return self.project.state_root

    @property
    def sandbox_dir(self) -> Path:
        return self.project.sandbox_dir

    @property
    def moto_log(self) -> Path:
        return self.sandbox_dir / "moto.log"

    @property
    def terraform_dir(self) -> Path:
        return self.sandbox_dir / "terraform"

    @property
    def app_root(self) -> Path:
        return self.project.terraform_dir

    @property
    def bootstrap_root(self) -> Path:
        return self.app_root / "bootstrap"

    @property
    def backends_dir(self) -> Path:
        return self.app_root / "backends"

    @property
    def app_data_dir(self) -> Path:
        return self.terraform_dir / "app"

    @property
    def bootstrap_data_dir(self) -> Path:
        return self.terraform_dir / "bootstrap"

    @property
    def bootstrap_local_root(self) -> Path:
        """A copy of the bootstrap root with a local backend, for the first apply and the end."""
        return self.terraform_dir / "bootstrap-local-root"

    @property
    def bootstrap_local_state(self) -> Path:
        return self.terraform_dir / "bootstrap-local.tfstate"

    @property
    def default_zip(self) -> Path:
        return self.project.zip_path


@dataclass(frozen=True)
class SandboxStatus:
    """Whether a sandbox answers here, and what it holds."""

    running: bool
    endpoint: str | None = None
    pid: int | None = None
    outputs: dict[str, str] = field(default_factory=dict)


def declared(folder: Path, block: str) -> set[str]:
    """The names of a root's `variable` or `output` blocks: a reader's project has more
    of them each module."""
    pattern = re.compile(rf'^{block}\s+"([^"]+)"', re.MULTILINE)
    return {
        name
        for path in folder.glob("*.tf")
        for name in pattern.findall(path.read_text(encoding="utf-8"))
    }


def only_declared(variables: Mapping[str, str], folder: Path) -> dict[str, str]:
    names = declared(folder, "variable")
    return {name: value for name, value in variables.items() if name in names}


def folder_fingerprint(
    folder: Path, variables: Mapping[str, str], package: Path | None = None
) -> str:
    """A digest of what applying folder reads: its Terraform files (tests aside), the
    variables, and the zip it deploys."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if (
            path.is_file()
            and "tests" not in relative.parts
            and (path.suffix in {".tf", ".tfbackend"} or path.name == ".terraform.lock.hcl")
        ):
            digest.update(f"{relative}\0".encode())
            digest.update(path.read_bytes())
    if package is not None:
        digest.update(package.read_bytes())
    digest.update(repr(sorted(variables.items())).encode())
    return digest.hexdigest()


def has_terraform(folder: Path) -> bool:
    return any(folder.glob("*.tf"))


def variable_args(variables: Mapping[str, str]) -> list[str]:
    """Return -var arguments for variables, in a stable order."""
    return [f"-var={name}={value}" for name, value in sorted(variables.items())]


def empty_versioned_bucket(s3: Any, bucket: str) -> int:
    """Delete every object version and delete marker in bucket; return how many were removed.

    A versioned bucket is only empty once its old versions and delete markers are gone too,
    and AWS refuses to delete a bucket that is not empty (force_destroy stays false on purpose).
    In the sandbox this is also the way around a moto fault: when Terraform destroys the bucket
    it first suspends versioning, and moto then fails with HTTP 500 on every delete marker left
    ('FakeDeleteMarker' object has no attribute 'dispose'). Removing the markers first, while
    versioning is still on, avoids that path.
    """
    removed = 0
    paginator = s3.get_paginator("list_object_versions")
    for page in paginator.paginate(Bucket=bucket):
        entries = page.get("Versions", []) + page.get("DeleteMarkers", [])
        objects = [{"Key": entry["Key"], "VersionId": entry["VersionId"]} for entry in entries]
        if objects:
            answer = s3.delete_objects(Bucket=bucket, Delete={"Objects": objects, "Quiet": True})
            if answer.get("Errors"):
                errors = answer["Errors"][:3]
                raise SandboxError(
                    Text(
                        es=f"no se pudo vaciar s3://{bucket}: {errors}",
                        en=f"could not empty s3://{bucket}: {errors}",
                    )
                )
            removed += len(objects)
    return removed


def write_placeholder_zip(path: Path) -> Path:
    """Write an empty zip at path: destroy reads the variable but never the code."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w"):
        pass
    return path


@dataclass
class TerraformRoot:
    """One Terraform root as the sandbox runs it: its folder, working files, backend, variables."""

    name: str  # shown in the progress lines: bootstrap, app
    folder: Path
    data_dir: Path  # TF_DATA_DIR: the reader's own .terraform/ is never touched
    variables: Mapping[str, str]
    run: Callable[..., None]  # Sandbox.run: terraform with the sandbox's environment
    backend: Sequence[str] = ()  # -backend-config arguments

    def init(self, *flags: str, folder: Path | None = None, backend: bool = True) -> None:
        """Initialise the root (or a copy of it in folder), with its backend unless told not."""
        args = [*INIT_FLAGS, *flags, *(self.backend if backend else ())]
        self.run("init", *args, cwd=folder or self.folder, data_dir=self.data_dir)

    def apply(self, folder: Path | None = None) -> None:
        self.run(
            "apply",
            "-auto-approve",
            *variable_args(self.variables),
            cwd=folder or self.folder,
            data_dir=self.data_dir,
        )

    def destroy(self, folder: Path | None = None) -> None:
        self.run(
            "destroy",
            "-auto-approve",
            *variable_args(self.variables),
            cwd=folder or self.folder,
            data_dir=self.data_dir,
        )


# readonly: the committed lock file is the reference; a sandbox run never rewrites it.
INIT_FLAGS = ("-input=false", "-no-color", "-lockfile=readonly")


@dataclass
class Sandbox:
    """The local AWS of the course: moto plus the project's Terraform applied into it."""

    layout: SandboxLayout = field(default_factory=SandboxLayout)
    report: Reporter = _quiet
    _terraform: terraform_cli.Terraform | None = field(default=None, repr=False)
    _env: dict[str, str] = field(default_factory=dict, repr=False)

    # -- the pieces -------------------------------------------------------------------------

    @property
    def terraform(self) -> terraform_cli.Terraform:
        """Return the terraform runner, set up on first use (mirror search, CLI config)."""
        if self._terraform is None:
            self._terraform = terraform_cli.prepare(
                self.layout.terraform_dir, env=without_aws_settings(os.environ)
            )
            if self._terraform.mirror is not None:
                mirror = self._terraform.mirror
                self.say(
                    f"terraform: proveedor de AWS del espejo local {mirror}",
                    f"terraform: AWS provider from the local mirror {mirror}",
                )
        return self._terraform

    def say(self, es: str, en: str) -> None:
        """Report progress in both languages."""
        self.report(Text(es=es, en=en))

    def load(self) -> SandboxState | None:
        return sandbox_state.load(self.layout.state_root)

    def status(self) -> SandboxStatus:
        """Return whether the sandbox described under the state root answers."""
        current = self.load()
        if current is None or not is_answering(current.endpoint):
            return SandboxStatus(running=False)
        return SandboxStatus(True, current.endpoint, current.pid, dict(current.outputs))

    def s3(self, endpoint: str) -> Any:
        return sandbox_session().client(
            "s3",
            endpoint_url=endpoint,
            config=Config(connect_timeout=5, read_timeout=30, retries={"total_max_attempts": 3}),
        )

    def bootstrap(self, bucket: str | None = None) -> TerraformRoot:
        """The state bootstrap: its backend is the bucket it creates, once it exists."""
        layout = self.layout
        backend = []
        if bucket:
            backend = [
                f"-backend-config={layout.backends_dir / 'bootstrap.s3.tfbackend'}",
                f"-backend-config=bucket={bucket}",
            ]
        return TerraformRoot(
            "bootstrap",
            layout.bootstrap_root,
            layout.bootstrap_data_dir,
            only_declared(BOOTSTRAP_SANDBOX_VARIABLES, layout.bootstrap_root),
            self.run,
            backend,
        )

    def app(self, bucket: str, package: Path | None) -> TerraformRoot:
        """The app stack, with its state in the bootstrap's bucket under the sandbox's key."""
        layout = self.layout
        variables = dict(APP_SANDBOX_VARIABLES)
        if package is not None:
            variables["lambda_zip_path"] = str(package)
        return TerraformRoot(
            "app",
            layout.app_root,
            layout.app_data_dir,
            only_declared(variables, layout.app_root),
            self.run,
            [
                f"-backend-config={layout.backends_dir / 'sandbox.s3.tfbackend'}",
                f"-backend-config=bucket={bucket}",
            ],
        )

    def fingerprint(self, package: Path | None) -> str:
        """Return a digest of what an apply reads: the Terraform files, the zip, the variables."""
        variables = {**BOOTSTRAP_SANDBOX_VARIABLES, **APP_SANDBOX_VARIABLES}
        return folder_fingerprint(self.layout.app_root, variables, package)

    # -- up ---------------------------------------------------------------------------------

    def up(self, zip_path: Path | None = None, *, force: bool = False) -> SandboxState:
        """Start moto (or reuse the one running), apply both roots; return the new state.

        When the running sandbox already holds what these files and this zip describe, the
        applies are skipped (force applies anyway, to undo changes made by hand in moto).
        """
        layout = self.layout
        # First: a missing zip should stop us before moto. A project from before module 3
        # has no function yet, so no zip.
        package = None
        if "lambda_zip_path" in declared(layout.app_root, "variable"):
            package = self.package(zip_path)
        current = self._ensure_server()
        if not has_terraform(layout.bootstrap_root):
            self.say(
                "terraform: el proyecto aún no tiene Terraform (llega en el módulo 1); solo moto",
                "terraform: the project has no Terraform yet (module 1 brings it); moto only",
            )
            return current
        fingerprint = self.fingerprint(package)
        bucket = current.outputs.get("state_bucket_name")
        if (
            not force
            and current.fingerprint == fingerprint
            and self._state_object_exists(current.endpoint, bucket, BOOTSTRAP_STATE_KEY)
        ):
            self.say(
                "terraform: nada ha cambiado desde el último apply; se omite "
                "(`course sandbox up --force` lo aplica igualmente)",
                "terraform: nothing changed since the last apply; skipped "
                "(`course sandbox up --force` applies anyway)",
            )
            return current
        self._env = sandbox_settings(current.endpoint)
        bootstrap_outputs = self._bootstrap_up(current)
        app = self.app(bootstrap_outputs["state_bucket_name"], package)
        self.say(
            "app: init con el backend S3 (app/dev/terraform.tfstate)",
            "app: init with the S3 backend (app/dev/terraform.tfstate)",
        )
        app.init("-reconfigure")
        shown = ", ".join(f"{k}={v}" for k, v in sorted(app.variables.items()))
        self.say(f"app: apply ({shown})", f"app: apply ({shown})")
        app.apply()
        app_outputs = self.terraform.output_values(app.folder, app.data_dir, self._env)
        current.outputs = {**bootstrap_outputs, **app_outputs}
        current.fingerprint = fingerprint
        current.save(self.layout.state_root)
        return current

    def _ensure_server(self) -> SandboxState:
        current = self.load()
        if current is not None and is_answering(current.endpoint) and pid_is_moto(current.pid):
            self.say(
                f"moto: reutilizo el servidor de {current.endpoint} (pid {current.pid})",
                f"moto: reusing the server at {current.endpoint} (pid {current.pid})",
            )
            return current
        if current is not None:
            # The old server is gone, and the state it held with it: start over cleanly.
            self.say(
                "moto: el servidor anotado no responde; arranco uno nuevo",
                "moto: the recorded server does not answer; starting a new one",
            )
            stop_pid(current.pid)
        shutil.rmtree(self.layout.terraform_dir, ignore_errors=True)
        self.say(
            "moto: arrancando un servidor en 127.0.0.1", "moto: starting a server on 127.0.0.1"
        )
        server = start_detached(self.layout.moto_log)
        current = SandboxState(endpoint=server.endpoint, pid=server.pid)
        current.save(self.layout.state_root)
        self.say(
            f"moto: responde en {server.endpoint} (pid {server.pid})",
            f"moto: answering at {server.endpoint} (pid {server.pid})",
        )
        return current

    def _state_object_exists(self, endpoint: str, bucket: str | None, key: str) -> bool:
        if not bucket:
            return False
        try:
            self.s3(endpoint).head_object(Bucket=bucket, Key=key)
        except ClientError:
            return False
        return True

    def _bootstrap_up(self, current: SandboxState) -> dict[str, str]:
        layout = self.layout
        bucket = current.outputs.get("state_bucket_name")
        shown = ", ".join(f"{k}={v}" for k, v in sorted(BOOTSTRAP_SANDBOX_VARIABLES.items()))
        fingerprint = folder_fingerprint(layout.bootstrap_root, BOOTSTRAP_SANDBOX_VARIABLES)
        if bucket and self._state_object_exists(current.endpoint, bucket, BOOTSTRAP_STATE_KEY):
            if current.bootstrap_fingerprint == fingerprint:
                self.say(
                    "bootstrap: nada ha cambiado desde su último apply; se omite",
                    "bootstrap: nothing changed since its last apply; skipped",
                )
                names = declared(layout.bootstrap_root, "output")
                return {k: v for k, v in current.outputs.items() if k in names}
            self.say(
                f"bootstrap: el estado ya está en s3://{bucket}/{BOOTSTRAP_STATE_KEY}",
                f"bootstrap: state already in s3://{bucket}/{BOOTSTRAP_STATE_KEY}",
            )
            root = self.bootstrap(bucket)
            root.init()
            self.say(f"bootstrap: apply ({shown})", f"bootstrap: apply ({shown})")
            root.apply()
            current.bootstrap_fingerprint = fingerprint
            return self.terraform.output_values(root.folder, root.data_dir, self._env)

        local = self.bootstrap()
        with self._local_bootstrap_root() as local_root:
            self.say(
                "bootstrap: init con un estado local (el bucket aún no existe)",
                "bootstrap: init with a local state (the bucket does not exist yet)",
            )
            local.init("-reconfigure", folder=local_root)
            self.say(f"bootstrap: apply ({shown})", f"bootstrap: apply ({shown})")
            local.apply(local_root)
            outputs = self.terraform.output_values(local_root, local.data_dir, self._env)
        bucket = outputs["state_bucket_name"]
        self.say(
            f"bootstrap: muevo su estado a s3://{bucket}/{BOOTSTRAP_STATE_KEY}",
            f"bootstrap: moving its state into s3://{bucket}/{BOOTSTRAP_STATE_KEY}",
        )
        self.bootstrap(bucket).init("-migrate-state", "-force-copy")
        if not self._state_object_exists(current.endpoint, bucket, BOOTSTRAP_STATE_KEY):
            where = f"s3://{bucket}/{BOOTSTRAP_STATE_KEY}"
            raise SandboxError(
                Text(
                    es=f"el estado del bootstrap no llegó a {where}; la copia local sigue en "
                    f"{layout.bootstrap_local_state}",
                    en=f"the bootstrap state did not reach {where}; the local copy is kept at "
                    f"{layout.bootstrap_local_state}",
                )
            )
        # Terraform copies the state and leaves the local file behind; once S3 holds the copy
        # the local one is only a stale duplicate (with the account id in it).
        self._remove_local_bootstrap_state()
        current.outputs = dict(outputs)
        current.bootstrap_fingerprint = fingerprint
        current.save(layout.state_root)
        return outputs

    def package(self, zip_path: Path | None) -> Path:
        """Return the zip to deploy: zip_path, else build/lambda.zip (built when missing)."""
        if zip_path is not None:
            if not zip_path.is_file():
                raise SandboxError(
                    Text(
                        es=f"{zip_path} no existe: constrúyelo con `course zip`",
                        en=f"{zip_path} does not exist: build it with `course zip`",
                    )
                )
            return zip_path.resolve()
        target = self.layout.default_zip
        if not target.is_file():
            from modules.packaging import build_zip

            self.say(f"paquete: construyendo {target}", f"package: building {target}")
            build_zip(self.layout.project.code_dir / "auth_sessions", target)
        return target

    # -- down -------------------------------------------------------------------------------

    def down(self) -> bool:
        """Destroy both roots, stop moto and remove .sandbox/; return whether one was there."""
        if self.load() is None:
            return False
        self.destroy()
        self.stop()
        return True

    def destroy(self) -> None:
        """Destroy the app, then the bootstrap (state bucket included); moto keeps running."""
        current = self.load()
        if current is None:
            raise SandboxNotRunning(
                Text(
                    es="aquí no hay ningún sandbox: nada que destruir",
                    en="no sandbox here: nothing to destroy",
                )
            )
        if not is_answering(current.endpoint):
            self.say(
                f"moto: {current.endpoint} no responde; nada que destruir",
                f"moto: {current.endpoint} does not answer; nothing to destroy",
            )
            return
        self._env = sandbox_settings(current.endpoint)
        bucket = current.outputs.get("state_bucket_name")
        if not (
            bucket and self._state_object_exists(current.endpoint, bucket, BOOTSTRAP_STATE_KEY)
        ):
            self.say(
                "terraform: no se desplegó nada; nada que destruir",
                "terraform: nothing was deployed; nothing to destroy",
            )
            return
        package = self.layout.default_zip
        if not package.is_file():
            package = write_placeholder_zip(self.layout.terraform_dir / "placeholder.zip")
        app = self.app(bucket, package)
        self.say("app: destroy", "app: destroy")
        app.init("-reconfigure")
        app.destroy()
        self._bootstrap_down(current.endpoint, bucket)
        current.outputs = {}
        current.fingerprint = ""
        current.save(self.layout.state_root)

    def stop(self) -> None:
        """Stop the moto server and remove .sandbox/ (its state, log and Terraform files)."""
        current = self.load()
        if current is not None and stop_pid(current.pid):
            self.say(f"moto: parado el pid {current.pid}", f"moto: stopped pid {current.pid}")
        shutil.rmtree(self.layout.sandbox_dir, ignore_errors=True)

    def _bootstrap_down(self, endpoint: str, bucket: str) -> None:
        # The bucket cannot hold the state of its own destruction: bring the state home first.
        self.say(
            "bootstrap: devuelvo su estado a un archivo local",
            "bootstrap: moving its state back to a local file",
        )
        self.bootstrap(bucket).init("-reconfigure")
        local = self.bootstrap()
        with self._local_bootstrap_root() as local_root:
            local.init("-migrate-state", "-force-copy", folder=local_root)
            removed = empty_versioned_bucket(self.s3(endpoint), bucket)
            self.say(
                f"bootstrap: vaciado s3://{bucket} ({removed} versiones y marcadores de borrado)",
                f"bootstrap: emptied s3://{bucket} ({removed} object versions and delete markers)",
            )
            self.say("bootstrap: destroy", "bootstrap: destroy")
            local.destroy(local_root)
        # The local state now records nothing; it has done its job.
        self._remove_local_bootstrap_state()

    # -- helpers ----------------------------------------------------------------------------

    def run(self, command: str, *args: str, cwd: Path, data_dir: Path) -> None:
        """Run one terraform command against the sandbox; raise SandboxError when it fails."""
        flags = [] if command == "init" else ["-input=false", "-no-color"]
        started = time.monotonic()
        try:
            self.terraform.run(
                command, *flags, *args, cwd=cwd, data_dir=data_dir, extra_env=self._env
            )
        except terraform_cli.TerraformFailed as error:
            log = self.layout.moto_log
            raise SandboxError(
                Text(
                    es=f"terraform {command} falló en {cwd}:\n{error.detail.es}\n"
                    f"El log de moto está en {log}; `course sandbox down` lo limpia todo.",
                    en=f"terraform {command} failed in {cwd}:\n{error.detail.en}\n"
                    f"The moto log is {log}; `course sandbox down` cleans up.",
                )
            ) from error
        except subprocess.TimeoutExpired as error:
            raise SandboxError(
                Text(
                    es=f"terraform {command} en {cwd} no terminó: {error}",
                    en=f"terraform {command} in {cwd} did not finish: {error}",
                )
            ) from error
        took = f"  terraform {command}: {time.monotonic() - started:.1f} s"
        self.say(took, took)

    def _remove_local_bootstrap_state(self) -> None:
        local_state = self.layout.bootstrap_local_state
        for leftover in (local_state, local_state.with_name(f"{local_state.name}.backup")):
            leftover.unlink(missing_ok=True)

    @contextmanager
    def _local_bootstrap_root(self) -> Iterator[Path]:
        """Yield a copy of the bootstrap root whose backend is a local file under .sandbox/."""
        layout = self.layout
        local_root = layout.bootstrap_local_root
        shutil.rmtree(local_root, ignore_errors=True)
        local_root.mkdir(parents=True)
        for source in sorted(layout.bootstrap_root.glob("*.tf")):
            shutil.copy2(source, local_root / source.name)
        shutil.copy2(layout.bootstrap_root / ".terraform.lock.hcl", local_root)
        # An _override.tf file replaces the backend block of the same root (Terraform's
        # override files); the copy keeps the reader's folder free of it.
        state_path = str(layout.bootstrap_local_state).replace("\\", "/")
        (local_root / LOCAL_BACKEND_OVERRIDE).write_text(
            f'terraform {{\n  backend "local" {{\n    path = "{state_path}"\n  }}\n}}\n',
            encoding="utf-8",
        )
        try:
            yield local_root
        finally:
            shutil.rmtree(local_root, ignore_errors=True)
