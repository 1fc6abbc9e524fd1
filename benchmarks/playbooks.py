"""Benchmark: the same playbooks with cloudstack.cloud and with ngine_io.cloudstack (issue 14's scenarios 1, 2, 3, 5).

Each side runs on its own fresh simulator (not strict: the peer sends parameters CloudStack does not have, which
the real API ignores), with async jobs that take --job-latency seconds:
(5) zone: a small Advanced zone from nothing (playbooks/zone.yml), then the same again;
(1) workload: that zone, offerings, an SSH key, a template, a network and --instances instances (zone.yml then
    workload.yml); the peer awaits each deployment in turn, this collection deploys with `poll_async: false` and
    awaits all jobs with one `job` task;
(2) the same playbooks again (nothing to do);
(1f, 2f) for this collection, (1) and (2) with one instance_fleet task in place of the instance loop and its job task;
(3) fleet: --fleet instances (default 100) on the sandbox with 2 s jobs: the peer's instance module in a loop,
    this collection's instance module in a loop without waiting (then one `job` task), and instance_fleet.
The playbooks are written once with ngine_io.cloudstack 2.x's module names (cs_*), which this collection redirects.
Printed per run: API calls (the simulator's /_sim/stats), wall time, CPU time and peak memory of ansible-playbook,
the playbook's recap; for this collection the most API calls any task item made (its results' api_calls).
A PNG chart goes to .build/bench/playbooks.png. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/playbooks.py [--instances 20] [--fleet 100] [--job-latency 0.5] [--only 1 2 3 5]
"""
import argparse
import json
import os
import tempfile

from common import COLLECTIONS, PEER_VENV, RESULTS, VENV, Measured, ensure_collection_link, ensure_peer_venv
from cloudstack_simulator.process import SimulatorProcess

HERE = os.path.dirname(os.path.abspath(__file__))
SIDES = {"cloudstack.cloud": VENV, "ngine_io.cloudstack": PEER_VENV}
SANDBOX_FLEET = """- name: Fleet
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: A small offering, so that the sandbox's hosts hold every instance
      COLL.cs_service_offering: {name: Bench Tiny, display_text: Bench Tiny, cpu_number: 1, cpu_speed: 100, memory: 64}
"""
WORKLOAD_FLEET = """    - name: Instances
      cloudstack.cloud.instance_fleet:
        count: COUNT
        name_pattern: "bench-{index:02d}"
        zone: Bench
        template: Bench Template
        service_offering: Bench Small
        networks: [bench-net]
        ssh_keys: [bench]
"""


def text(name):
    with open(os.path.join(HERE, "playbooks", name)) as f:
        return f.read()


def playbook(side, *parts, instances=0, wait=True):
    """The playbook text for one side: COLL is the collection; WAIT and INSTANCES are the workload's settings; this
    collection's "# OURS_ONLY" line becomes the task that awaits the deployments it did not wait for."""
    ours = side == "cloudstack.cloud"
    body = "".join(parts).replace("COLL.", side + ".").replace("INSTANCES", str(instances))
    body = body.replace("poll_async: WAIT", "poll_async: %s" % ("true" if wait else "false"))
    awaiting = "".join("    " + line for line in text("await.yml").splitlines(True)[2:])
    return body.replace("# OURS_ONLY\n", awaiting if ours and not wait else "")


def with_fleet(body, count):
    """This collection's workload playbook with its ``count`` instances as one instance_fleet task."""
    return body[:body.index("    - name: Instances\n")] + WORKLOAD_FLEET.replace("COUNT", str(count))


