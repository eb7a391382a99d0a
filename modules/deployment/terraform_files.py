"""Read what the checks need from the reader's Terraform files, with the standard library only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# `key = "value"`, `key = true`, `key = 42`: the only shapes a partial backend config holds.
_ASSIGNMENT = re.compile(r'^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s#]+)')
_BACKEND_S3 = re.compile(r'backend\s+"s3"\s*\{')


def strip_comments(text: str) -> str:
    """Remove #, // and /* */ comments, leaving strings alone."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            end = i + 1
            while end < n and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[i : end + 1])
            i = end + 1
        elif ch == "#" or text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def parse_assignments(text: str) -> dict[str, str | bool]:
    """Parse top-level `name = value` lines; strings lose their quotes, true/false become bool."""
    values: dict[str, str | bool] = {}
    for line in strip_comments(text).splitlines():
        match = _ASSIGNMENT.match(line)
        if not match:
            continue
        name, raw = match.groups()
        if raw.startswith('"'):
            values[name] = raw[1:-1]
        elif raw in ("true", "false"):
            values[name] = raw == "true"
        else:
            values[name] = raw
    return values


def backend_block(text: str) -> str | None:
    """Return the body of a `backend "s3" { ... }` block in a .tf file's text, if any."""
    clean = strip_comments(text)
    match = _BACKEND_S3.search(clean)
    if not match:
        return None
    depth, start = 1, match.end()
    for index in range(start, len(clean)):
        if clean[index] == "{":
            depth += 1
        elif clean[index] == "}":
            depth -= 1
            if depth == 0:
                return clean[start:index]
    return clean[start:]


@dataclass(frozen=True)
class BackendFile:
    """One partial backend configuration, `terraform/backends/<name>.s3.tfbackend`."""

    path: Path
    values: dict[str, str | bool]

    @property
    def name(self) -> str:
        return self.path.name.removesuffix(".s3.tfbackend")


def backend_files(repo: Path) -> list[BackendFile]:
    """Return every `terraform/backends/*.s3.tfbackend` in repo, sorted by name."""
    folder = repo / "terraform" / "backends"
    return [
        BackendFile(path, parse_assignments(path.read_text(encoding="utf-8")))
        for path in sorted(folder.glob("*.s3.tfbackend"))
    ]


@dataclass(frozen=True)
class BackendBlock:
    """The `backend "s3"` block of one Terraform root."""

    path: Path
    values: dict[str, str | bool]


def backend_blocks(repo: Path) -> list[BackendBlock]:
    """Return the S3 backend blocks of the app root (terraform/) and the bootstrap root."""
    blocks = []
    for root in (repo / "terraform", repo / "terraform" / "bootstrap"):
        for path in sorted(root.glob("*.tf")):
            body = backend_block(path.read_text(encoding="utf-8"))
            if body is not None:
                blocks.append(BackendBlock(path, parse_assignments(body)))
    return blocks
