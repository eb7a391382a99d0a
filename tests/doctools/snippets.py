"""Expand `--8<--` includes with pymdownx.snippets itself, set up as mkdocs.yml sets it up."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import markdown
from pymdownx.snippets import SnippetMissingError, SnippetPreprocessor

from tests.doctools.config import SiteConfig

INLINE = SnippetPreprocessor.RE_ALL_SNIPPETS

__all__ = ["SnippetExpander", "SnippetMissingError", "includes", "is_include_line"]


def is_include_line(line: str) -> bool:
    """Tell whether a line is an (unescaped) snippet marker, inline or block."""
    match = INLINE.match(line)
    return bool(match) and not match.group("escape")


def includes(lines: Iterable[str]) -> list[str]:
    """Return the snippet targets a text includes, in order, in both inline and block form."""
    found: list[str] = []
    in_block = False
    for line in lines:
        match = INLINE.match(line)
        if match and not match.group("escape"):
            if match.group("snippet"):
                found.append(match.group("snippet").strip("\"'"))
            else:
                in_block = not in_block
            continue
        if in_block and line.strip() and not line.strip().startswith(";"):
            found.append(line.strip())
    return found


class SnippetExpander:
    """Expand snippet includes in a block of lines, with the site's own snippets settings."""

    def __init__(self, config: SiteConfig) -> None:
        settings: dict[str, Any] = dict(config.snippets)
        base = settings.get("base_path", ["."])
        bases = [base] if isinstance(base, str) else list(base)
        # MkDocs resolves base_path against its working directory, the project root.
        settings["base_path"] = [str((config.root / b).resolve()) for b in bases]
        settings["url_download"] = False  # the checks never touch the network
        md = markdown.Markdown(
            extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": settings}
        )
        self._preprocessor: SnippetPreprocessor = md.preprocessors["snippet"]

    def expand(self, lines: list[str]) -> list[str]:
        """Return lines with every include replaced; raise SnippetMissingError on a bad path."""
        if not any("8<-" in line for line in lines):
            return list(lines)
        return self._preprocessor.run(list(lines))
