"""Fixtures shared by every test layer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from moto.server import ThreadedMotoServer

from modules.deployment.aws import SANDBOX_CREDENTIALS
from modules.sandbox import moto_additions
from modules.sandbox.moto_server import MotoServer, free_port

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def moto_server() -> Iterator[MotoServer]:
    """One moto server for the whole run; tests that need a clean account call reset().

    It runs in a thread of the test process, so no run, however it ends, leaves it behind.
    """
    moto_additions.apply()
    port = free_port()
    threaded = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    threaded.start()
    try:
        yield MotoServer(port=port)  # a handle: its endpoint and reset()
    finally:
        threaded.stop()


@pytest.fixture
def aws_env(moto_server: MotoServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point boto3 and anything reading the environment at the moto server; return its URL."""
    for name, value in SANDBOX_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.endpoint)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return moto_server.endpoint


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once per run with the strict build the README documents."""
    from tests.sitebuild import build

    dest = tmp_path_factory.mktemp("site")
    result = build(ROOT, dest)
    assert result.returncode == 0, result.stderr[-4000:]
    return dest


# Under `pytest -n 3`, a file's tests run on one worker, and so do the files of a group. The
# tests that apply Terraform into a sandbox form two groups, each on a worker of its own, running
# applies one after another: more at once starve the moto servers of the machine's two cores.
# The tests that read the built site share one build. (xdist's own `loadgroup` no longer groups
# under pytest 9.2: pytest-xdist#1386.)
GROUPS = {
    "sandbox-pages": {
        "tests/docs/test_sandbox_steps.py",
        "tests/integration/test_sandbox_cli.py",
        "tests/integration/test_sandbox_lifecycle.py",
    },
    # The end-to-end files share one sandbox (tests/e2e/conftest.py); the reader's has its own.
    "sandbox-e2e": {
        "tests/e2e/test_api_on_the_sandbox.py",
        "tests/e2e/test_course_on_the_sandbox.py",
        "tests/e2e/test_reader_path.py",
        "tests/integration/checks/test_checks_cli.py",
        "tests/integration/test_local_api_cli.py",
        "tests/integration/test_runtime_cli.py",
    },
    "site": {
        "tests/browser/test_browser_checks_catch_mistakes.py",
        "tests/browser/test_site_in_browser.py",
        "tests/browser/test_site_layout.py",
        "tests/docs/test_build_it.py",
        "tests/docs/test_checks_catch_mistakes.py",
        "tests/docs/test_cost_amounts.py",
        "tests/docs/test_links.py",
        "tests/docs/test_site_build.py",
        "tests/integration/checks/test_checks_site.py",
    },
}


def work_unit(nodeid: str) -> str:
    """The unit xdist hands to one worker: the test's group, else its file."""
    path = nodeid.split("::", 1)[0]
    return next((group for group, files in GROUPS.items() if path in files), path)


def longest_first(collection: list[str]) -> list[str]:
    """Order the collection by work unit: the groups first (each takes minutes), then the files
    with the most tests; a unit's own tests keep their order.

    A long unit handed out last is the run's tail; xdist's own order (most tests first) would
    hand out the end-to-end group, few tests of minutes each, after files of seconds.
    """
    units: dict[str, list[str]] = {}
    for nodeid in collection:
        units.setdefault(work_unit(nodeid), []).append(nodeid)
    groups = list(GROUPS)
    order = sorted(
        units,
        key=lambda unit: (
            (groups.index(unit), 0) if unit in GROUPS else (len(groups), -len(units[unit]))
        ),
    )
    return [nodeid for unit in order for nodeid in units[unit]]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Collect the longest work units first; xdist hands them out in that order (below).

    The order is the collection's own, the same in every worker: xdist's controller names a
    test to a worker by its index in that collection.
    """
    order = {nodeid: n for n, nodeid in enumerate(longest_first([i.nodeid for i in items]))}
    items.sort(key=lambda item: order[item.nodeid])


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    from xdist.scheduler import LoadScopeScheduling

    class ByWorkUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    config.option.loadscopereorder = False  # the collection is in longest_first order already
    return ByWorkUnit(config, log)
