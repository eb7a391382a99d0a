"""Build the site the way `make site` does, from the project or from a scratch copy of it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What a build reads besides docs/: the config, the macros' package and the snippet sources.
LINKED = ("modules", "code", "terraform", "bench", "node_modules")


def build(project: Path, dest: Path) -> subprocess.CompletedProcess[str]:
    """Run a strict build of project into dest and return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def scratch_copy(dest: Path) -> Path:
    """Copy mkdocs.yml and docs/ into dest (so a test may break them); link the rest."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", dest / "docs", symlinks=False)
    for name in LINKED:
        if (ROOT / name).exists():
            (dest / name).symlink_to(ROOT / name)
    return dest
