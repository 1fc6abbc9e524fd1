"""The reliability suite, driven by the simulator's fault injection over every module (issue 14):

1. bad input generated over every module's argument spec: a clear message, no traceback, nothing created;
2. read faults (HTTP 503/500, dropped connections, answers later than the client's timeout): retried, same result;
3. write faults (the write applied, its answer lost): never re-sent, an honest result, a re-run converges;
4. secrets: nothing secret at -vvv, in --diff, in results or in the simulator's log;
5. failing and slow jobs: the error names the job, a re-run picks the job's result up;
6. concurrency: 20 forks on distinct and on identical resources;
7. a management-server restart mid-run with persisted state (--state): the re-run converges.

The modules run in this process (tests/integration/reliability/modules.py), except for the secrets, which go
through ansible-playbook since what it prints is what may leak; a module whose smoke play's first call names what
earlier tasks make gets those tasks run first, in one playbook per session (reliability/setup.py). The figures (inputs tried, faults injected and
survived, leaks found) go to tests/output/reliability.json and are printed at the end of the session.
"""
import os
import re
import shutil
import time

import pytest

from reliability import bad_input, counts, setup
from reliability.modules import MODULES, argument_spec, comparable, literal, run, smoke_args
from simulator_plays import PLAY, run_playbook, start_playbook


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    """One strict simulator for the in-process tests of a worker: every case leaves it as it found it."""
    from cloudstack_simulator.process import SimulatorProcess
    process = SimulatorProcess(workdir=str(tmp_path_factory.mktemp("sim"))).start()
    yield process
    process.stop()


def changes(sim):
    return sim.admin("changes")["changes"]


def simulator_tracebacks(sim):
    with open(os.path.join(sim.workdir, "simulator.log"), "rb") as f:
        return f.read().decode("utf-8", "replace").count("Traceback")


def broken(result):
    """What makes a result a crash rather than an answer: a traceback, output that is not a module's, no message."""
    if "traceback" in result or "module_failure" in result:
        return (result.get("traceback") or result.get("module_failure"))[-1500:]
    msg = str(result.get("msg", ""))
    if result.get("failed") and (not msg or "Traceback" in msg or "MODULE FAILURE" in msg):
        return "failed without a clear message: %r" % msg[:300]
    return None


@pytest.mark.parametrize("module", MODULES)
def test_bad_input(module, sim, request):
    spec, kwargs = argument_spec(module)
    smoke = smoke_args(module)
    base = bad_input.base_args(spec, kwargs, smoke)
    tracebacks_before = simulator_tracebacks(sim)
    problems, tried, leaks = [], 0, 0
    for option, value, kind in bad_input.cases(module, spec, shared=module == MODULES[0]):
        before = changes(sim)
        args = bad_input.with_case(base, spec, option, value)
        result = run(module, args, sim, check_mode=kind == "survive")
        tried += 1
        shown = value if not isinstance(value, str) or len(value) < 40 else value[:20] + "...(%d chars)" % len(value)
        where = "%s=%r" % (option, shown)
        if changes(sim) != before:
            leaks += 1
            problems.append("%s: the simulator holds something new" % where)
        crash = broken(result)
        if crash:
            problems.append("%s: %s" % (where, crash))
        elif kind == "refuse":
            if not result.get("failed"):
                problems.append("%s: accepted (changed=%s)" % (where, result.get("changed")))
            elif not bad_input.names_the_problem(str(result["msg"]), option, value, spec, args):
                problems.append("%s: the message names neither the option nor the value: %s" % (where, result["msg"][:300]))
    sim_tracebacks = simulator_tracebacks(sim) - tracebacks_before
    if sim_tracebacks:
        problems.append("the simulator logged %d tracebacks (simulator bugs) on %s's cases" % (sim_tracebacks, module))
    counts.record(request.node.nodeid, inputs_tried=tried, leaks_found=leaks, modules_covered=1, bad_input_modules=1,
                  tracebacks_found=len([p for p in problems if "Traceback" in p]))
    assert not problems, "%s: %d of %d bad inputs mishandled:\n%s" % (module, len(problems), tried, "\n".join(problems))


