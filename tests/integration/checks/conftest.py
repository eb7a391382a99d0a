"""Fixtures of the checks' tests: a moto server of their own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from modules.sandbox.moto_server import MotoServer


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoServer]:
    """Run a moto server for the checks alone."""
    # They reset it for every deployment they build; that must not wipe what other tests
    # keep on the shared server.
    log_path = tmp_path_factory.mktemp("checks-moto") / "moto.log"
    with MotoServer(log_path=log_path) as server:
        yield server
