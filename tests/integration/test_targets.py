"""Run every tests/integration/targets/<name>/ as a role in a playbook on localhost, against a fresh
strict simulator: `pytest tests/integration/test_targets.py -k zone`.

A target may hold `simulator.args` (one line of extra simulator options, e.g. `--instances 50`).
Inside the role, the connection comes from CLOUDSTACK_CONFIG; `sim_url` names the simulator's base
URL (for its /_sim/ control endpoints) and the test-only lookup `cloudstack_api` lists what the
simulator holds: `query('cloudstack_api', 'listServiceOfferings', name='x')`.
"""
import os
import shlex

import pytest

from simulator_plays import run_playbook

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS_DIR = os.path.join(HERE, "targets")

TARGETS = sorted(name for name in os.listdir(TARGETS_DIR)
                 if os.path.isfile(os.path.join(TARGETS_DIR, name, "tasks", "main.yml")))

PLAYBOOK = """- hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
    sim_url: %(sim_url)s
  roles:
    - %(target)s
"""


def simulator_args(target):
    path = os.path.join(TARGETS_DIR, target, "simulator.args")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return shlex.split(f.read())


@pytest.mark.parametrize("target", TARGETS)
def test_target(target, start_simulator, tmp_path):
    sim = start_simulator(*simulator_args(target))
    playbook = tmp_path / "playbook.yml"
    playbook.write_text(PLAYBOOK % {"sim_url": sim.base_url, "target": target})
    code, out = run_playbook(playbook, sim, tmp_path, ANSIBLE_ROLES_PATH=TARGETS_DIR)
    assert code == 0, "target %s failed:\n%s\n--- simulator log ---\n%s" % (target, out[-12000:], sim.read_log()[-3000:])