# --- 2. read faults ----------------------------------------------------------------------------------------------

READ_FAULTS = ("http_503", "http_500", "drop", "latency")
TIMEOUT = 1  # api_timeout of the faulted runs: the latency fault answers later than that
WRITES = "[!lgq]*"  # every command but list*, get*, query* (and login/logout, which the modules do not send)


@pytest.fixture
def quick_retries(monkeypatch):
    """The client's retry policy as it is, with shorter pauses between attempts (the suite waits less)."""
    from ansible_collections.cloudstack.cloud.plugins.module_utils import api
    defaults = list(api.CloudStackClient.__init__.__defaults__)
    defaults[2] = 0.01  # retry_backoff
    monkeypatch.setattr(api.CloudStackClient.__init__, "__defaults__", tuple(defaults))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The smoke setup of the modules whose first call needs one (reliability/setup.py), made once per session:
    (a --state file of that cloud, {module: the arguments of its first call})."""
    session = tmp_path_factory.getbasetemp()
    shared = session.parent if os.environ.get("PYTEST_XDIST_WORKER") else session
    return setup.prepared_world(shared / "reliability-setup", setup.needing_setup(MODULES))


@pytest.fixture(scope="module")
def prepared(world):
    return world[1]


@pytest.fixture(scope="module")
def sim_writes(tmp_path_factory, world):
    """A second simulator for the tests that create and delete (read and write faults), on a copy of the world."""
    from cloudstack_simulator.process import SimulatorProcess
    workdir = tmp_path_factory.mktemp("sim")
    for suffix in ("", "-wal"):  # the database and its write-ahead log, if the simulator left one
        if os.path.exists(world[0] + suffix):
            shutil.copy(world[0] + suffix, str(workdir / ("cloud.db" + suffix)))
    process = SimulatorProcess("--state", str(workdir / "cloud.db"), workdir=str(workdir)).start()
    yield process
    process.stop()


def is_read(command):
    return command.startswith(("list", "get", "query"))


def fresh_stats(sim):
    sim.admin("faults", method="DELETE")
    sim.reset_stats()


def calls(sim):
    return sim.stats()["calls"]


def runnable(module, sim, prepared):
    """The smoke play's first arguments (after its setup, for a module that needs one) when they work in check mode:
    (args, check-mode result); else (None, the failed result, or None without arguments)."""
    args = prepared[module] if module in prepared else smoke_args(module)
    if args is None:
        return None, None
    result = run(module, args, sim, check_mode=True, diff=True)
    return (args, result) if not result.get("failed") else (None, result)


@pytest.mark.parametrize("module", MODULES)
def test_read_faults(module, sim_writes, prepared, quick_retries, request):
    sim = sim_writes
    fresh_stats(sim)
    args, unfaulted = runnable(module, sim, prepared)
    if args is None:
        counts.record(request.node.nodeid)
        pytest.skip(setup.setup_cost(module) or "%s: the smoke setup failed, or then the first call: %s" % (
            module, unfaulted and unfaulted.get("msg")))
    reads = sorted(command for command in calls(sim) if is_read(command))
    assert reads, "%s read nothing" % module
    # one fault per read command, the kinds in turn; the kinds no command got go to the first one
    faults = [(reads[i % len(reads)], kind) for i, kind in enumerate(READ_FAULTS)] + \
        [(command, READ_FAULTS[i % len(READ_FAULTS)]) for i, command in enumerate(reads[len(READ_FAULTS):], len(READ_FAULTS))]
    fresh_stats(sim)
    for command, kind in faults:
        sim.admin("faults", {"command": command, "fault": kind, "count": 1, "seconds": TIMEOUT + 0.5})
    faulted = run(module, args, sim, check_mode=True, diff=True, timeout=TIMEOUT)
    left = sim.admin("faults")["faults"]
    survived = not broken(faulted) and not faulted.get("failed") and comparable(faulted) == comparable(unfaulted) and not left
    counts.record(request.node.nodeid, faults_injected=len(faults), faults_survived=len(faults) if survived else 0,
                  modules_covered=1, read_fault_modules=1)
    assert not broken(faulted) and not faulted.get("failed"), "%s failed under read faults %s: %s" % (module, faults, faulted)
    assert comparable(faulted) == comparable(unfaulted), "%s answered differently under read faults %s" % (module, faults)
    assert not left, "faults not consumed: %s" % left
    # each fault costs a retry (a loaded machine may cost more: a call slower than TIMEOUT is retried too)
    assert faulted["api_calls"] >= unfaulted["api_calls"] + len(faults)


# --- 3. write faults ---------------------------------------------------------------------------------------------

NOT_IDEMPOTENT = {"api_request": "sends the command it is given, every time: a re-run repeats a create",
                  "router": "CloudStack makes a router with its network: once deleted, nothing makes it again"}


def writes(sim):
    return dict((command, n) for command, n in calls(sim).items() if not is_read(command))


def async_commands():
    from cloudstack_simulator import catalogue
    commands = catalogue.shared().commands
    return set(name for name, command in commands.items() if command.get("isasync"))


def settle(sim, sent):
    """Let the jobs of the writes just sent end, as they would before anyone re-runs a task (the simulator completes
    a job at the first request after its latency)."""
    if set(sent) & ASYNC:
        time.sleep(0.3)
        sim.admin("health")


def lost_write(module, args, sim, reference):
    """Run the module with the answer of its first write lost (applied, then the connection dropped): the result is
    honest (changed, or a clear failure); a re-run finishes what is left (a later step of a delete, say) without
    sending again what was applied, so that together they send no more writes than the unfaulted ``reference`` run;
    then the task is converged: a third run changes nothing."""
    fresh_stats(sim)
    sim.admin("faults", {"command": WRITES, "fault": "drop_after", "count": 1})
    result = run(module, args, sim)
    left = sim.admin("faults")["faults"]
    problems = []
    if broken(result):
        problems.append("crashed: %s" % broken(result))
    if left:
        problems.append("sent no write (the fault is still queued)")
    if not result.get("failed") and not result.get("changed"):
        problems.append("reported no change, though a write was applied")
    settle(sim, writes(sim))
    again = run(module, args, sim)
    sent = writes(sim)
    if sum(sent.values()) > sum(reference.values()):
        problems.append("the run and its re-run sent %s, an unfaulted run %s" % (sent, reference))
    if again.get("failed"):
        problems.append("the re-run failed: %s" % again.get("msg"))
    settle(sim, sent)
    fresh_stats(sim)
    third = run(module, args, sim)
    if third.get("failed") or third.get("changed") or writes(sim):
        problems.append("not converged after a re-run (changed=%s, writes %s): %s" % (
            third.get("changed"), writes(sim), third.get("msg")))
    return result, problems


def unfaulted_writes(module, args, sim):
    fresh_stats(sim)
    result = run(module, args, sim)
    if result.get("failed"):
        pytest.skip("the smoke play's first call of %s needs what earlier tasks make: %s" % (module, result.get("msg")))
    sent = writes(sim)
    settle(sim, sent)
    return sent


@pytest.mark.parametrize("module", [m for m in MODULES if not m.endswith(("_info", "_facts")) and m not in NOT_IDEMPOTENT])
def test_write_faults(module, sim_writes, prepared, quick_retries, request):
    """Create, then delete, each with its first write's answer lost."""
    sim = sim_writes
    args, checked = runnable(module, sim, prepared)
    counts.record(request.node.nodeid)
    if args is None or not checked.get("changed") or args.get("state") == "absent":
        pytest.skip("the smoke play's first call of %s needs what its setup did not make, or changes nothing: %s" % (
            module, setup.setup_cost(module) or (checked and checked.get("msg"))))
    state = argument_spec(module)[0].get("state") or {}
    absent = dict(args, state="absent") if "absent" in (state.get("choices") or []) else None
    if absent is None:
        pytest.skip("%s cannot delete what it creates: nothing to start again from" % module)
    create_reference = unfaulted_writes(module, args, sim)
    delete_reference = unfaulted_writes(module, absent, sim)
    created, problems = lost_write(module, args, sim, create_reference)
    deleted, delete_problems = lost_write(module, absent, sim, delete_reference)
    counts.record(request.node.nodeid, faults_injected=2, faults_survived=(not problems) + (not delete_problems),
                  modules_covered=1, write_fault_modules=1)
    problems += ["delete: " + p for p in delete_problems]
    assert not problems, "%s with a lost write answer:\n%s\n(create result: %s)\n(delete result: %s)" % (
        module, "\n".join(problems), created, deleted)


