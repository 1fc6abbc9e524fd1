"""ansible-playbook against a simulator, as tests/smoke/test_smoke.py runs the smoke plays."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
COLLECTIONS = os.path.join(REPO, ".build", "collections")
LOOKUP_PLUGINS = os.path.join(REPO, "tests", "integration", "lookup_plugins")
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")


def start_playbook(path, sim, tmp_path, *options, inventory="localhost,"):
    """Start ansible-playbook on the playbook at ``path`` (on localhost) against ``sim``: the process, its output
    (everything it prints) piped."""
    env = dict(os.environ, **sim.env())
    for name in ("CLOUDSTACK_ENDPOINT", "CLOUDSTACK_KEY", "CLOUDSTACK_SECRET"):
        env.pop(name, None)  # the simulator's ini, not a developer's cloud
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
               ANSIBLE_LOOKUP_PLUGINS=LOOKUP_PLUGINS, ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"), ANSIBLE_NOCOLOR="1",
               ANSIBLE_RETRY_FILES_ENABLED="false", PYTHONPATH=os.path.join(REPO, "simulator"))
    return subprocess.Popen([ANSIBLE_PLAYBOOK, "-i", inventory] + list(options) + [str(path)], env=env,
                            cwd=str(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)


def run_playbook(path, sim, tmp_path, *options, inventory="localhost,"):
    """Run the playbook at ``path`` (on localhost) against ``sim``: (return code, everything it printed)."""
    process = start_playbook(path, sim, tmp_path, *options, inventory=inventory)
    out = process.communicate()[0]
    return process.returncode, out
