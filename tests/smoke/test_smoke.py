"""One smoke play per module, run under every supported ansible-core (`make test-cores`; the full
module targets of tests/integration run under the newest only).

tests/smoke/tasks/<module>.yml runs the module in check mode, then for real (create, or read for an
info module), then again, and asserts the re-run reports changed=false and what the simulator holds.
The modules are read from plugins/modules/, so a new module without a smoke task fails here.
"""
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TASKS = os.path.join(HERE, "tasks")
MODULES_DIR = os.path.join(REPO, "plugins", "modules")
LOOKUP_PLUGINS = os.path.join(REPO, "tests", "integration", "lookup_plugins")  # cloudstack_api: what the simulator holds
COLLECTIONS = os.path.join(REPO, ".build", "collections")
LINK = os.path.join(COLLECTIONS, "ansible_collections", "cloudstack", "cloud")
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")

MODULES = sorted(name[:-3] for name in os.listdir(MODULES_DIR) if name.endswith(".py") and name != "__init__.py")

PLAYBOOK = """- hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - ansible.builtin.import_tasks: %s
"""


def test_every_smoke_task_names_a_module():
    stale = sorted(name for name in os.listdir(TASKS) if name[:-4] not in MODULES)
    assert stale == [], "smoke tasks for modules that do not exist: %s" % stale


@pytest.mark.parametrize("module", MODULES)
def test_module_smoke(module, start_simulator, tmp_path):
    tasks = os.path.join(TASKS, module + ".yml")
    assert os.path.isfile(tasks), "module %s has no smoke task: write tests/smoke/tasks/%s.yml" % (module, module)
    if not os.path.exists(LINK):
        os.makedirs(os.path.dirname(LINK), exist_ok=True)
        os.symlink(REPO, LINK)
    sim = start_simulator()
    playbook = tmp_path / "smoke.yml"
    playbook.write_text(PLAYBOOK % tasks)
    env = dict(os.environ, **sim.env())
    for name in ("CLOUDSTACK_ENDPOINT", "CLOUDSTACK_KEY", "CLOUDSTACK_SECRET"):
        env.pop(name, None)  # the simulator's ini, not a developer's cloud
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
               ANSIBLE_LOOKUP_PLUGINS=LOOKUP_PLUGINS, ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"), ANSIBLE_NOCOLOR="1",
               ANSIBLE_RETRY_FILES_ENABLED="false", PYTHONPATH=os.path.join(REPO, "simulator"))
    run = subprocess.run([ANSIBLE_PLAYBOOK, "-i", "localhost,", str(playbook)], env=env, cwd=str(tmp_path),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    assert run.returncode == 0, "smoke play of %s failed:\n%s\n--- simulator log ---\n%s" % (
        module, run.stdout[-8000:], sim.read_log()[-3000:])
    assert "failed=0" in run.stdout
