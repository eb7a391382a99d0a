"""pytest plugin for `pytest --markdown-docs`: see every Python fence, run each in the sandbox.

Load it with `-p tests.doctools.markdown_plugin` next to
`--markdown-docs --markdown-docs-syntax=superfences docs` (see the Makefile). pytest-markdown-docs
reads fences with markdown-it, which takes a fence indented inside a content tab or an
admonition for an indented code block and never runs it. This plugin answers its
`pytest_markdown_docs_markdown_it` hook with a parser that reads the page as superfences does:
fences at any depth, snippets expanded. A fence made only of snippet includes is not run (its
file has its own tests); a fence whose header superfences would not render is left to the
header check in tests/docs.

Every fence runs with fake credentials and AWS_ENDPOINT_URL set to a moto server, so none can
reach a real account; `fixture:sessions_table` adds the sessions table.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest
from pytest_markdown_docs.plugin import MarkdownInlinePythonItem

from modules.deployment.aws import SANDBOX_CREDENTIALS
from modules.learner.reference import files_at, write_tree
from modules.learner.stages import Stage
from modules.sandbox.moto_server import MotoServer
from modules.sandbox.tables import create_sessions_table
from tests.doctools.checkout import module_of
from tests.doctools.checks import NOTEST, PYTHON_LANGS
from tests.doctools.config import site_config
from tests.doctools.fences import scan
from tests.doctools.snippets import SnippetExpander

SESSIONS_TABLE = "hexagonal-auth-dev-sessions"


@dataclass
class FenceToken:
    """The part of a markdown-it token that pytest-markdown-docs reads."""

    content: str
    info: str
    map: list[int]
    type: str = "fence"


@dataclass
class FenceParser:
    """Stand in for markdown-it: return the page's Python fences as superfences renders them."""

    expander: SnippetExpander
    pages: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: {"run": 0, "notest": 0, "included": 0, "unrendered": 0}
    )

    def parse(self, text: str) -> list[FenceToken]:
        self.pages += 1
        tokens = []
        for fence in scan(text, "page").fences:
            if fence.lang not in PYTHON_LANGS:
                continue
            if fence.header.error or not fence.closed:
                self.counts["unrendered"] += 1
                continue
            words = list(fence.header.flags)
            if fence.snippet_only and NOTEST not in words:
                words.append(NOTEST)
            kind = "included" if fence.snippet_only else "notest" if NOTEST in words else "run"
            self.counts[kind] += 1
            body = self.expander.expand(list(fence.body))
            tokens.append(
                FenceToken(
                    content="\n".join(body) + "\n",
                    info="{" + " ".join([f".{fence.lang}", *words]) + "}",
                    map=[fence.line - 1, fence.line + len(fence.body)],
                )
            )
        return tokens


PARSER = FenceParser(SnippetExpander(site_config()))


@pytest.hookimpl(tryfirst=True)
def pytest_markdown_docs_markdown_it() -> FenceParser:
    return PARSER


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A docs tree whose pages hold no inline Python to run is a pass, not "no tests"."""
    if (
        exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED
        and session.config.option.markdowndocs
        and PARSER.pages
        and not PARSER.counts["run"]
    ):
        session.exitstatus = pytest.ExitCode.OK


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if PARSER.pages:
        counts = ", ".join(f"{n} {kind}" for kind, n in PARSER.counts.items())
        terminalreporter.write_line(f"markdown-docs: {PARSER.pages} pages; Python fences: {counts}")


@pytest.fixture(scope="session")
def docs_moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoServer]:
    with MotoServer(log_path=tmp_path_factory.mktemp("moto") / "moto.log") as server:
        yield server


@pytest.fixture
def aws_sandbox(docs_moto_server: MotoServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point boto3 at a clean moto server with fake credentials; return its endpoint."""
    docs_moto_server.reset()
    for name in [name for name in os.environ if name.startswith("AWS_")]:
        monkeypatch.delenv(name)
    for name, value in SANDBOX_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_ENDPOINT_URL", docs_moto_server.endpoint)
    return docs_moto_server.endpoint


@pytest.fixture(autouse=True)
def _fences_run_in_the_sandbox(request: pytest.FixtureRequest) -> None:
    if isinstance(request.node, MarkdownInlinePythonItem):
        request.getfixturevalue("aws_sandbox")
        request.getfixturevalue("_code_of_the_pages_module")


@pytest.fixture(scope="session")
def module_trees() -> dict[int, Path]:
    """The reader's project at the end of each module, written once per run when first asked."""
    return {}


@pytest.fixture
def _code_of_the_pages_module(
    request: pytest.FixtureRequest,
    module_trees: dict[int, Path],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[None]:
    """A module page's fences run in the project as that module leaves it: its code, its events.

    The repository's code is the last module's; module 3's page shows module 3's.
    """
    path = Path(request.node.path)
    module = module_of(f"{path.parent.name}/{path.name}")  # docs/es/modules/3-lambda.md: 3
    if module is None:
        yield
        return
    if module not in module_trees:
        tree = tmp_path_factory.mktemp(f"module-{module}")
        write_tree(files_at(Stage.end_of(module)), tree)
        module_trees[module] = tree
    monkeypatch.chdir(module_trees[module])
    monkeypatch.syspath_prepend(str(module_trees[module] / "code"))
    forget_the_service()
    yield
    forget_the_service()


def forget_the_service() -> None:
    """Drop the imported service, so the next fence imports the code its page's module has."""
    for name in [name for name in sys.modules if name.split(".")[0] == "auth_sessions"]:
        del sys.modules[name]


@pytest.fixture
def sessions_table(aws_sandbox: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Create the sessions table as Terraform defines it; set DYNAMODB_TABLE_NAME; return it."""
    create_sessions_table(boto3.client("dynamodb"), SESSIONS_TABLE)
    monkeypatch.setenv("DYNAMODB_TABLE_NAME", SESSIONS_TABLE)
    return SESSIONS_TABLE