ASYNC = async_commands()


# --- 4. secrets --------------------------------------------------------------------------------------------------

IMPORT = """    - ansible.builtin.import_tasks: %s
"""
KEEP_KEY = """    - name: Keep the private key the play made, to look for it
      ansible.builtin.copy: {content: "{{ pki.leaf_key }}", dest: "%s"}
      no_log: true
"""
SECRET_MODULES = ["account", "host", "ssl_cert", "user", "vpn_customer_gateway", "vpn_user"]


def secret_values(module):
    """The values the smoke play gives the module's secret (no_log) options: literals, or quoted in a template."""
    import yaml
    spec = argument_spec(module)[0]
    secret = set(option for option, option_spec in spec.items() if option_spec.get("no_log") and option != "api_secret")
    with open(os.path.join(os.path.dirname(__file__), "..", "smoke", "tasks", module + ".yml")) as f:
        tasks = yaml.safe_load(f)
    values = set()
    for task in tasks:
        for value in (task.get("cloudstack.cloud." + module) or {}).items():
            if value[0] in secret and isinstance(value[1], str):
                values.add(literal(value[1]))
    return set(v for v in values if "{{" not in v)


def test_secrets(start_simulator, tmp_path, request):
    """The smoke plays of the modules that take secrets, in one play at -vvv with --diff: no secret in what it prints
    (results, diffs, the API log of -vvv) nor in the simulator's log."""
    sim = start_simulator()
    key_file = tmp_path / "key.pem"
    smoke = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "smoke", "tasks")
    tasks = "".join(IMPORT % os.path.join(smoke, module + ".yml") for module in SECRET_MODULES) + KEEP_KEY % key_file
    playbook = tmp_path / "secrets.yml"
    playbook.write_text(PLAY % tasks)
    code, out = run_playbook(playbook, sim, tmp_path, "-vvv", "--diff")
    assert code == 0, out[-6000:]
    secrets = set([sim.secret]).union(*(secret_values(module) for module in SECRET_MODULES))
    # the key's lines; the play's own making of the key prints it, before the module runs
    key_lines = set(line for line in key_file.read_text().splitlines() if len(line) > 40)
    after_key = out[out.index("TASK [Upload a certificate in check mode]"):]
    logged = sim.read_log()
    where = (("the play's output", out, secrets), ("the play's output", after_key, key_lines),
             ("the simulator's log", logged, secrets | key_lines))
    leaks = sorted(set("%s... in %s" % (secret[:12], name) for name, text, values in where for secret in values if secret in text))
    counts.record(request.node.nodeid, leaks_found=len(leaks), modules_covered=len(SECRET_MODULES))
    assert len(secrets) > 4 and key_lines, "too few secrets to look for: %s" % secrets
    assert not leaks, "secrets leaked: %s" % leaks


