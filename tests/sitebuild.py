"""Build the site the way `make site` does, from the project or from a scratch copy of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What a build reads besides docs/: the config, the macros' package and the snippet sources.
LINKED = ("modules", "code", "terraform", "bench", "node_modules", "hooks", "overrides")


def build(
    project: Path, dest: Path, env: dict[str, str] | None = None, *, unset: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run a strict build of project into dest, with env added to the environment, unset out."""
    inherited = {key: value for key, value in os.environ.items() if key not in unset}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**inherited, **(env or {})},
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


def shallow_clone(dest: Path) -> Path:
    """Clone the project's last commit only, as a CI checkout does; bring the built assets."""
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", ROOT.as_uri(), str(dest)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    shutil.copytree(ROOT / "docs/assets/vendor", dest / "docs/assets/vendor", dirs_exist_ok=True)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    return dest
