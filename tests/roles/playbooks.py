"""Run ansible-playbook against lab machines and read its play recap."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(REPO, ".build", "collections")
LOGS = os.path.join(REPO, "tests", "output", "roles")
RECAP = re.compile(
    r"^(?P<host>\S+)\s+:\s+ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+unreachable=(?P<unreachable>\d+)"
    r"\s+failed=(?P<failed>\d+)\s+skipped=(?P<skipped>\d+)\s+rescued=(?P<rescued>\d+)\s+ignored=(?P<ignored>\d+)",
    re.MULTILINE,
)


def ensure_collection_link():
    """The link through which Ansible finds this collection (what `make collection` makes)."""
    link = os.path.join(COLLECTIONS, "ansible_collections", "cloudstack", "cloud")
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(REPO, link)


def write_inventory(path, groups, hostvars=None, groupvars=None):
    """Write a YAML (JSON) inventory: groups = {"group": [Machine, ...]}; returns path.

    hostvars = {"machine name": {...}}, groupvars = {"group": {...}}; every host is reached
    over SSH as root with the harness key.
    """
    hostvars = hostvars or {}
    groupvars = groupvars or {}
    children = {}
    for group, machines in groups.items():
        hosts = {}
        for machine in machines:
            hosts[machine.name] = {
                "ansible_host": machine.ip,
                "ansible_user": "root",
                "ansible_ssh_private_key_file": machine.ssh_options[1],
                "ansible_ssh_common_args": " ".join(machine.ssh_options[2:]),
                "ansible_python_interpreter": "/usr/bin/python3",
                **hostvars.get(machine.name, {}),
            }
        children[group] = {"hosts": hosts, "vars": groupvars.get(group, {})}
    with open(path, "w") as f:
        json.dump({"all": {"children": children}}, f, indent=2)
    return path


class PlaybookRun:
    """The outcome of one ansible-playbook run: rc, output, recap {host: {ok, changed, failed, ...}}."""

    def __init__(self, args, rc, output):
        self.args, self.rc, self.output = args, rc, output
        self.recap = {
            m["host"]: {k: int(v) for k, v in m.groupdict().items() if k != "host"} for m in RECAP.finditer(output)
        }

    def changed(self, host=None):
        """Changed tasks on one host, or on all hosts together."""
        if host:
            return self.recap[host]["changed"]
        return sum(r["changed"] for r in self.recap.values())

    def failed(self, host=None):
        if host:
            return self.recap[host]["failed"] + self.recap[host]["unreachable"]
        return sum(r["failed"] + r["unreachable"] for r in self.recap.values())

    def assert_ok(self):
        """Assert the run succeeded on every host; the message carries the end of the output."""
        assert self.rc == 0 and self.recap and not self.failed(), self.describe()
        return self

    def assert_unchanged(self):
        """Assert the run succeeded and changed nothing (a second run of a role)."""
        self.assert_ok()
        assert self.changed() == 0, f"expected changed=0: {self.recap}\n" + self.changed_tasks()
        return self

    def changed_tasks(self):
        """The 'changed:' lines with the task header above each, to explain a non-idempotent run."""
        lines, task, out = self.output.splitlines(), "", []
        for line in lines:
            if line.startswith(("TASK [", "RUNNING HANDLER [")):
                task = line
            elif line.startswith("changed:"):
                out.append(f"{task}\n  {line}")
        return "\n".join(out)

    def describe(self):
        tail = "\n".join(self.output.splitlines()[-80:])
        return f"ansible-playbook {' '.join(self.args)} -> rc={self.rc} recap={self.recap}\n{tail}"


def ansible_playbook(playbook, inventory, workdir, extra_vars=None, check=False, diff=False, args=(), env=None,
                     timeout=1800):
    """Run ansible-playbook; `playbook` is a path or a list of plays (Python data).

    The output is also written to <workdir>/<playbook name>.<n>.log for reading after a failure.
    """
    ensure_collection_link()
    os.makedirs(workdir, exist_ok=True)
    if not isinstance(playbook, str):
        data = playbook
        playbook = _next_path(workdir, "playbook", "yml")
        with open(playbook, "w") as f:
            json.dump(data, f, indent=2)
    control_dir = tempfile.mkdtemp(prefix="csct-cp-")
    cmd = ["-i", inventory, playbook, *args]
    if extra_vars:
        cmd += ["-e", json.dumps(extra_vars)]
    if check:
        cmd.append("--check")
    if diff:
        cmd.append("--diff")
    run_env = dict(
        os.environ,
        ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        ANSIBLE_HOST_KEY_CHECKING="false",
        ANSIBLE_RETRY_FILES_ENABLED="false",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_PIPELINING="true",
        ANSIBLE_STDOUT_CALLBACK="default",
        ANSIBLE_LOCAL_TEMP=os.path.join(workdir, "ansible-tmp"),
        # A Unix socket path must stay short; one directory per run, since machines reuse addresses.
        ANSIBLE_SSH_CONTROL_PATH_DIR=control_dir,
        **(env or {}),
    )
    # The ansible-playbook of the Python that runs the tests (the project's venv).
    bin_dir = os.path.dirname(sys.executable)
    run_env["PATH"] = bin_dir + os.pathsep + run_env.get("PATH", "")
    try:
        proc = subprocess.run([os.path.join(bin_dir, "ansible-playbook"), *cmd], env=run_env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, cwd=REPO,
                              check=False)
    finally:
        shutil.rmtree(control_dir, ignore_errors=True)
    log = _next_path(workdir, os.path.splitext(os.path.basename(playbook))[0], "log")
    with open(log, "w") as f:
        f.write(f"$ ansible-playbook {' '.join(cmd)}\n{proc.stdout}")
    return PlaybookRun(cmd, proc.returncode, proc.stdout)


def _next_path(directory, stem, ext):
    n = 1
    while os.path.exists(os.path.join(directory, f"{stem}.{n}.{ext}")):
        n += 1
    return os.path.join(directory, f"{stem}.{n}.{ext}")


def runner(name):
    """run(playbook, groups, hostvars=None, groupvars=None, **kwargs) -> PlaybookRun, logging to LOGS/<name>/.

    groups = {"group": [Machine, ...]}; kwargs go to ansible_playbook (extra_vars, check, diff, args, env).
    """
    workdir = os.path.join(LOGS, name)

    def run(playbook, groups, hostvars=None, groupvars=None, **kwargs):
        os.makedirs(workdir, exist_ok=True)
        inventory = write_inventory(os.path.join(workdir, "inventory.json"), groups, hostvars, groupvars)
        return ansible_playbook(playbook, inventory, workdir, **kwargs)

    return run
