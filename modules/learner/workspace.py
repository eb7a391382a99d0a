"""The reader's project as the course sees it: what it wrote there, and at which stage.

`.course/stages.json` records, for each file the course wrote, the stage it wrote it at. From
that the course can tell the reader's own changes from its own, and carry a later module's
changes into a file the reader has edited (a three-way merge, as git does).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from modules.learner.stages import Stage

RECORD = Path(".course") / "stages.json"


@dataclass
class Workspace:
    """A reader's project root and the record of what the course wrote in it."""

    root: Path
    written: dict[str, Stage] = field(default_factory=dict)  # path -> stage it was written at

    @classmethod
    def open(cls, root: Path) -> Workspace:
        record = root / RECORD
        if not record.is_file():
            return cls(root)
        data = json.loads(record.read_text(encoding="utf-8"))
        return cls(root, {path: Stage.parse(label) for path, label in data["files"].items()})

    def save(self) -> None:
        record = self.root / RECORD
        record.parent.mkdir(exist_ok=True)
        files = {path: stage.label for path, stage in sorted(self.written.items())}
        record.write_text(json.dumps({"files": files}, indent=2) + "\n", encoding="utf-8")

    def read(self, path: str) -> str | None:
        target = self.root / path
        return target.read_text(encoding="utf-8") if target.is_file() else None

    def write(self, path: str, text: str, stage: Stage) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.written[path] = stage

    def keep_copy(self, path: str) -> str:
        """Copy the reader's file beside itself as <name>.orig; return the copy's path."""
        copy = f"{path}.orig"
        (self.root / copy).write_bytes((self.root / path).read_bytes())
        return copy


def merge(mine: str, base: str, theirs: str) -> str | None:
    """Merge the changes base -> theirs into mine; None when they overlap (a conflict)."""
    with tempfile.TemporaryDirectory() as scratch:
        paths = []
        for name, text in (("mine", mine), ("base", base), ("theirs", theirs)):
            path = Path(scratch) / name
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        result = subprocess.run(
            ["git", "merge-file", "-p", "--quiet", *paths],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    # git merge-file exits with the number of conflicts, or a negative status on error.
    return result.stdout if result.returncode == 0 else None