class Run:
    def __init__(self, scenario, side, label):
        self.scenario, self.side, self.label = scenario, side, label

    def execute(self, sim, workdir, body):
        path = os.path.join(workdir, "play.yml")
        with open(path, "w") as f:
            f.write(body)
        venv = SIDES[self.side]
        summary = os.path.join(workdir, "summary.json")
        env = dict(os.environ, ANSIBLE_PYTHON_INTERPRETER=os.path.join(venv, "bin", "python"), ANSIBLE_NOCOLOR="1",
                   ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, "callback_plugins"), ANSIBLE_CALLBACKS_ENABLED="bench_summary",
                   BENCH_SUMMARY=summary, ANSIBLE_LOCAL_TEMP=os.path.join(workdir, "tmp"),
                   CLOUDSTACK_ENDPOINT=sim.endpoint, CLOUDSTACK_KEY=sim.key, CLOUDSTACK_SECRET=sim.secret)
        for name in ("CLOUDSTACK_CONFIG", "CLOUDSTACK_REGION", "ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH"):
            env.pop(name, None)
        if self.side == "cloudstack.cloud":
            env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false")
        sim.reset_stats()
        if os.path.exists(summary):
            os.unlink(summary)
        run = Measured([os.path.join(venv, "bin", "ansible-playbook"), "-i", "localhost,", path], env, workdir)
        self.calls = sim.stats()["total"]
        self.seconds, self.cpu, self.rss = run.seconds, run.cpu, run.rss
        self.error, self.ok, self.changed, self.max_task_calls, self.task_calls = None, 0, 0, None, []
        if run.returncode or not os.path.exists(summary):
            self.error = run.output[-3000:]
        else:
            with open(summary) as f:
                result = json.load(f)
            self.ok, self.changed, self.max_task_calls = result["ok"], result["changed"], result["max_task_calls"]
            self.task_calls = result["task_calls"]
        print("  (%s) %-20s %-44s calls=%5d wall=%7.2fs cpu=%6.2fs peak=%4.0fMiB ok=%d changed=%d%s%s" % (
            self.scenario, self.side, self.label, self.calls, self.seconds, self.cpu, self.rss, self.ok, self.changed,
            "" if self.max_task_calls is None else " most calls by a task item=%d" % self.max_task_calls,
            "" if not self.error else "\n  FAILED:\n" + self.error), flush=True)
        return self


def fresh_simulator(args, workdir):
    return SimulatorProcess("--empty", "--job-latency", str(args.job_latency), strict=False, workdir=workdir)


def zone_and_workload(args, runs):
    """Scenario 5 on one fresh simulator per side, scenarios 1 and 2 on another."""
    for side in SIDES:
        if "5" in args.only:
            with tempfile.TemporaryDirectory() as workdir, fresh_simulator(args, workdir) as sim:
                runs.append(Run("5", side, "zone from empty").execute(sim, workdir, playbook(side, text("zone.yml"))))
                runs.append(Run("5", side, "zone again").execute(sim, workdir, playbook(side, text("zone.yml"))))
        if "1" in args.only or "2" in args.only:
            workload = playbook(side, text("zone.yml"), text("workload.yml").replace("---\n", ""),
                                instances=args.instances, wait=side != "cloudstack.cloud")
            with tempfile.TemporaryDirectory() as workdir, fresh_simulator(args, workdir) as sim:
                runs.append(Run("1", side, "zone, offerings, key, %d instances" % args.instances).execute(sim, workdir, workload))
                runs.append(Run("2", side, "the same again").execute(sim, workdir, workload))
            if side == "cloudstack.cloud":
                fleet_workload = with_fleet(workload, args.instances)
                with tempfile.TemporaryDirectory() as workdir, fresh_simulator(args, workdir) as sim:
                    runs.append(Run("1f", side, "the same, instances by instance_fleet").execute(
                        sim, workdir, fleet_workload))
                    runs.append(Run("2f", side, "the same again").execute(sim, workdir, fleet_workload))


def fleet(args, runs):
    """Scenario 3: --fleet instances with 2 s jobs, one simulator per run."""
    settings = """        zone: Sandbox-simulator-basic
        template: CentOS 5.6 (64-bit) no GUI (Simulator)
        service_offering: Bench Tiny
"""
    loop = """    - name: Instances
      COLL.cs_instance:
        name: "bench-{{ '%03d' | format(item) }}"
""" + settings + """        poll_async: WAIT
      loop: "{{ range(1, INSTANCES + 1) | list }}"
      register: deployed
# OURS_ONLY
"""
    one_task = """    - name: Instances
      cloudstack.cloud.instance_fleet:
        count: INSTANCES
        name_pattern: bench-{index:03d}
""" + settings
    variants = [("ngine_io.cloudstack", "instance in a loop, each awaited", loop, True),
                ("cloudstack.cloud", "instance in a loop, poll_async: false + job", loop, False),
                ("cloudstack.cloud", "instance_fleet", one_task, True)]
    for side, label, tasks, wait in variants:
        with tempfile.TemporaryDirectory() as workdir, \
                SimulatorProcess("--job-latency", "2", strict=False, workdir=workdir) as sim:
            body = playbook(side, SANDBOX_FLEET, tasks, instances=args.fleet, wait=wait)
            runs.append(Run("3", side, "%d instances: %s" % (args.fleet, label)).execute(sim, workdir, body))


