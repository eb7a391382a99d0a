"""The moto server: a recorded pid is only ever a moto server; a missing moto says the fix."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from modules.sandbox.moto_server import MotoServerError, pid_is_moto, start_detached, stop_pid


@pytest.mark.parametrize("pid", [0, -1, -os.getpid()], ids=["zero", "minus-one", "own-group"])
def test_a_process_group_id_is_never_taken_for_a_server(pid: int) -> None:
    # os.kill(0, …) would signal this very process group, the test runner included.
    assert pid_is_moto(pid) is False
    assert stop_pid(pid) is False


def test_another_running_program_is_not_a_moto_server() -> None:
    assert pid_is_moto(os.getpid()) is False


def test_without_moto_the_sandbox_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(MotoServerError, match=r"moto is not installed: run `make setup`") as raised:
        start_detached(tmp_path / "moto.log")
    assert "moto no está instalado: ejecuta `make setup`" in raised.value.detail.es
    assert not (tmp_path / "moto.log").exists()
