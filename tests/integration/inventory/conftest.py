"""Fixtures of the inventory tests: a simulator holding a small known world, and runners of
`ansible-inventory --list` and `ansible` against it."""
import json
import os
import subprocess
import sys

import pytest

from cloudstack_simulator.process import SimulatorProcess
from inventory_world import ANSIBLE, ANSIBLE_INVENTORY, COLLECTIONS, LINK, REPO, build_world


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with SimulatorProcess(workdir=str(tmp_path_factory.mktemp("sim"))) as sim:
        yield build_world(sim)


def inventory_env(sim, tmp_path):
    if not os.path.exists(LINK):
        os.makedirs(os.path.dirname(LINK), exist_ok=True)
        os.symlink(REPO, LINK)
    env = dict(os.environ, **sim.env())
    for name in ("CLOUDSTACK_ENDPOINT", "CLOUDSTACK_KEY", "CLOUDSTACK_SECRET"):
        env.pop(name, None)
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
               ANSIBLE_INVENTORY_UNPARSED_FAILED="true", ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"),
               ANSIBLE_NOCOLOR="1", ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    return env


def plain(value):
    """--list output with the values as they are: ansible-inventory writes strings that came from the
    API (and so must never be templated) as {"__ansible_unsafe": "..."}."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


@pytest.fixture
def run_ansible(tmp_path):
    """run_ansible(sim, yaml_text, *args) -> the CompletedProcess of `ansible -i SOURCE *args`."""
    def run(sim, config, *args):
        source = tmp_path / "adhoc.cloudstack.yml"
        source.write_text(config)
        return subprocess.run([ANSIBLE, "-i", str(source)] + list(args), env=inventory_env(sim, tmp_path),
                              capture_output=True, text=True, timeout=300, check=False)
    return run


@pytest.fixture
def run_inventory(tmp_path):
    """run_inventory(sim, yaml_text, *extra_args) -> (returncode, parsed --list output or None, stderr)."""
    def run(sim, config, *args, name="test.cloudstack.yml"):
        source = tmp_path / name
        source.write_text(config)
        proc = subprocess.run([ANSIBLE_INVENTORY, "-i", str(source), "--list"] + list(args),
                              env=inventory_env(sim, tmp_path), capture_output=True, text=True, timeout=300,
                              check=False)
        output = plain(json.loads(proc.stdout)) if proc.returncode == 0 else None
        return proc.returncode, output, proc.stderr
    return run
