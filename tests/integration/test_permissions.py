"""CloudStack's permission model through the modules: a domain admin's and a plain user's keys (made by the user
module with keys_registered) see only what CloudStack shows them and are refused outside it, with CloudStack's
answers and codes (tests/integration/permissions/tasks.yml). `pytest tests/integration/test_permissions.py`."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
COLLECTIONS = os.path.join(REPO, ".build", "collections")
LINK = os.path.join(COLLECTIONS, "ansible_collections", "cloudstack", "cloud")
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")

PLAYBOOK = """- hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - ansible.builtin.import_tasks: %s
"""


def test_domain_admin_and_user_see_and_act_as_cloudstack_allows(start_simulator, tmp_path):
    if not os.path.exists(LINK):
        os.makedirs(os.path.dirname(LINK), exist_ok=True)
        os.symlink(REPO, LINK)
    sim = start_simulator()
    playbook = tmp_path / "permissions.yml"
    playbook.write_text(PLAYBOOK % os.path.join(HERE, "permissions", "tasks.yml"))
    env = dict(os.environ, **sim.env())
    for name in ("CLOUDSTACK_ENDPOINT", "CLOUDSTACK_KEY", "CLOUDSTACK_SECRET"):
        env.pop(name, None)  # the simulator's ini, not a developer's cloud
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
               ANSIBLE_LOOKUP_PLUGINS=os.path.join(HERE, "lookup_plugins"), ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"),
               ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="false", PYTHONPATH=os.path.join(REPO, "simulator"))
    run = subprocess.run([ANSIBLE_PLAYBOOK, "-i", "localhost,", str(playbook)], env=env, cwd=str(tmp_path),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    assert run.returncode == 0, "permissions play failed:\n%s\n--- simulator log ---\n%s" % (
        run.stdout[-12000:], sim.read_log()[-3000:])