# --- 5. failing and slow jobs ------------------------------------------------------------------------------------

JOB_LATENCY = 3  # seconds the slow simulator's jobs take: longer than the wait_timeout given
JOB_MODULES = ["affinity_group", "instance", "vpc"]  # each creates through an async command


@pytest.mark.parametrize("module", JOB_MODULES)
def test_failing_job(module, start_simulator, request):
    sim = start_simulator()
    args = smoke_args(module)
    fresh_stats(sim)
    sim.admin("faults", {"command": WRITES, "fault": "job_failure", "count": 1})
    result = run(module, args, sim)
    sent = [command for command in writes(sim) if command in ASYNC]
    counts.record(request.node.nodeid, faults_injected=1, faults_survived=int(bool(result.get("failed")) and not broken(result)))
    assert sent and not sim.admin("faults")["faults"], "%s sent no async write" % module
    assert result.get("failed") and not broken(result), result
    assert sent[0] in result["msg"] and "async job " in result["msg"], result["msg"]


@pytest.mark.parametrize("module", JOB_MODULES)
def test_slow_job(module, start_simulator, request):
    """A job slower than wait_timeout: the error names it; once it ended, a re-run takes its result (without sending
    the create again) and finishes what is left; then the task is converged."""
    sim = start_simulator("--job-latency", str(JOB_LATENCY))
    args = dict(smoke_args(module), wait_timeout=1, poll_interval=0.2)
    fresh_stats(sim)
    result = run(module, args, sim)
    sent = writes(sim)
    assert result.get("failed") and not broken(result), result
    assert " 1 seconds" in result["msg"], result["msg"]
    jobid = re.search(r"async job ([0-9a-f-]{36})", result["msg"])
    assert jobid, "the error names no job: %s" % result["msg"]
    time.sleep(JOB_LATENCY + 0.5)
    fresh_stats(sim)
    again = run(module, smoke_args(module), sim)  # waiting as long as it takes: it may finish a later step (tags)
    resent = set(sent) & set(writes(sim))
    fresh_stats(sim)
    third = run(module, smoke_args(module), sim)
    converged = not again.get("failed") and not resent and not third.get("changed") and not writes(sim)
    counts.record(request.node.nodeid, faults_injected=1, faults_survived=int(converged))
    assert not again.get("failed") and not resent, "the re-run failed or sent %s again: %s" % (resent, again.get("msg"))
    assert not third.get("changed") and not writes(sim), "not converged: %s" % writes(sim)


