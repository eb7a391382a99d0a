"""Check one fence for what pytest-markdown-docs cannot see: shell, HCL, JSON, diagrams, rules."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path

import hcl2
import yaml
from lark.exceptions import LarkError
from pygments.lexers import find_lexer_class_by_name
from pygments.util import ClassNotFound

from tests.doctools.fences import Fence
from tests.doctools.snippets import SnippetExpander, SnippetMissingError

SHELL_LANGS = frozenset({"bash", "sh", "shell"})
HCL_LANGS = frozenset({"hcl", "terraform", "tf"})
PYTHON_LANGS = frozenset({"python", "py", "python3"})
FRAGMENT = "fragment"
NOTEST = "notest"
NOTEST_NOTE = re.compile(r"^notest:\s*\S")
MACRO_CALL = re.compile(r"\{\{.*?\}\}", re.DOTALL)

# Fences on a page are pieces of one terminal session read one at a time, so some findings are
# wrong for them:
SHELLCHECK_EXCLUDES = (
    "SC1091",  # `source .venv/bin/activate`: the file exists only after set-up; not followable.
    "SC2034",  # a variable set in one fence is used in a later fence of the same page.
    "SC2154",  # ...and a variable used here was set in an earlier fence.
    "SC2164",  # `cd dir || exit` would close the reader's own terminal; a failed cd is visible.
)
SHELLCHECK = Path(sys.executable).with_name("shellcheck")

MERMAID_TYPES = frozenset(
    {
        "architecture-beta",
        "block-beta",
        "C4Component",
        "C4Container",
        "C4Context",
        "C4Deployment",
        "C4Dynamic",
        "classDiagram",
        "classDiagram-v2",
        "erDiagram",
        "flowchart",
        "flowchart-elk",
        "gantt",
        "gitGraph",
        "graph",
        "journey",
        "kanban",
        "mindmap",
        "packet-beta",
        "pie",
        "quadrantChart",
        "radar-beta",
        "requirementDiagram",
        "sankey-beta",
        "sequenceDiagram",
        "stateDiagram",
        "stateDiagram-v2",
        "timeline",
        "treemap-beta",
        "xychart-beta",
        "zenuml",
    }
)


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a fence, named by the check that found it."""

    check: str
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.message}"


def without_macros(text: str) -> str:
    """Replace mkdocs-macros calls with a neutral literal so a parser sees plain code."""
    return MACRO_CALL.sub("0", text)


def known_language(lang: str) -> bool:
    if lang == "mermaid":
        return True
    try:
        find_lexer_class_by_name(lang)
    except ClassNotFound:
        return False
    return True


def check_header(fence: Fence) -> list[Finding]:
    """Check that the fence renders: a well-formed header, a known language, a closing fence."""
    findings = []
    if fence.header.error:
        findings.append(Finding("header", fence.header.error))
    if not fence.closed:
        findings.append(Finding("header", "the fence is never closed at its own indentation"))
    if not fence.lang:
        findings.append(Finding("language", "the fence names no language"))
    elif not known_language(fence.lang):
        findings.append(Finding("language", f"Pygments knows no language {fence.lang!r}"))
    if fence.has("sandbox-step") and fence.lang not in SHELL_LANGS:
        findings.append(Finding("steps", "a .sandbox-step fence must be bash"))
    return findings


def check_shell(script: str) -> list[Finding]:
    """Run `bash -n` and shellcheck on a script."""
    findings = []
    syntax = subprocess.run(
        ["bash", "-n"], input=script, capture_output=True, text=True, timeout=30, check=False
    )
    if syntax.returncode != 0:
        findings.append(Finding("bash -n", syntax.stderr.strip()))
    lint = subprocess.run(
        [
            str(SHELLCHECK),
            "--shell=bash",
            "--format=gcc",
            "--exclude=" + ",".join(SHELLCHECK_EXCLUDES),
            "-",
        ],
        input=script,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if lint.returncode != 0:
        findings.append(Finding("shellcheck", (lint.stdout + lint.stderr).strip()))
    return findings


def check_hcl(text: str) -> list[Finding]:
    try:
        hcl2.loads(text)
    except (LarkError, ValueError) as error:
        return [Finding("hcl", f"{type(error).__name__}: {error}".strip())]
    return []


def check_json(text: str) -> list[Finding]:
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return [Finding("json", f"{error} (mark a partial document with {{ .json .fragment }})")]
    return []


def check_yaml(text: str) -> list[Finding]:
    try:
        list(yaml.safe_load_all(text))
    except yaml.YAMLError as error:
        return [Finding("yaml", str(error))]
    return []


def check_toml(text: str) -> list[Finding]:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return [Finding("toml", str(error))]
    return []


def check_mermaid(text: str) -> list[Finding]:
    lines = [line.strip() for line in text.splitlines()]
    if lines and lines[0] == "---":  # a YAML config block may come first
        closing = lines.index("---", 1) if "---" in lines[1:] else len(lines)
        lines = lines[closing + 1 :]
    words = [line.split()[0] for line in lines if line and not line.startswith("%%")]
    if not words:
        return [Finding("mermaid", "the diagram is empty")]
    if words[0] not in MERMAID_TYPES:
        return [Finding("mermaid", f"{words[0]!r} is not a mermaid diagram type")]
    return []


def check_python(fence: Fence, expanded: str) -> list[Finding]:
    """Check the rules for Python fences that pytest-markdown-docs does not run."""
    if fence.snippet_only:
        try:
            compile(textwrap.dedent(expanded), fence.id, "exec")
        except SyntaxError as error:
            return [Finding("python", f"the included code does not compile: {error}")]
        return []
    if fence.has(NOTEST):
        if not (fence.note and NOTEST_NOTE.match(fence.note)):
            return [
                Finding(
                    "notest",
                    "a {.python notest} fence says why on the line above: <!-- notest: reason -->",
                )
            ]
        return []
    if MACRO_CALL.search(fence.content):
        return [Finding("python", "inline Python with a macro runs unrendered; move it to a file")]
    return []


def check_fence(fence: Fence, expander: SnippetExpander) -> list[Finding]:
    """Return every finding for the fence's content, its snippets expanded."""
    try:
        expanded = "\n".join(expander.expand(list(fence.body))) + "\n"
    except SnippetMissingError as error:
        return [Finding("snippet", str(error))]
    lang = fence.lang
    if lang in PYTHON_LANGS:
        return check_python(fence, expanded)
    if lang == "mermaid":
        return check_mermaid(expanded)
    partial = fence.has(FRAGMENT)
    text = without_macros(expanded)
    if lang in SHELL_LANGS:
        findings = check_shell(text)
        if fence.has("sandbox-step") and MACRO_CALL.search(expanded):
            findings.append(Finding("steps", "a step runs as written: macros stay unrendered"))
        return findings
    if lang in HCL_LANGS and not partial:
        return check_hcl(text)
    if lang == "json" and not partial:
        return check_json(text)
    if lang in ("yaml", "yml") and not partial:
        return check_yaml(text)
    if lang == "toml" and not partial:
        return check_toml(text)
    return []
