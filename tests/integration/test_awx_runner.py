"""Jobs as AWX and AAP run them, through ansible-runner, against a simulator: an inventory sync (ansible-inventory
--list --export on the collection's inventory plugin, from a project, as AWX's RunInventoryUpdate runs it: an `args`
file in the job's private data directory) and a job template's provisioning playbook (examples/awx/provision.yml, on
the synced inventory written as AWX writes it, an inventory script), each in a private data directory of its own
whose env/envvars holds what the CloudStack credential type (examples/awx/credential_type.yml) injects. Asserts the
jobs' status, rc, events and changed counts, and that the secret key is in no event, no stdout and no file a job wrote.
"""
import json
import os
import re
import shutil
import sys

import ansible_runner
import pytest
from awx_injection import injected_env, load_credential_type
from inventory.inventory_world import plain

from collection import COLLECTIONS, REPO, link

BIN = os.path.dirname(sys.executable)
SOURCE = os.path.join("examples", "inventory", "awx.cloudstack.yml")
PLAYBOOK = os.path.join("examples", "awx", "provision.yml")
TASKS = ["Ensure the application network exists", "Ensure the application instance runs on it"]
# awx/main/constants.py: what every inventory update gets.
STANDARD_INVENTORY_UPDATE_ENV = {"ANSIBLE_INVENTORY_UNPARSED_FAILED": "True", "ANSIBLE_INVENTORY_EXPORT": "True",
                                 "ANSIBLE_VERBOSE_TO_STDERR": "True"}
# awx/main/utils/common.py build_safe_env: the environment variables whose values AWX hides in a job's record.
AWX_HIDDEN = re.compile(r"API|TOKEN|KEY|SECRET|PASS", re.I)
INVENTORY_SCRIPT = "#!%s\nimport json\nprint(json.dumps(%r))\n"


@pytest.fixture(autouse=True)
def only_the_credential(monkeypatch):
    """The connection comes from the injected credential alone; Ansible's commands are on PATH, as in an execution
    environment."""
    monkeypatch.setenv("PATH", os.pathsep.join([BIN, os.environ.get("PATH", "")]))
    for name in list(os.environ):
        if name.startswith("CLOUDSTACK_"):
            monkeypatch.delenv(name)
    link()


