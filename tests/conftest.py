"""Fixtures shared by every test layer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from moto.server import ThreadedMotoServer

from modules.deployment.aws import SANDBOX_CREDENTIALS
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
