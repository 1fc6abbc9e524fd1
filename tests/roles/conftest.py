"""Fixtures for role tests on Debian 12 machines (see tests/roles/README.md)."""
import os
import re

import pytest

import machines
import playbooks


@pytest.fixture(scope="session")
def lab():
    """The session's Lab (bridge, proxy, machines), torn down at the end; skips where it cannot run."""
    reason = machines.unavailable_reason()
    if reason:
        pytest.skip(reason)
    os.makedirs(playbooks.LOGS, exist_ok=True)
    with machines.Lab(logdir=playbooks.LOGS) as the_lab:
        yield the_lab


@pytest.fixture
def boot(lab):
    """Factory: boot(name, nspawn_args=()) -> a fresh Machine, destroyed when the test ends."""
    booted = []

    def start(name, nspawn_args=()):
        machine = lab.boot(name, nspawn_args=nspawn_args)
        booted.append(machine)
        return machine

    yield start
    for machine in booted:
        machine.destroy()


@pytest.fixture
def run_playbook(lab, request):
    """Factory: run_playbook(playbook, groups, hostvars=None, groupvars=None, **kwargs) -> PlaybookRun.

    groups = {"group": [Machine, ...]}; kwargs go to playbooks.ansible_playbook (extra_vars,
    check, diff, args, env). Logs land in tests/output/roles/<test name>/.
    """
    return playbooks.runner(re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name))
