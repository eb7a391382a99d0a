"""Run the `terraform` binary the way the course does, offline when a provider mirror exists.

Terraform downloads the AWS provider from its registry. Machines without that access can hold
the provider in a filesystem mirror (`<dir>/registry.terraform.io/hashicorp/aws/<version>/...`);
this module finds one, writes a CLI configuration that installs the provider from it, and runs
terraform with that configuration. Without a mirror the registry stays in use, unchanged.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from modules.i18n import Text, TextError

AWS_PROVIDER = "registry.terraform.io/hashicorp/aws"
MIRROR_ENV_VAR = "TF_PROVIDER_MIRROR"  # a mirror directory; an empty value turns the search off
CLI_CONFIG_NAME = "terraformrc"

# Directories a whole-disk walk never enters: virtual file systems and scratch space, where a
# stray `.terraform/providers` copy would look like a mirror.
_WALK_SKIPPED = ("proc", "sys", "dev", "run", "tmp", "boot", "lost+found", "var/tmp", "snap")
_MACHINES = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}


class TerraformError(TextError):
    """Terraform could not be run, or it failed; detail says why in both languages."""


class TerraformNotFound(TerraformError):
    """No `terraform` binary on PATH."""


class MirrorInvalid(TerraformError):
    """TF_PROVIDER_MIRROR names a directory that holds no AWS provider."""


class TerraformFailed(TerraformError):
    """A terraform command exited with a non-zero code."""

    def __init__(self, args: Sequence[str], returncode: int, stdout: str, stderr: str) -> None:
        self.args_run = list(args)
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        tail = "\n".join((stderr or stdout).strip().splitlines()[-25:])
        command = f"`terraform {' '.join(args)}`"
        super().__init__(
            Text(
                es=f"{command} terminó con el código {returncode}:\n{tail}",
                en=f"{command} exited with {returncode}:\n{tail}",
            )
        )


def current_platform() -> str:
    """Return Terraform's name for this machine's platform, e.g. linux_amd64."""
    machine = platform.machine().lower()
    return f"{platform.system().lower()}_{_MACHINES.get(machine, machine)}"


def find_terraform(env: Mapping[str, str] | None = None) -> Path:
    """Return the terraform binary on PATH; raise TerraformNotFound."""
    env = os.environ if env is None else env
    found = shutil.which("terraform", path=env.get("PATH"))
    if found is None:
        raise TerraformNotFound(
            Text(
                es="terraform no está en el PATH: instala Terraform 1.10 o posterior "
                "(https://developer.hashicorp.com/terraform/install) y vuelve a probar",
                en="terraform is not on PATH: install Terraform 1.10 or newer "
                "(https://developer.hashicorp.com/terraform/install) and try again",
            )
        )
    return Path(found)


def is_provider_mirror(directory: Path, target: str | None = None) -> bool:
    """Tell whether directory is a filesystem mirror holding the AWS provider for target."""
    provider = directory / AWS_PROVIDER
    if not provider.is_dir():
        return False
    target = target or current_platform()
    try:
        entries = list(provider.iterdir())
    except OSError:
        return False
    # Unpacked layout: <version>/<platform>/; packed layout: terraform-provider-aws_<v>_<p>.zip
    unpacked = any((entry / target).is_dir() for entry in entries if entry.is_dir())
    packed = any(entry.name.endswith(f"_{target}.zip") for entry in entries)
    return unpacked or packed


def plugin_directories(env: Mapping[str, str], home: Path) -> list[Path]:
    """Return the directories Terraform itself searches for plugins, in its order."""
    data_home = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
    data_dirs = env.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    candidates = [home / ".terraform.d" / "plugins", data_home / "terraform" / "plugins"]
    candidates += [Path(d) / "terraform" / "plugins" for d in data_dirs.split(os.pathsep) if d]
    if env.get("APPDATA"):
        candidates.append(Path(env["APPDATA"]) / "terraform.d" / "plugins")
    return candidates


def walk_for_mirror(
    top_dirs: Iterable[Path], max_depth: int, target: str, skipped: Iterable[Path] = ()
) -> Path | None:
    """Return the first mirror at most max_depth levels below one of top_dirs, breadth first."""
    excluded = set(skipped)
    level = sorted(directory for directory in top_dirs if directory not in excluded)
    for _ in range(max_depth + 1):
        following: list[Path] = []
        for directory in level:
            if is_provider_mirror(directory, target):
                return directory
            try:
                children = sorted(directory.iterdir())
            except OSError:
                continue
            # Hidden folders hold caches and working copies (.terraform/providers), not mirrors.
            following += [
                child
                for child in children
                if not child.name.startswith(".")
                and child not in excluded
                and child.is_dir()
                and not child.is_symlink()
            ]
        level = following
    return None


def top_level_directories(filesystem_root: Path) -> list[Path]:
    """Return the real directories directly under filesystem_root."""
    try:
        children = sorted(filesystem_root.iterdir())
    except OSError:
        return []
    return [child for child in children if child.is_dir() and not child.is_symlink()]


def find_provider_mirror(
    env: Mapping[str, str] | None = None,
    *,
    home: Path | None = None,
    filesystem_root: Path | None = None,
    max_depth: int = 2,
    target: str | None = None,
) -> Path | None:
    """Return a filesystem mirror of the AWS provider, or None to use the registry.

    Order: the TF_PROVIDER_MIRROR variable (empty turns the search off), Terraform's own plugin
    directories, then a walk of max_depth levels under each top-level directory.
    Raises MirrorInvalid when TF_PROVIDER_MIRROR names a directory without the provider.
    """
    env = os.environ if env is None else env
    target = target or current_platform()
    if MIRROR_ENV_VAR in env:
        chosen = env[MIRROR_ENV_VAR]
        if not chosen:
            return None
        if not is_provider_mirror(Path(chosen), target):
            raise MirrorInvalid(
                Text(
                    es=f"{MIRROR_ENV_VAR}={chosen} no tiene {AWS_PROVIDER} para {target}: "
                    "apúntalo a la carpeta que contiene registry.terraform.io, o quítalo",
                    en=f"{MIRROR_ENV_VAR}={chosen} holds no {AWS_PROVIDER} for {target}: "
                    "point it at the folder that contains registry.terraform.io, or unset it",
                )
            )
        return Path(chosen)
    home = Path.home() if home is None else home
    for directory in plugin_directories(env, home):
        if is_provider_mirror(directory, target):
            return directory
    filesystem_root = Path(Path.cwd().anchor) if filesystem_root is None else filesystem_root
    skipped = [filesystem_root / name for name in _WALK_SKIPPED]
    return walk_for_mirror(top_level_directories(filesystem_root), max_depth, target, skipped)


def cli_config_text(mirror: Path | None) -> str:
    """Return a Terraform CLI configuration: the AWS provider from mirror, the rest direct."""
    if mirror is None:
        return "# No provider mirror here: Terraform installs providers from its registry.\n"
    # JSON string escaping is valid HCL, and keeps Windows backslashes intact.
    path = json.dumps(str(mirror))
    provider = json.dumps(AWS_PROVIDER)
    return (
        "# The AWS provider comes from a local mirror; every other provider from the registry.\n"
        "provider_installation {\n"
        "  filesystem_mirror {\n"
        f"    path    = {path}\n"
        f"    include = [{provider}]\n"
        "  }\n"
        "  direct {\n"
        f"    exclude = [{provider}]\n"
        "  }\n"
        "}\n"
    )


def write_cli_config(destination: Path, mirror: Path | None) -> Path:
    """Write the CLI configuration for mirror to destination and return its path."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(cli_config_text(mirror), encoding="utf-8")
    return destination


