"""Fixtures shared by every test suite: a simulator in a child process, and the repository paths."""
import os
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "simulator"))

from cloudstack_simulator.process import SimulatorProcess  # noqa: E402


@pytest.fixture
def start_simulator(tmp_path_factory):
    """Factory: start_simulator(*cli_args, strict=True) -> a started SimulatorProcess, stopped after the test."""
    started = []

    def start(*args, strict=True):
        sim = SimulatorProcess(*args, strict=strict, workdir=str(tmp_path_factory.mktemp("sim")))
        started.append(sim.start())
        return sim

    yield start
    for sim in started:
        sim.stop()


@pytest.fixture
def simulator(start_simulator):
    """A fresh strict simulator with the sandbox world."""
    return start_simulator()