def report(runs):
    print("\n| scenario | collection | run | API calls | wall time | CPU time | peak RSS | changed |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for run in runs:
        print("| %s | %s | %s | %d | %.1f s | %.1f s | %.0f MiB | %s |" % (
            run.scenario, run.side, run.label, run.calls, run.seconds, run.cpu, run.rss,
            "failed" if run.error else run.changed))
    by = {(run.scenario, run.side): run for run in runs if not run.error}
    ours, peer = "cloudstack.cloud", "ngine_io.cloudstack"
    if ("1", ours) in by and ("1", peer) in by:
        print("\n(1) %.1fx faster than the peer (target >= 2.5x)" % (by["1", peer].seconds / by["1", ours].seconds))
    if ("2", ours) in by and ("2", peer) in by:
        print("(2) %d API calls, %.0f%% of the peer's %d (target <= 25%%); the most any task item made: %s "
              "(target: at most one list call per task)" % (
                  by["2", ours].calls, 100.0 * by["2", ours].calls / by["2", peer].calls, by["2", peer].calls,
                  by["2", ours].max_task_calls))
        above = [(name, calls) for name, calls in by["2", ours].task_calls if calls > 1]
        print("    task items with more than one call: %s" % (", ".join("%s (%d)" % item for item in above) or "none"))
    if ("1f", ours) in by and ("1", peer) in by:
        print("(1f) with instance_fleet: %.1fx faster than the peer" % (by["1", peer].seconds / by["1f", ours].seconds))
    if ("2f", ours) in by and ("2", peer) in by:
        print("(2f) with instance_fleet: %d API calls, %.0f%% of the peer's %d" % (
            by["2f", ours].calls, 100.0 * by["2f", ours].calls / by["2", peer].calls, by["2", peer].calls))
    chart(runs)


def chart(runs):
    """Wall time and API calls per run, both sides side by side, drawn by the peer venv's matplotlib."""
    os.makedirs(RESULTS, exist_ok=True)
    data = os.path.join(RESULTS, "playbooks.json")
    with open(data, "w") as f:
        json.dump([dict(scenario=r.scenario, side=r.side, label=r.label, seconds=r.seconds, calls=r.calls)
                   for r in runs if not r.error], f, indent=1)
    script = """import json, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
runs = json.load(open(sys.argv[1]))
labels = ["(%s) %s\\n%s" % (r["scenario"], r["side"], r["label"]) for r in runs]
colors = ["tab:blue" if r["side"] == "cloudstack.cloud" else "tab:orange" for r in runs]
fig, (wall, calls) = plt.subplots(1, 2, figsize=(16, 0.6 * len(runs) + 2), sharey=True)
wall.barh(labels, [r["seconds"] for r in runs], color=colors)
wall.set_xlabel("wall time (s)")
calls.barh(labels, [r["calls"] for r in runs], color=colors)
calls.set_xlabel("API calls")
wall.invert_yaxis()
fig.suptitle("cloudstack.cloud (blue) and ngine_io.cloudstack (orange), same playbooks, same simulator")
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=90)
"""
    png = os.path.join(RESULTS, "playbooks.png")
    if os.system("%s -c '%s' %s %s" % (os.path.join(PEER_VENV, "bin", "python"), script.replace("'", "'\"'\"'"), data, png)) == 0:
        print("chart: %s" % png)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--instances", type=int, default=20, help="instances of scenario 1 (default 20)")
    parser.add_argument("--fleet", type=int, default=100, help="instances of scenario 3 (default 100)")
    parser.add_argument("--job-latency", type=float, default=0.5, help="seconds an async job takes in scenarios 1, 2, 5")
    parser.add_argument("--only", nargs="+", default=["1", "2", "3", "5"], choices=["1", "2", "3", "5"])
    args = parser.parse_args()
    ensure_collection_link()
    ensure_peer_venv()
    runs = []
    if set(args.only) & {"1", "2", "5"}:
        zone_and_workload(args, runs)
    if "3" in args.only:
        fleet(args, runs)
    report(runs)


if __name__ == "__main__":
    main()
