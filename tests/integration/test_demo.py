"""The demo as README.md describes it: run twice on one fresh simulator, its printed figures are README's."""
import os
import re
import subprocess
import sys

from collection import COLLECTIONS, REPO

ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
CALLS = re.compile(r"API calls made by this run: (\d+)")
CHANGED = re.compile(r"localhost\s*:.*changed=(\d+).*failed=(\d+)")


def run_demo(sim, tmp_path):
    env = dict(os.environ, **sim.env())
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR="1", ANSIBLE_LOCAL_TEMP=str(tmp_path / "tmp"))
    for name in ("CLOUDSTACK_ENDPOINT", "CLOUDSTACK_KEY", "CLOUDSTACK_SECRET"):
        env.pop(name, None)
    run = subprocess.run([ANSIBLE_PLAYBOOK, os.path.join(REPO, "playbooks", "demo.yml")], env=env, cwd=REPO,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    assert run.returncode == 0, run.stdout[-6000:]
    changed, failed = CHANGED.search(run.stdout).groups()
    assert failed == "0"
    return int(CALLS.search(run.stdout).group(1)), int(changed)


def test_readme_gives_the_figures_the_demo_prints(start_simulator, tmp_path):
    sim = start_simulator()
    first_calls, _first_changed = run_demo(sim, tmp_path)
    second_calls, second_changed = run_demo(sim, tmp_path)
    assert second_changed == 0
    with open(os.path.join(REPO, "README.md")) as f:
        readme = " ".join(f.read().split())
    said = ("On a fresh simulator the first run makes %d API calls; run again on the same cloud it makes %d and "
            "changes nothing." % (first_calls, second_calls))
    assert said in readme, "README.md should say: %s" % said