class Job:
    """One job's private data directory, laid out as AWX lays it out: the project's checkout under project/, the
    environment (the credential's injected variables and AWX's own) in env/envvars."""

    def __init__(self, root, sim, ident, extra_env=None):
        self.dir, self.ident = str(root / ident), ident
        shutil.copytree(os.path.join(REPO, "examples"), os.path.join(self.dir, "project", "examples"))
        os.makedirs(os.path.join(self.dir, "env"))
        inputs = {"endpoint": sim.endpoint, "key": sim.key, "secret": sim.secret, "verify": True}
        envvars = dict(injected_env(load_credential_type(), inputs), ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
                       ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false", ANSIBLE_NOCOLOR="1", **(extra_env or {}))
        self.write("env/envvars", json.dumps(envvars))
        self.prepared = self.files()
        self.events = []

    def write(self, name, text, mode=0o600):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def files(self):
        return set(os.path.join(top, name) for top, _dirs, names in os.walk(self.dir) for name in names)

    def run(self, **kwargs):
        runner = ansible_runner.run(private_data_dir=self.dir, ident=self.ident, quiet=True, event_handler=self.events.append,
                                    settings={"suppress_ansible_output": True, "job_timeout": 600}, **kwargs)
        self.runner = runner
        return runner

    def written(self):
        """Every file the run wrote (the artifacts: stdout, job events, status, rc, command, output.json...)."""
        return sorted(self.files() - self.prepared)

    def assert_no_secret(self, secret):
        """Not in an event, the stdout, nor any file the run wrote, but for ansible-runner's record of the environment
        it ran the command in (artifacts/ID/command, "env"): there under CLOUDSTACK_SECRET, a name AWX masks when it
        keeps the record as the job's environment (build_safe_env hides names matching API|TOKEN|KEY|SECRET|PASS)."""
        assert secret and len(secret) > 20
        assert not [e for e in self.events if secret in json.dumps(e)], "the secret key is in an event"
        assert secret not in self.runner.stdout.read()
        leaks = []
        for path in self.written():
            with open(path, "rb") as f:
                content = f.read()
            if path == os.path.join(self.dir, "artifacts", self.ident, "command"):
                record = json.loads(content)
                assert [k for k, v in record["env"].items() if secret in v] == ["CLOUDSTACK_SECRET"]
                assert AWX_HIDDEN.search("CLOUDSTACK_SECRET")
                del record["env"]["CLOUDSTACK_SECRET"]
                content = json.dumps(record).encode()
            if secret.encode() in content:
                leaks.append(os.path.relpath(path, self.dir))
        assert not leaks, "the secret key is in %s" % leaks
        assert len(self.written()) >= 4


def inventory_sync(root, sim, ident):
    """AWX's inventory update of a source "Sourced from a Project": ansible-inventory --list --export."""
    job = Job(root, sim, ident, STANDARD_INVENTORY_UPDATE_ENV)
    source = os.path.join(job.dir, "project", SOURCE)
    output = os.path.join(job.dir, "artifacts", ident, "output.json")
    job.write("args", " ".join([os.path.join(BIN, "ansible-inventory"), "--list", "--export", "-i", source,
                                "--output", output, "--playbook-dir", os.path.dirname(source)]), 0o400)
    job.prepared = job.files()
    runner = job.run()
    assert (runner.status, runner.rc) == ("successful", 0), runner.stdout.read()[-4000:]
    with open(output) as f:
        return job, plain(json.load(f))


def provision(root, sim, ident, inventory, verbosity):
    """A job template's run of provision.yml on the synced inventory (an inventory script, as AWX writes it)."""
    job = Job(root, sim, ident)
    job.write("inventory/hosts", INVENTORY_SCRIPT % (sys.executable, inventory), 0o700)
    job.prepared = job.files()
    runner = job.run(playbook=PLAYBOOK, verbosity=verbosity)
    assert (runner.status, runner.rc) == ("successful", 0), runner.stdout.read()[-6000:]
    return job


def started_tasks(job):
    return [e["event_data"]["task"] for e in job.events if e["event"] == "playbook_on_task_start"]


def stats(job):
    return [e["event_data"] for e in job.events if e["event"] == "playbook_on_stats"][-1]


def test_an_inventory_sync_and_a_provisioning_job_under_ansible_runner(simulator, tmp_path):
    sync, before = inventory_sync(tmp_path, simulator, "1")
    assert "app-1" not in before["_meta"]["hostvars"] and "all" in before
    sync.assert_no_secret(simulator.secret)

    first = provision(tmp_path, simulator, "2", before, verbosity=0)
    assert started_tasks(first) == TASKS
    changed = [e["event_data"]["task"] for e in first.events if e["event"] == "runner_on_ok" and e["event_data"]["res"]["changed"]]
    assert changed == TASKS
    assert stats(first)["changed"] == {"localhost": 2} and stats(first)["failures"] == {}
    first.assert_no_secret(simulator.secret)

    # Launched again, at the highest verbosity AWX offers (5 is -vvvvv): nothing to change, nothing leaked.
    again = provision(tmp_path, simulator, "3", before, verbosity=5)
    assert started_tasks(again) == TASKS
    assert stats(again)["changed"] == {} and stats(again)["ok"] == {"localhost": 2}
    again.assert_no_secret(simulator.secret)

    resync, after = inventory_sync(tmp_path, simulator, "4")
    hostvars = after["_meta"]["hostvars"]["app-1"]
    assert "app-1" in after["tag_app_app"]["hosts"] and hostvars["state"] == "Running"
    assert hostvars["networks"] == ["app-net"] and hostvars["instance_tags"] == {"app": "app"}
    resync.assert_no_secret(simulator.secret)
