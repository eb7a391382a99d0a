"""Where a running sandbox is described: `.sandbox/state.json` in the project's state folder."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

STATE_DIR = Path(".sandbox")
STATE_FILE = STATE_DIR / "state.json"


@dataclass
class SandboxState:
    """A running sandbox: the moto server and what Terraform created in it."""

    endpoint: str  # e.g. http://127.0.0.1:41234
    pid: int  # the moto server's process id
    outputs: dict[str, str] = field(default_factory=dict)  # `terraform output` of both roots
    fingerprint: str = ""  # what was last applied: Terraform files and zip (see lifecycle)
    bootstrap_fingerprint: str = ""  # what the bootstrap root was last applied from

    def save(self, root: Path) -> Path:
        path = root / STATE_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        return path


def load(root: Path) -> SandboxState | None:
    """Return the sandbox described under root, or None when none was started."""
    path = root / STATE_FILE
    if not path.is_file():
        return None
    return SandboxState(**json.loads(path.read_text(encoding="utf-8")))