@dataclass
class Terraform:
    """A terraform binary and the environment every run of it gets."""

    binary: Path
    env: dict[str, str] = field(default_factory=dict, repr=False)
    mirror: Path | None = None

    def command(self, *args: str) -> list[str]:
        return [str(self.binary), *args]

    def environment(
        self, data_dir: Path | None = None, extra: Mapping[str, str] | None = None
    ) -> dict[str, str]:
        """Return the environment of one run: ours, then TF_DATA_DIR, then extra."""
        env = dict(self.env)
        if data_dir is not None:
            env["TF_DATA_DIR"] = str(data_dir)
        env.update(extra or {})
        return env

    def run(
        self,
        *args: str,
        cwd: Path,
        data_dir: Path | None = None,
        extra_env: Mapping[str, str] | None = None,
        check: bool = True,
        timeout_s: float | None = 600,
    ) -> subprocess.CompletedProcess[str]:
        """Run `terraform args` in cwd and return the result; raise TerraformFailed if check."""
        result = subprocess.run(
            self.command(*args),
            cwd=cwd,
            env=self.environment(data_dir, extra_env),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=timeout_s,
            check=False,
        )
        if check and result.returncode != 0:
            raise TerraformFailed(args, result.returncode, result.stdout, result.stderr)
        return result

    def output_values(
        self, cwd: Path, data_dir: Path | None = None, extra_env: Mapping[str, str] | None = None
    ) -> dict[str, str]:
        """Return `terraform output -json` of the root in cwd as plain strings."""
        result = self.run("output", "-json", cwd=cwd, data_dir=data_dir, extra_env=extra_env)
        return {
            name: entry["value"] if isinstance(entry["value"], str) else json.dumps(entry["value"])
            for name, entry in sorted(json.loads(result.stdout or "{}").items())
        }


def prepare(
    config_dir: Path,
    env: Mapping[str, str] | None = None,
    mirror: Path | bool | None = True,
) -> Terraform:
    """Return a Terraform whose runs use a CLI config written under config_dir.

    mirror=True searches for a provider mirror, a Path uses that one, None or False uses none.
    With a mirror, TF_CLI_CONFIG_FILE points at a config that installs from it. Without one,
    a reader's own TF_CLI_CONFIG_FILE is kept, unless it names a missing file (Terraform would
    warn on every run), in which case it points at an empty config.
    """
    base = dict(os.environ if env is None else env)
    binary = find_terraform(base)
    chosen = find_provider_mirror(base) if mirror is True else (mirror or None)
    run_env = {
        **base,
        "TF_IN_AUTOMATION": "1",  # no "run terraform plan next" advice in captured output
        "TF_INPUT": "0",  # never wait for an answer on stdin
        "CHECKPOINT_DISABLE": "1",  # no version check call home
    }
    configured = base.get("TF_CLI_CONFIG_FILE")
    if chosen is not None or (configured and not Path(configured).is_file()):
        run_env["TF_CLI_CONFIG_FILE"] = str(write_cli_config(config_dir / CLI_CONFIG_NAME, chosen))
    return Terraform(binary=binary, env=run_env, mirror=chosen)