def test_instance_still_starting_names_the_job(start_simulator, request):
    """An instance found Starting (its deployment left running by an earlier run, wait: false) that is still Starting
    at wait_timeout: the error names the job CloudStack shows on it, for a re-run or the job module."""
    sim = start_simulator("--job-latency", str(JOB_LATENCY))
    left = run("instance", dict(smoke_args("instance"), wait=False), sim)
    result = run("instance", dict(smoke_args("instance"), wait_timeout=1, poll_interval=0.2), sim)
    named = left.get("job_id") and "still Starting after 1 seconds (its async job %s may" % left["job_id"] in result.get("msg", "")
    counts.record(request.node.nodeid, faults_injected=1, faults_survived=int(bool(named)))
    assert left.get("changed") and left.get("job_id"), left
    assert result.get("failed") and named, result


# --- 6. concurrency ----------------------------------------------------------------------------------------------

FORKS = 20
FORKS_PLAY = """- hosts: all
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - name: Each host its own instance group
      cloudstack.cloud.instance_group: {name: "fork-{{ inventory_hostname }}"}
    - name: Every host the same instance group
      cloudstack.cloud.instance_group: {name: fork-shared}
    - name: Every host the same service offering (a name CloudStack does not keep unique)
      cloudstack.cloud.service_offering: {name: fork-offering, cpu_number: 1, cpu_speed: 500, memory: 256}
"""


def test_forks(start_simulator, tmp_path, request):
    """20 hosts at once (forks 20), on distinct and on identical resources: all ok, no duplicates."""
    sim = start_simulator()
    inventory = tmp_path / "hosts"
    inventory.write_text("".join("h%02d\n" % n for n in range(FORKS)))
    playbook = tmp_path / "forks.yml"
    playbook.write_text(FORKS_PLAY)
    code, out = run_playbook(playbook, sim, tmp_path, "--forks", str(FORKS), inventory=str(inventory))
    from cs import CloudStack
    api = CloudStack(endpoint=sim.endpoint, key=sim.key, secret=sim.secret)
    groups = [g["name"] for g in api.listInstanceGroups(listall=True).get("instancegroup", [])]
    offerings = [o["name"] for o in api.listServiceOfferings(name="fork-offering").get("serviceoffering", [])]
    counts.record(request.node.nodeid, modules_covered=2)
    assert code == 0 and "failed=0" in out, out[-6000:]
    assert sorted(groups) == sorted(["fork-h%02d" % n for n in range(FORKS)] + ["fork-shared"]), groups
    assert offerings == ["fork-offering"], offerings


