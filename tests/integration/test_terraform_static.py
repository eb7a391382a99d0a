"""Both Terraform roots: formatted, valid, their `terraform test` suites pass, pins committed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import hcl2
import pytest

from modules.packaging import build_zip
from modules.terraform_cli import Terraform, prepare

pytestmark = pytest.mark.terraform

ROOT = Path(__file__).resolve().parents[2]
TERRAFORM = ROOT / "terraform"
ROOTS = {"app": TERRAFORM, "bootstrap": TERRAFORM / "bootstrap"}


def unquote(value: str) -> str:
    """Return an HCL string as python-hcl2 gives it, without its quotes."""
    return value.strip('"')


@dataclass(frozen=True)
class InitialisedRoots:
    """Terraform with both roots initialised (no backend) in data dirs of their own."""

    terraform: Terraform
    data_dirs: dict[str, Path]
    zip_path: Path


@pytest.fixture(scope="module")
def roots(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InitialisedRoots]:
    work = tmp_path_factory.mktemp("terraform-static")
    terraform = prepare(work)
    data_dirs = {}
    for name, root in ROOTS.items():
        data_dirs[name] = work / f"data-{name}"
        # -lockfile=readonly: init fails rather than rewrite the committed lock file.
        terraform.run(
            "init",
            "-backend=false",
            "-input=false",
            "-no-color",
            "-lockfile=readonly",
            cwd=root,
            data_dir=data_dirs[name],
        )
    yield InitialisedRoots(terraform, data_dirs, build_zip(output=work / "lambda.zip").path)


def test_every_file_is_formatted(roots: InitialisedRoots) -> None:
    result = roots.terraform.run(
        "fmt", "-check", "-recursive", "-diff", "-no-color", cwd=TERRAFORM, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(ROOTS), ids=sorted(ROOTS))
def test_the_root_is_valid(roots: InitialisedRoots, name: str) -> None:
    result = roots.terraform.run(
        "validate", "-no-color", cwd=ROOTS[name], data_dir=roots.data_dirs[name], check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The configuration is valid" in result.stdout


@pytest.mark.parametrize("name", sorted(ROOTS), ids=sorted(ROOTS))
def test_the_terraform_test_suite_passes(roots: InitialisedRoots, name: str) -> None:
    # The app's function package is built fresh, so the suite never depends on build/.
    variables = [f"-var=lambda_zip_path={roots.zip_path}"] if name == "app" else []
    result = roots.terraform.run(
        "test",
        "-no-color",
        *variables,
        cwd=ROOTS[name],
        data_dir=roots.data_dirs[name],
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    summary = re.search(r"Success! (\d+) passed, 0 failed", result.stdout)
    assert summary is not None, result.stdout[-2000:]
    assert int(summary.group(1)) >= 6


@pytest.mark.parametrize("name", sorted(ROOTS), ids=sorted(ROOTS))
def test_the_lock_file_pins_the_aws_provider_for_every_platform(name: str) -> None:
    lock = (ROOTS[name] / ".terraform.lock.hcl").read_text(encoding="utf-8")
    assert 'provider "registry.terraform.io/hashicorp/aws"' in lock
    assert 'version     = "5.100.0"' in lock
    assert 'constraints = "~> 5.100"' in lock
    # h1: the unpacked package (checked here against the mirror by `init -lockfile=readonly`);
    # zh: the registry's zip of each platform, so readers on other machines install too.
    assert len(re.findall(r'"h1:[A-Za-z0-9+/=]{44}"', lock)) >= 1
    assert len(re.findall(r'"zh:[0-9a-f]{64}"', lock)) >= 10


@pytest.mark.parametrize("name", sorted(ROOTS), ids=sorted(ROOTS))
def test_versions_are_pinned_and_there_is_one_provider_block_without_endpoints(
    name: str,
) -> None:
    parsed = [hcl2.loads(path.read_text(encoding="utf-8")) for path in ROOTS[name].glob("*.tf")]
    settings = [block for doc in parsed for block in doc.get("terraform", [])]
    versions = [
        unquote(block["required_version"]) for block in settings if "required_version" in block
    ]
    assert versions == [">= 1.10"]
    pins = [
        block["required_providers"][0]["aws"] for block in settings if "required_providers" in block
    ]
    assert [(unquote(pin["source"]), unquote(pin["version"])) for pin in pins] == [
        ("hashicorp/aws", "~> 5.100")
    ]
    providers = [block for doc in parsed for block in doc.get("provider", [])]
    assert [unquote(label) for block in providers for label in block] == ["aws"]
    aws = next(iter(providers[0].values()))
    assert "endpoints" not in aws, "the sandbox is chosen by AWS_ENDPOINT_URL, not by code"
    assert {unquote(tag) for tag in aws["default_tags"][0]["tags"]} >= {
        "Project",
        "Environment",
        "ManagedBy",
    }


@pytest.mark.parametrize(
    ("backend", "key"),
    [
        ("bootstrap", "bootstrap/terraform.tfstate"),
        ("sandbox", "app/dev/terraform.tfstate"),
        ("dev", "app/dev/terraform.tfstate"),
        ("staging", "app/staging/terraform.tfstate"),
        ("prod", "app/prod/terraform.tfstate"),
    ],
    ids=["bootstrap", "sandbox", "dev", "staging", "prod"],
)
def test_each_backend_file_has_its_own_key_and_locks_natively(backend: str, key: str) -> None:
    values = hcl2.loads((TERRAFORM / "backends" / f"{backend}.s3.tfbackend").read_text())
    assert unquote(values["key"]) == key
    assert values["use_lockfile"] is True
    assert values["encrypt"] is True
    assert "dynamodb_table" not in values
    assert "bucket" not in values, "the bucket holds an account id: pass it at init"
