"""The moto server: a recorded pid is only ever a moto server; a missing moto says the fix."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from modules.sandbox import moto_server
from modules.sandbox.moto_server import (
    MotoServerError,
    pid_exists,
    pid_is_moto,
    start_detached,
    stop_pid,
)


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


def test_a_server_still_inside_exec_is_waited_for_not_taken_for_dead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between exec's point of no return and its new argv, /proc shows an empty command line."""
    monkeypatch.setattr(moto_server, "pid_is_moto", lambda pid: False)
    server = start_detached(tmp_path / "moto.log")
    try:
        assert pid_exists(server.pid)
    finally:
        monkeypatch.undo()
        assert stop_pid(server.pid) is True


def test_a_server_that_dies_before_answering_points_at_its_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(moto_server, "SERVER_MODULE", "no_such_module_for_moto")
    monkeypatch.setattr(
        moto_server,
        "_LAUNCHER",
        moto_server._LAUNCHER.replace("modules.sandbox.moto_additions", "no_such_module_for_moto"),
    )
    with pytest.raises(MotoServerError, match="moto exited before answering; see "):
        start_detached(tmp_path / "moto.log")
    assert "No module named no_such_module_for_moto" in (tmp_path / "moto.log").read_text()
