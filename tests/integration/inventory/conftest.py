"""Fixtures of the inventory tests: a simulator holding a small known world, and runners of
`ansible-inventory --list` and `ansible` against it."""
import json
import subprocess

import pytest

from cloudstack_simulator.process import SimulatorProcess
from inventory_world import ANSIBLE, ANSIBLE_INVENTORY, build_world, inventory_env, plain


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with SimulatorProcess(workdir=str(tmp_path_factory.mktemp("sim"))) as sim:
        yield build_world(sim)


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
