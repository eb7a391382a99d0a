"""A recorded pid is only ever a moto server: never a process group, never another program."""

from __future__ import annotations

import os

import pytest

from modules.sandbox.moto_server import pid_is_moto, stop_pid


@pytest.mark.parametrize("pid", [0, -1, -os.getpid()])
def test_a_process_group_id_is_never_taken_for_a_server(pid: int) -> None:
    # os.kill(0, …) would signal this very process group, the test runner included.
    assert pid_is_moto(pid) is False
    assert stop_pid(pid) is False


def test_another_running_program_is_not_a_moto_server() -> None:
    assert pid_is_moto(os.getpid()) is False
