"""Every fence of every page renders, and its code is valid once snippets are expanded.

pytest-markdown-docs runs the inline Python (see tests/doctools/markdown_plugin.py); these tests
cover the rest: headers, languages, shell, HCL, JSON, YAML, TOML, mermaid and the Python rules.
"""

from __future__ import annotations

import pytest

from tests.doctools.checks import check_fence, check_header
from tests.doctools.fences import Fence
from tests.doctools.inventory import inventory
from tests.doctools.snippets import SnippetExpander

FENCES = inventory().fences


def report(findings: list[object], fence: Fence) -> str:
    return f"{fence.location}:\n" + "\n".join(str(finding) for finding in findings)


@pytest.mark.parametrize("fence", FENCES, ids=[fence.id for fence in FENCES])
def test_fence_header_renders_with_a_known_language(fence: Fence) -> None:
    findings = check_header(fence)
    assert not findings, report(findings, fence)


@pytest.mark.parametrize("fence", FENCES, ids=[fence.id for fence in FENCES])
def test_fence_content_is_valid(fence: Fence, expander: SnippetExpander) -> None:
    findings = check_fence(fence, expander)
    assert not findings, report(findings, fence)
