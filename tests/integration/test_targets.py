"""Run every tests/integration/targets/<name>/ as a role in a playbook on localhost, against a fresh
strict simulator: `pytest tests/integration/test_targets.py -k zone`.

A target may hold `simulator.args` (one line of extra simulator options, e.g. `--instances 50`).
Inside the role, the connection comes from CLOUDSTACK_CONFIG; `sim_url` names the simulator's base
URL (for its /_sim/ control endpoints) and the test-only lookup `cloudstack_api` lists what the
simulator holds: `query('cloudstack_api', 'listServiceOfferings', name='x')`.
"""
import os
import shlex
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TARGETS_DIR = os.path.join(HERE, "targets")
COLLECTIONS = os.path.join(REPO, ".build", "collections")
LINK = os.path.join(COLLECTIONS, "ansible_collections", "cloudstack", "cloud")
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")

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
    if not os.path.exists(LINK):
        os.makedirs(os.path.dirname(LINK), exist_ok=True)
        os.symlink(REPO, LINK)
    sim = start_simulator(*simulator_args(target))
    playbook = tmp_path / "playbook.yml"
    playbook.write_text(PLAYBOOK % {"sim_url": sim.base_url, "target": target})
    env = dict(os.environ, **sim.env())
    env.update(
        ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        ANSIBLE_ROLES_PATH=TARGETS_DIR,
        ANSIBLE_LOOKUP_PLUGINS=os.path.join(HERE, "lookup_plugins"),
        ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_RETRY_FILES_ENABLED="false",
        PYTHONPATH=os.path.join(REPO, "simulator"),
    )
    for name in ("CLOUDSTACK_ENDPOINT", "CLOUDSTACK_KEY", "CLOUDSTACK_SECRET"):
        env.pop(name, None)  # the simulator's ini, not a developer's cloud
    run = subprocess.run([ANSIBLE_PLAYBOOK, "-i", "localhost,", str(playbook)], env=env, cwd=str(tmp_path),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    assert run.returncode == 0, "target %s failed:\n%s\n--- simulator log ---\n%s" % (target, run.stdout[-12000:], sim.read_log()[-3000:])