# --- 7. a management-server restart ------------------------------------------------------------------------------

RESTART_PLAY = PLAY % """    - name: An instance group
      cloudstack.cloud.instance_group: {name: restart-group}
    - name: A key pair
      cloudstack.cloud.ssh_key: {name: restart-key}
      no_log: true
    - name: An affinity group (the management server goes down while its job runs)
      cloudstack.cloud.affinity_group: {name: restart-spread, affinity_type: host anti-affinity}
    - name: An instance in it
      cloudstack.cloud.instance:
        name: restart-vm
        zone: Sandbox-simulator-basic
        template: CentOS 5.6 (64-bit) no GUI (Simulator)
        service_offering: Small Instance
        affinity_groups: [restart-spread]
    - name: Another instance group
      cloudstack.cloud.instance_group: {name: restart-after}
"""
RESTART_LISTS = {"listInstanceGroups": "instancegroup", "listSSHKeyPairs": "sshkeypair",
                 "listAffinityGroups": "affinitygroup", "listVirtualMachines": "virtualmachine"}


def restart_tasks():
    import yaml
    tasks = yaml.safe_load(RESTART_PLAY)[0]["tasks"]
    return [(name.split(".")[-1], args) for task in tasks for name, args in task.items() if name.startswith("cloudstack.")]


def recap(out):
    found = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)", out)
    return tuple(int(n) for n in found.groups()) if found else None


def test_restart(tmp_path, request):
    """The management server is killed while a job of the play runs and starts again (same port, same --state): the
    running play fails (the job cancelled, or the server unreachable); a re-run converges: it makes only what was
    not made (no duplicates), and its tasks run again change nothing."""
    from cloudstack_simulator.process import SimulatorProcess
    from cs import CloudStack
    state = str(tmp_path / "cloud.db")
    playbook = tmp_path / "restart.yml"
    playbook.write_text(RESTART_PLAY)
    first = SimulatorProcess("--state", state, "--job-latency", "60", workdir=str(tmp_path)).start()
    port = first.endpoint.split(":")[2].split("/")[0]
    again = None
    try:
        running = start_playbook(playbook, first, tmp_path)
        deadline = time.monotonic() + 60
        while not calls(first).get("createAffinityGroup"):
            assert running.poll() is None and time.monotonic() < deadline, running.communicate()[0][-4000:]
            time.sleep(0.1)
        first.proc.kill()
        first.proc.wait()
        (tmp_path / "again").mkdir()
        again = SimulatorProcess("--state", state, "--port", port, workdir=str(tmp_path / "again")).start()
        out = running.communicate()[0]
        rerun = run_playbook(playbook, again, tmp_path)[1]
        third = [run(module, args, again) for module, args in restart_tasks()]  # in this process: quicker
        api = CloudStack(endpoint=again.endpoint, key=again.key, secret=again.secret)
        names = dict((command, sorted(o["name"] for o in getattr(api, command)(listall=True).get(key, [])))
                     for command, key in RESTART_LISTS.items())
    finally:
        first.stop()
        if again:
            again.stop()
    changed_again = [r.get("msg") or "changed" for r in third if r.get("changed") or r.get("failed")]
    converged = recap(rerun) == (5, 2, 0) and not changed_again
    counts.record(request.node.nodeid, faults_injected=1, faults_survived=int(converged), modules_covered=4)
    assert again.key == first.key, "the keys did not survive the restart"
    assert running.returncode != 0 and recap(out)[:2] == (2, 2), out[-4000:]
    assert recap(rerun) == (5, 2, 0), "the re-run did more or less than what was left:\n" + rerun[-4000:]
    assert not changed_again, "not converged after the re-run: %s" % changed_again
    assert names == {"listInstanceGroups": ["restart-after", "restart-group"], "listSSHKeyPairs": ["restart-key"],
                     "listAffinityGroups": ["restart-spread"], "listVirtualMachines": ["restart-vm"]}, names
