"""What a newcomer reads first and what publishes the site: README, licence, contributing
guide and the GitHub Actions workflows."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.doctools.config import ROOT

README = (ROOT / "README.md").read_text("utf-8")
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = Path(sys.executable).with_name("actionlint")
# Each tool a fresh laptop lacks, as the prerequisites table names it, in this order first.
PREREQUISITES = [
    "Terraform 1.10",
    "Python 3.11",
    "Python 3.13",
    "Node.js 20",
    "make",
    "git",
    "jq",
    "curl",
    "Chromium",
]


def prerequisites_rows() -> list[list[str]]:
    """The rows of the README's table whose header starts with `tool`."""
    lines = README.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| tool |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def workflow(name: str) -> dict[str, Any]:
    raw = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    raw["on"] = raw.pop(True, raw.get("on"))  # YAML 1.1 reads the key `on` as true
    return raw


def steps(flow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in flow["jobs"].values() for step in job.get("steps", [])]


def test_readme_shows_serve_and_test_first() -> None:
    block = re.search(r"```bash\n(.*?)```", README, re.S)
    assert block
    commands = [line.split("#")[0].strip() for line in block[1].splitlines()]
    assert commands[:2] == ["make serve", "make test"]


def test_readme_lists_every_prerequisite_terraform_first() -> None:
    rows = prerequisites_rows()
    tools = [row[0] for row in rows]
    assert tools[0].startswith("Terraform 1.10"), tools
    for expected, tool in zip(PREREQUISITES, tools, strict=True):
        assert tool.startswith(expected), (expected, tool)
    assert any("npm" in tool for tool in tools)
    for row in rows:
        assert len(row) == 3 and row[2], f"{row[0]}: no way to install it"
        assert "apt install" in row[2] or "brew install" in row[2], row


def test_readme_links_the_licence_and_the_contributing_guide() -> None:
    for name in ("LICENSE", "CONTRIBUTING.md"):
        assert f"]({name})" in README
        assert (ROOT / name).is_file()


def test_licence_is_the_mit_licence_the_footer_announces() -> None:
    licence = (ROOT / "LICENSE").read_text("utf-8")
    assert licence.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in licence
    assert "MIT" in (ROOT / "mkdocs.yml").read_text("utf-8").split("copyright:")[1].splitlines()[0]


def test_contributing_explains_pages_translations_and_tests() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    headings = re.findall(r"^## (.+)$", guide, re.M)
    assert headings[:3] == ["Fix a page", "The translation rule", "Run the tests"]
    assert "make test" in guide
    assert "test_translation_parity.py" in guide


def test_pull_requests_and_a_weekly_schedule_run_make_test() -> None:
    test = workflow("test.yml")
    assert "pull_request" in test["on"]
    assert "workflow_call" in test["on"]
    assert [s["run"] for s in steps(test) if s.get("run") == "make test"] == ["make test"]
    uses = [s["uses"].split("@")[0] for s in steps(test) if "uses" in s]
    assert uses.index("hashicorp/setup-terraform") < uses.index("actions/setup-python")
    weekly = workflow("weekly.yml")
    assert weekly["on"]["schedule"]
    assert [job["uses"] for job in weekly["jobs"].values()] == ["./.github/workflows/test.yml"]


def test_pages_workflow_builds_strictly_and_deploys_with_the_official_actions() -> None:
    pages = workflow("pages.yml")
    runs = [s for s in steps(pages) if s.get("run") == "make site"]
    # Every address mkdocs.yml reads from the environment is the published place's.
    published = set(re.findall(r"!ENV \[(\w+),", (ROOT / "mkdocs.yml").read_text("utf-8")))
    assert published == {"SITE_URL", "REPO_URL", "EDIT_URI"}
    assert len(runs) == 1 and set(runs[0]["env"]) == published
    uses = {s["uses"].split("@")[0] for s in steps(pages) if "uses" in s}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    checkout = next(s for s in steps(pages) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the pages' dates need the whole history


@pytest.mark.parametrize("name", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_every_action_is_pinned_to_a_version(name: str) -> None:
    for step in steps(workflow(name)):
        if "uses" in step:
            assert re.search(r"@(v\d+[\w.]*|[0-9a-f]{40})$", step["uses"]), step["uses"]


def test_actionlint_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n"
        "    steps:\n      - run: echo ${{ github.no_such_thing }}\n"
    )
    result = subprocess.run(
        [str(ACTIONLINT), str(broken)], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "no_such_thing" in result.stdout


def test_actionlint_accepts_the_projects_workflows() -> None:
    result = subprocess.run(
        [str(ACTIONLINT)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout
