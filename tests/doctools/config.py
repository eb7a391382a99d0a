"""Read what the checks need from mkdocs.yml: languages, docs folder, snippet settings."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


class _TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads `!!python/...` tags as None instead of importing anything."""


def _ignore_python_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


def _environment_value(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV [NAME, default]` (or `!ENV NAME`): the variable's value as MkDocs reads it."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        *names, default = loader.construct_sequence(node)
    return next((os.environ[name] for name in names if name in os.environ), default)


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_python_tag)
_TolerantLoader.add_constructor("!ENV", _environment_value)


@dataclass(frozen=True)
class SiteConfig:
    """The parts of mkdocs.yml that decide how a page is read and where it is built."""

    root: Path
    docs_dir: Path
    languages: tuple[str, ...]  # the default language first
    snippets: dict[str, Any]
    site_url: str

    @property
    def default_language(self) -> str:
        return self.languages[0]


def _named_entry(entries: list[Any], name: str) -> dict[str, Any] | None:
    """Return the settings of `name` in a MkDocs list of names or one-key mappings."""
    for entry in entries:
        if entry == name:
            return {}
        if isinstance(entry, dict) and name in entry:
            return entry[name] or {}
    return None


def parse_site_config(root: Path, text: str) -> SiteConfig:
    """Build a SiteConfig from the text of a mkdocs.yml that lives in root."""
    raw = yaml.load(text, Loader=_TolerantLoader)
    i18n = _named_entry(raw.get("plugins", []), "i18n") or {}
    locales = [lang for lang in i18n.get("languages", []) if lang.get("build", True)]
    ordered = sorted(locales, key=lambda lang: not lang.get("default", False))
    snippets = _named_entry(raw.get("markdown_extensions", []), "pymdownx.snippets")
    if snippets is None:
        raise ValueError("mkdocs.yml does not enable pymdownx.snippets")
    return SiteConfig(
        root=root,
        docs_dir=root / raw.get("docs_dir", "docs"),
        languages=tuple(lang["locale"] for lang in ordered),
        snippets=dict(snippets),
        site_url=raw.get("site_url", ""),
    )


@functools.cache
def site_config(root: Path = ROOT) -> SiteConfig:
    """Return the configuration of the project's site."""
    return parse_site_config(root, (root / "mkdocs.yml").read_text(encoding="utf-8"))
