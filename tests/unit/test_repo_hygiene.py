"""The sample .gitignore and pre-commit config that module 0 teaches do what the page says."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
HYGIENE = ROOT / "code" / "repo-hygiene"
GITIGNORE = HYGIENE / "gitignore"
PRE_COMMIT = HYGIENE / "pre-commit-config.yaml"
DEMO_SCRIPT = HYGIENE / "check-ignore-demo.sh"
DEMO_OUTPUT = HYGIENE / "check-ignore-demo.txt"

# Paths a reader's repository must never commit: (path, is a directory).
MUST_IGNORE = {
    "state": ("terraform.tfstate", False),
    "state-in-subfolder": ("terraform/bootstrap/terraform.tfstate", False),
    "state-backup": ("terraform.tfstate.backup", False),
    "numbered-state-backup": ("terraform.tfstate.1719830400.backup", False),
    "terraform-working-dir": (".terraform", True),
    "provider-inside-working-dir": (".terraform/providers/registry.terraform.io/x", False),
    "tfvars": ("dev.tfvars", False),
    "tfvars-json": ("prod.tfvars.json", False),
    "saved-plan": ("dev.tfplan", False),
    "crash-log": ("crash.log", False),
    "backend-config-with-account-id": ("terraform/backends/aws.local.tfbackend", False),
    "dotenv": (".env", False),
    "dotenv-local": (".env.local", False),
    "dotenv-in-subfolder": ("code/.env.production", False),
    "pem-key": ("server.pem", False),
    "ssh-rsa-key": ("id_rsa", False),
    "ssh-ed25519-key": ("keys/id_ed25519", False),
    "iam-access-keys-csv": ("ana_accessKeys.csv", False),
    "iam-password-csv": ("ana_credentials.csv", False),
    "project-local-aws-dir": (".aws/credentials", False),
    "python-cache": ("code/__pycache__/x.cpython-311.pyc", False),
    "virtual-environment": (".venv/bin/python", False),
}

# Paths that belong in git and must stay visible.
MUST_KEEP = {
    "lock-file": ".terraform.lock.hcl",
    "lock-file-in-subfolder": "terraform/bootstrap/.terraform.lock.hcl",
    "terraform-code": "main.tf",
    "shared-backend-config": "terraform/backends/dev.s3.tfbackend",
    "env-example": ".env.example",
    "ssh-public-key": "id_ed25519.pub",
    "python-code": "code/auth_sessions/service.py",
    "pre-commit-config": ".pre-commit-config.yaml",
}


def isolated_git_env(tmp_path: Path) -> dict[str, str]:
    """Return an environment where no global or system git config can add ignore rules."""
    return {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),
        "TMPDIR": str(tmp_path),
    }


@pytest.fixture
def sample_repo(tmp_path: Path) -> Path:
    """A fresh git repository whose .gitignore is the sample."""
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "--quiet"], cwd=repo, check=True, env=isolated_git_env(tmp_path))
    shutil.copyfile(GITIGNORE, repo / ".gitignore")
    return repo


def create(repo: Path, relative: str, is_dir: bool) -> None:
    """Create a file or directory (and its parents) inside repo."""
    path = repo / relative
    if is_dir:
        path.mkdir(parents=True, exist_ok=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()


def is_ignored(repo: Path, relative: str) -> bool:
    """Ask git itself whether relative is ignored in repo (exit 0 yes, 1 no)."""
    result = subprocess.run(
        ["git", "check-ignore", "--quiet", relative],
        cwd=repo,
        env=isolated_git_env(repo.parent),
        check=False,
    )
    assert result.returncode in (0, 1), f"git check-ignore failed for {relative}"
    return result.returncode == 0


@pytest.mark.parametrize(("relative", "is_dir"), MUST_IGNORE.values(), ids=MUST_IGNORE.keys())
def test_sample_gitignore_ignores_secrets_and_state(
    sample_repo: Path, relative: str, is_dir: bool
) -> None:
    create(sample_repo, relative, is_dir)
    assert is_ignored(sample_repo, relative)


@pytest.mark.parametrize("relative", MUST_KEEP.values(), ids=MUST_KEEP.keys())
def test_sample_gitignore_keeps_files_that_belong_in_git(sample_repo: Path, relative: str) -> None:
    create(sample_repo, relative, is_dir=False)
    assert not is_ignored(sample_repo, relative)


def test_git_status_shows_only_the_files_that_belong_in_git(sample_repo: Path) -> None:
    for relative, is_dir in MUST_IGNORE.values():
        create(sample_repo, relative, is_dir)
    for relative in MUST_KEEP.values():
        create(sample_repo, relative, is_dir=False)
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=sample_repo,
        env=isolated_git_env(sample_repo.parent),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    listed = {line[3:] for line in status.splitlines()}
    assert listed == {*MUST_KEEP.values(), ".gitignore"}


def test_check_ignore_demo_prints_what_the_page_shows(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", str(DEMO_SCRIPT)],
        cwd=ROOT,
        env=isolated_git_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == DEMO_OUTPUT.read_text(encoding="utf-8")
    assert list(tmp_path.iterdir()) == [], "the demo must remove its scratch repository"


def load_pre_commit_config() -> dict:
    """Parse the sample pre-commit config."""
    config = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    assert isinstance(config, dict)
    return config


def hooks_by_id() -> dict[str, dict]:
    """Map every hook id of the sample config to its entry."""
    return {
        hook["id"]: hook for repo in load_pre_commit_config()["repos"] for hook in repo["hooks"]
    }


def test_pre_commit_config_pins_every_repo_to_a_release_tag() -> None:
    repos = load_pre_commit_config()["repos"]
    assert repos
    for repo in repos:
        assert repo["repo"].startswith("https://"), repo
        assert repo["rev"].startswith("v") and repo["rev"][1:2].isdigit(), repo


def test_pre_commit_aws_hook_tolerates_machines_without_credential_files() -> None:
    hook = hooks_by_id()["detect-aws-credentials"]
    assert "--allow-missing-credentials" in hook.get("args", [])


@pytest.mark.parametrize(
    "hook_id",
    ["detect-private-key", "detect-aws-credentials", "gitleaks", "terraform_fmt"],
    ids=["private-keys", "own-aws-keys", "any-secret-pattern", "terraform-format"],
)
def test_pre_commit_config_runs_the_hooks_the_page_explains(hook_id: str) -> None:
    assert hook_id in hooks_by_id()


def test_pre_commit_config_leaves_out_validate_which_needs_init() -> None:
    assert "terraform_validate" not in hooks_by_id()
