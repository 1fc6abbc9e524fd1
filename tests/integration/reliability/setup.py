"""The smoke plays' setup, reused: a module whose smoke play's first call names what earlier tasks make (a network,
an instance, a VPC...) gets those tasks run first. Two playbooks side by side run them for all such modules (each
module's in a block of its own, so that one that fails leaves the others), and keep each first call's arguments as
Ansible renders them; the faults are then injected into in-process runs with those arguments."""
import contextlib
import fcntl
import json
import os
from concurrent.futures import ThreadPoolExecutor

import yaml

from simulator_plays import PLAY, start_playbook

from .modules import SMOKE_TASKS

# Modules whose smoke setup does not outlive its play, and why.
NOT_REUSABLE = {"metadata_facts": "its metadata service (a lookup plugin) lives only as long as the smoke play"}
INCLUDES = ("ansible.builtin.include_tasks", "ansible.builtin.import_tasks")
MAX_SETUP_TASKS = 4
PLAYS = 2  # setup playbooks run side by side
BLOCK = """    - name: The smoke setup of %(module)s
      block:
        - ansible.builtin.include_tasks: %(tasks)s
      rescue:
        - ansible.builtin.debug: {msg: "the smoke setup of %(module)s failed"}
"""


def setup_tasks(module, out):
    """The tasks of the module's smoke play before its first call (includes made absolute), then one that writes the
    first call's arguments, rendered, to ``out``."""
    with open(os.path.join(SMOKE_TASKS, module + ".yml")) as f:
        tasks = yaml.safe_load(f)
    before = []
    for task in tasks:
        args = task.get("cloudstack.cloud." + module)
        if args is not None:
            keep = {"name": "Keep the first call's arguments", "ansible.builtin.copy": {
                "content": "{{ first_call | to_json }}", "dest": out},
                "vars": dict(task.get("vars") or {}, first_call=args)}
            return before + [keep]
        for key in INCLUDES:
            if key in task and not os.path.isabs(task[key]):
                task = dict(task, **{key: os.path.normpath(os.path.join(SMOKE_TASKS, task[key]))})
        before.append(task)
    raise AssertionError("the smoke play of %s does not run it" % module)


def setup_cost(module):
    """Why the module's smoke setup is left out, or None: each task is an ansible-playbook task (about a second of CPU
    each, more on a loaded machine), so only setups of at most MAX_SETUP_TASKS tasks (a shared world included by
    one, built by one `cs` script, counts as one) fit the suite's time."""
    with open(os.path.join(SMOKE_TASKS, module + ".yml")) as f:
        tasks = yaml.safe_load(f)
    before = tasks[:next(i for i, task in enumerate(tasks) if "cloudstack.cloud." + module in task)]
    if module in NOT_REUSABLE:
        return NOT_REUSABLE[module]
    if len(before) > MAX_SETUP_TASKS:
        return "its smoke setup (%s) takes more than the suite's time allows" % ", ".join(
            os.path.basename(task[key]) if key in INCLUDES else key.split(".")[-1]
            for task in before for key in task if key in INCLUDES or key.startswith(("cloudstack.", "ansible.")))
    return None


def needing_setup(modules):
    """The modules whose smoke play runs other tasks before its first call (that make what the call names), and
    whose setup is short enough (info modules too: one may fail when what it is asked about does not exist)."""
    out = []
    for module in modules:
        with open(os.path.join(SMOKE_TASKS, module + ".yml")) as f:
            tasks = yaml.safe_load(f)
        if "cloudstack.cloud." + module not in tasks[0] and setup_cost(module) is None:
            out.append(module)
    return out


def prepare(sim, workdir, modules):
    """Run the smoke setup of ``modules`` against ``sim``: {module: the arguments of its first call}, for those whose
    setup worked. The setups run in PLAYS playbooks side by side (each module's makes its own names)."""
    playbooks = []
    for number in range(PLAYS):
        blocks = []
        for module in modules[number::PLAYS]:
            tasks = setup_tasks(module, str(workdir / (module + ".json")))
            path = workdir / (module + ".yml")
            path.write_text(yaml.safe_dump(tasks, sort_keys=False))
            blocks.append(BLOCK % dict(module=module, tasks=path))
        playbook = workdir / ("setup-%d.yml" % number)
        playbook.write_text(PLAY % "".join(blocks))
        playbooks.append(playbook)
    processes = [start_playbook(playbook, sim, workdir) for playbook in playbooks]
    with ThreadPoolExecutor(PLAYS) as pool:  # each output read as it comes: a full pipe would stall its playbook
        list(pool.map(lambda process: process.communicate(), processes))
    prepared = {}
    for module in modules:
        path = workdir / (module + ".json")
        if path.exists():
            prepared[module] = json.loads(path.read_text())
    return prepared


@contextlib.contextmanager
def locked(path):
    with open(path, "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def prepared_world(shared, modules):
    """A cloud with the smoke setup of ``modules`` made (once per test session: the xdist workers share it through
    ``shared``, a directory of the session): (a --state file of it, {module: the arguments of its first call})."""
    from cloudstack_simulator.process import SimulatorProcess
    done = shared / "prepared.json"
    with locked(str(shared) + ".lock"):
        if not done.exists():
            shared.mkdir(exist_ok=True)
            sim = SimulatorProcess("--state", str(shared / "cloud.db"), workdir=str(shared)).start()
            try:
                prepared = prepare(sim, shared, modules)
            finally:
                sim.stop()
            done.write_text(json.dumps(prepared))
    return str(shared / "cloud.db"), json.loads(done.read_text())
