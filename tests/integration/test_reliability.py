"""The reliability suite, driven by the simulator's fault injection over every module (issue 14):

1. bad input generated over every module's argument spec: a clear message, no traceback, nothing created;
2. read faults (HTTP 503/500, dropped connections, answers later than the client's timeout): retried, same result;
3. write faults (the write applied, its answer lost): never re-sent, an honest result, a re-run converges;
4. secrets: nothing secret at -vvv, in --diff, in results or in the simulator's log;
5. failing and slow jobs: the error names the job, a re-run picks the job's result up.

The modules run in this process (tests/integration/reliability/modules.py), except for the secrets, which go
through ansible-playbook since what it prints is what may leak. The figures (inputs tried, faults injected and
survived, leaks found) go to tests/output/reliability.json and are printed at the end of the session.
"""
import os
import re
import time

import pytest

from reliability import bad_input, counts
from reliability.modules import MODULES, argument_spec, comparable, run, smoke_args
from simulator_plays import run_playbook


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
    counts.record(request.node.nodeid, inputs_tried=tried, leaks_found=leaks, modules_covered=1,
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
def sim_writes(tmp_path_factory):
    """A second simulator for the tests that create and delete (read and write faults, jobs)."""
    from cloudstack_simulator.process import SimulatorProcess
    process = SimulatorProcess(workdir=str(tmp_path_factory.mktemp("sim"))).start()
    yield process
    process.stop()


def is_read(command):
    return command.startswith(("list", "get", "query"))


def fresh_stats(sim):
    sim.admin("faults", method="DELETE")
    sim.reset_stats()


def calls(sim):
    return sim.stats()["calls"]


def runnable(module, sim):
    """The smoke play's first arguments when they work on a fresh simulator in check mode (else the module needs
    what earlier smoke tasks make): (args, check-mode result) or (None, None)."""
    args = smoke_args(module)
    if args is None:
        return None, None
    result = run(module, args, sim, check_mode=True, diff=True)
    return (args, result) if not result.get("failed") else (None, None)


@pytest.mark.parametrize("module", MODULES)
def test_read_faults(module, sim_writes, quick_retries, request):
    sim = sim_writes
    fresh_stats(sim)
    args, unfaulted = runnable(module, sim)
    if args is None:
        counts.record(request.node.nodeid)
        pytest.skip("the smoke play's first call of %s needs what earlier tasks make" % module)
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
                  modules_covered=1)
    assert not broken(faulted) and not faulted.get("failed"), "%s failed under read faults %s: %s" % (module, faults, faulted)
    assert comparable(faulted) == comparable(unfaulted), "%s answered differently under read faults %s" % (module, faults)
    assert not left, "faults not consumed: %s" % left
    # each fault costs a retry (a loaded machine may cost more: a call slower than TIMEOUT is retried too)
    assert faulted["api_calls"] >= unfaulted["api_calls"] + len(faults)


# --- 3. write faults ---------------------------------------------------------------------------------------------

NOT_IDEMPOTENT = {"api_request": "sends the command it is given, every time: a re-run repeats a create"}


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
def test_write_faults(module, sim_writes, quick_retries, request):
    """Create, then delete, each with its first write's answer lost."""
    sim = sim_writes
    args, checked = runnable(module, sim)
    counts.record(request.node.nodeid)
    if args is None or not checked.get("changed") or args.get("state", "present") != "present":
        pytest.skip("the smoke play's first call of %s needs what earlier tasks make, or creates nothing" % module)
    state = argument_spec(module)[0].get("state") or {}
    absent = dict(args, state="absent") if "absent" in (state.get("choices") or []) else None
    if absent is None:
        pytest.skip("%s cannot delete what it creates: nothing to start again from" % module)
    create_reference = unfaulted_writes(module, args, sim)
    delete_reference = unfaulted_writes(module, absent, sim)
    created, problems = lost_write(module, args, sim, create_reference)
    deleted, delete_problems = lost_write(module, absent, sim, delete_reference)
    counts.record(request.node.nodeid, faults_injected=2, faults_survived=(not problems) + (not delete_problems),
                  modules_covered=1)
    problems += ["delete: " + p for p in delete_problems]
    assert not problems, "%s with a lost write answer:\n%s\n(create result: %s)\n(delete result: %s)" % (
        module, "\n".join(problems), created, deleted)


ASYNC = async_commands()


# --- 4. secrets --------------------------------------------------------------------------------------------------

SECRET_PLAY = """- hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
%s"""
IMPORT = """    - ansible.builtin.import_tasks: %s
"""
KEEP_KEY = """    - name: Keep the private key the play made, to look for it
      ansible.builtin.copy: {content: "{{ pki.leaf_key }}", dest: "%s"}
      no_log: true
"""
SECRET_MODULES = ["account", "host", "ssl_cert", "user", "vpn_customer_gateway", "vpn_user"]


def secret_values(module):
    """The values the smoke play gives the module's secret (no_log) options: literals, or quoted in a template."""
    import re
    import yaml
    spec = argument_spec(module)[0]
    secret = set(option for option, option_spec in spec.items() if option_spec.get("no_log") and option != "api_secret")
    with open(os.path.join(os.path.dirname(__file__), "..", "smoke", "tasks", module + ".yml")) as f:
        tasks = yaml.safe_load(f)
    values = set()
    for task in tasks:
        for value in (task.get("cloudstack.cloud." + module) or {}).items():
            if value[0] in secret and isinstance(value[1], str):
                quoted = re.match(r"^\{\{\s*'([^']*)'\s*\}\}$", value[1])
                values.add(quoted.group(1) if quoted else value[1])
    return set(v for v in values if "{{" not in v)


def test_secrets(start_simulator, tmp_path, request):
    """The smoke plays of the modules that take secrets, in one play at -vvv with --diff: no secret in what it prints
    (results, diffs, the API log of -vvv) nor in the simulator's log."""
    sim = start_simulator()
    key_file = tmp_path / "key.pem"
    smoke = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "smoke", "tasks")
    tasks = "".join(IMPORT % os.path.join(smoke, module + ".yml") for module in SECRET_MODULES) + KEEP_KEY % key_file
    playbook = tmp_path / "secrets.yml"
    playbook.write_text(SECRET_PLAY % tasks)
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
# instance waits for the state after the deploy job, and its "still Starting" error does not name the job yet
SLOW_JOB_MODULES = ["affinity_group", "vpc"]


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


@pytest.mark.parametrize("module", SLOW_JOB_MODULES)
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
