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

import pytest

from reliability import bad_input, counts
from reliability.modules import MODULES, argument_spec, run, smoke_args


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
