"""ansible-playbook against a simulator, as the smoke, permissions, limits and reliability suites run their plays: the
collection through its .build link, the simulator's ini in place of a developer's cloud. Every suite imports it as
``simulator_plays`` (tests/ is on sys.path, as for module_args; tests/roles has its own ``playbooks``)."""
import os
import subprocess
import sys

from collection import COLLECTIONS, REPO, link

LOOKUP_PLUGINS = os.path.join(REPO, "tests", "integration", "lookup_plugins")  # cloudstack_api: what the simulator holds
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")

PLAY = """- hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
%s"""  # a play on localhost with these tasks (indented 4)
IMPORT_TASKS = PLAY % "    - ansible.builtin.import_tasks: %s\n"


def start_playbook(path, sim, tmp_path, *options, inventory="localhost,", **environment):
    """Start ansible-playbook on the playbook at ``path`` (on localhost) against ``sim``, with these ``options`` and
    ``environment`` variables besides the common ones: the process, its output (everything it prints) piped."""
    link()
    env = dict(os.environ, **sim.env())
    for name in ("CLOUDSTACK_ENDPOINT", "CLOUDSTACK_KEY", "CLOUDSTACK_SECRET"):
        env.pop(name, None)  # the simulator's ini, not a developer's cloud
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
               ANSIBLE_LOOKUP_PLUGINS=LOOKUP_PLUGINS, ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"), ANSIBLE_NOCOLOR="1",
               ANSIBLE_RETRY_FILES_ENABLED="false", PYTHONPATH=os.path.join(REPO, "simulator"),
               CLOUDSTACK_POLL_INTERVAL="0.05", **environment)  # for the plays' own `cs` scripts: the modules ignore it
    return subprocess.Popen([ANSIBLE_PLAYBOOK, "-i", inventory] + list(options) + [str(path)], env=env,
                            cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)


def run_playbook(path, sim, tmp_path, *options, inventory="localhost,", **environment):
    """Run the playbook at ``path`` as ``start_playbook`` does, to its end: (return code, everything it printed)."""
    process = start_playbook(path, sim, tmp_path, *options, inventory=inventory, **environment)
    out = process.communicate()[0]
    return process.returncode, out


def run_tasks(tasks, sim, tmp_path):
    """Run the task file ``tasks`` in a play on localhost against ``sim``: (return code, everything it printed)."""
    playbook = tmp_path / "play.yml"
    playbook.write_text(IMPORT_TASKS % tasks)
    return run_playbook(playbook, sim, tmp_path)
