"""Benchmark: `ansible-inventory --list` with cloudstack.cloud.cloudstack and with ngine_io.cloudstack.instance.

For each size N (default 1,000 and 10,000 instances), all instance states:
- `all`: a simulator filled with `--instances N` (spread over accounts, domains and projects);
  this plugin lists every instance, cold and from its cache, with `--list` and with `--graph`
  (which builds the same inventory but does not write out the host variables).
- `own`: a simulator filled with `--instances N --instances-account admin`, the world that
  ngine_io.cloudstack.instance can list whole (it sends no listall, so it only sees the caller's
  own instances outside projects); both plugins list the same N hosts. The peer has no cache.
- `static`: ansible-inventory on a static script (no API call) that gives the same N hosts,
  first without variables (what ansible-inventory costs by itself, whatever the plugin), then
  with the host variables this plugin gave them (what writing them out costs).
`--list --export` (what an AWX inventory sync runs) is measured for this plugin and for the static source
without variables (ansible-inventory's own floor).
With --core-venv V (a venv with another ansible-core, cs and jmespath) the `all` --list runs and
the static runs are repeated under it.

Printed per run: hosts listed, API calls (the simulator's /_sim/stats), wall time, CPU time
(user + system) and peak memory (max RSS) of the `ansible-inventory` process (GNU time). The
machine may be shared: CPU time is the steadier figure. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/inventory.py [--sizes 1000 10000] [--repeat K] [--no-strict] [--skip-peer] [--core-venv V]

The peer runs from .venv-peer (the `ansible` 12 package, which ships ngine_io.cloudstack); the
venv is created when it is missing.
"""
import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from common import COLLECTIONS, PEER_VENV, VENV, Measured, ensure_collection_link, ensure_peer_venv
from cloudstack_simulator.process import SimulatorProcess

OURS, PEER = "cloudstack.cloud", "ngine_io.cloudstack"
BARE, SAME_VARS = "static, no variables", "static, same variables"
EXPORT = "--list --export"  # what an AWX inventory sync runs

ALL = """plugin: cloudstack.cloud.cloudstack
states: []
projects: [all]
instances_outside_projects: true
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: {cache}
"""
OWN = """plugin: cloudstack.cloud.cloudstack
states: []
accounts: [admin]
"""
PEER_SOURCE = "plugin: ngine_io.cloudstack.instance\n"


def core_version(venv):
    out = subprocess.check_output([os.path.join(venv, "bin", "python"), "-c", "import ansible; print(ansible.__version__)"])
    return out.decode().strip()


def write(path, text, mode=0o644):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


class Run:
    """One `ansible-inventory` process and what it cost."""

    def __init__(self, size, world, plugin, core, action, mode=""):
        self.size, self.world, self.plugin, self.core, self.action, self.mode = size, world, plugin, core, action, mode
        self.hosts = self.error = None
        self.names = []
        self.hostvars = {}
        self.in_projects = 0
        self.calls = 0

    def execute(self, sim, venv, source, collections_path, repeat=1, before=None):
        """Run it ``repeat`` times (``before`` each time): the median wall and CPU time, the highest peak."""
        samples = []
        for _attempt in range(repeat):
            if before:
                before()
            samples.append(self.once(sim, venv, source, collections_path))
            if self.error:
                break
        self.seconds = statistics.median(sample[0] for sample in samples)
        self.cpu = statistics.median(sample[1] for sample in samples)
        self.rss = max(sample[2] for sample in samples)
        print("  %-20s %-6s %-8s %-12s %-7s hosts=%s calls=%d wall=%.2fs cpu=%.2fs peak=%.0fMiB%s%s" % (
            self.plugin, self.world, self.core, self.mode, self.action, "-" if self.hosts is None else self.hosts,
            self.calls, self.seconds, self.cpu, self.rss,
            " (median of %s)" % ", ".join("%.2f" % sample[0] for sample in samples) if len(samples) > 1 else "",
            "" if not self.error else "\n  FAILED: " + self.error), flush=True)
        return self

    def once(self, sim, venv, source, collections_path):
        env = dict(os.environ, ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="true", ANSIBLE_PYTHON_INTERPRETER=sys.executable)
        for name in ("CLOUDSTACK_CONFIG", "CLOUDSTACK_REGION", "ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH"):
            env.pop(name, None)
        if sim:
            env.update(CLOUDSTACK_ENDPOINT=sim.endpoint, CLOUDSTACK_KEY=sim.key, CLOUDSTACK_SECRET=sim.secret)
            sim.reset_stats()
        if collections_path:
            env["ANSIBLE_COLLECTIONS_PATH"] = collections_path
            env["ANSIBLE_COLLECTIONS_SCAN_SYS_PATH"] = "false"
        run = Measured([os.path.join(venv, "bin", "ansible-inventory"), "-i", source] + self.action.split(), env,
                       os.path.dirname(source), stderr=False)
        self.calls = sim.stats()["total"] if sim else 0
        if run.returncode:
            self.error = run.errors[-2000:]
        elif self.action.startswith("--list"):
            listing = json.loads(run.output)
            hostvars = listing.get("_meta", {}).get("hostvars", {})
            self.names = sorted(set(hostvars).union(*(group.get("hosts", []) for name, group in listing.items()
                                                      if name != "_meta")))
            self.hosts = len(self.names)
            self.hostvars = hostvars
            self.in_projects = sum(1 for host in hostvars.values() if host.get("project"))
        return run.seconds, run.cpu, run.rss


def bench_size(size, strict, skip_peer, cores, repeat, runs):
    workdir = tempfile.mkdtemp(prefix="inventory-bench-")
    for world in ("all", "own"):
        os.mkdir(os.path.join(workdir, world))
    ours = [(core, venv, COLLECTIONS) for core, venv in cores]
    main_core = cores[0][0]
    try:
        started = time.monotonic()
        with SimulatorProcess("--instances", str(size), strict=strict, workdir=os.path.join(workdir, "all")) as sim:
            print("N=%d, all: simulator filled in %.1fs (%s)" % (
                size, time.monotonic() - started, "strict" if strict else "not strict"), flush=True)
            cache = os.path.join(workdir, "cache")
            source = write(os.path.join(workdir, "all.cloudstack.yml"), ALL.format(cache=cache))

            def flush_cache():
                shutil.rmtree(cache, ignore_errors=True)

            for index, (core, venv, collections) in enumerate(ours):
                for action in ("--list", "--graph", EXPORT) if index == 0 else ("--list",):
                    runs.append(Run(size, "all", OURS, core, action, "cold").execute(
                        sim, venv, source, collections, repeat, before=flush_cache))  # each cold run fills the cache
                    runs.append(Run(size, "all", OURS, core, action, "cached").execute(sim, venv, source, collections, repeat))
            first = next(run for run in runs if run.size == size and run.names)
            names, hostvars = first.names, plain(first.hostvars)
            for run in runs:
                run.hostvars = {}

        # ansible-inventory on a static source: the same hosts without variables, then with them
        for label, static_vars in ((BARE, {}), (SAME_VARS, hostvars)):
            listing = write(os.path.join(workdir, "static.json"),
                            json.dumps({"all": {"hosts": names}, "_meta": {"hostvars": static_vars}}))
            script = write(os.path.join(workdir, "static.sh"), "#!/bin/sh\ncat %s\n" % listing, 0o755)
            for core, venv, _collections in ours:
                for action in ("--list", "--graph", EXPORT) if core == main_core and label == BARE else ("--list",):
                    runs.append(Run(size, "static", label, core, action).execute(None, venv, script, None, repeat))

        started = time.monotonic()
        with SimulatorProcess("--instances", str(size), "--instances-account", "admin", strict=strict,
                              workdir=os.path.join(workdir, "own")) as sim:
            print("N=%d, own: simulator filled in %.1fs" % (size, time.monotonic() - started), flush=True)
            source = write(os.path.join(workdir, "own.cloudstack.yml"), OWN)
            peer_source = write(os.path.join(workdir, "own.cloudstack-instances.yml"), PEER_SOURCE)
            for action in ("--list", "--graph"):
                runs.append(Run(size, "own", OURS, main_core, action, "cold").execute(sim, VENV, source, COLLECTIONS, repeat))
                if not skip_peer:
                    runs.append(Run(size, "own", PEER, core_version(PEER_VENV), action, "cold").execute(
                        sim, PEER_VENV, peer_source, None, repeat))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def plain(value):
    """ansible-inventory output as plain data: {"__ansible_unsafe": s} (an untrusted string) back to s."""
    if isinstance(value, dict):
        if list(value) == ["__ansible_unsafe"]:
            return value["__ansible_unsafe"]
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def find(runs, **attrs):
    return next((run for run in runs if all(getattr(run, k) == v for k, v in attrs.items()) and not run.error), None)


def report(runs, cores):
    print("\n| instances | world | plugin | ansible-core | run | ansible-inventory | hosts | API calls | wall time | CPU time | peak RSS |")
    print("| ---: | --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for run in runs:
        print("| %d | %s | %s | %s | %s | %s | %s | %d | %.2f s | %.2f s | %.0f MiB |" % (
            run.size, run.world, run.plugin, run.core, run.mode, run.action,
            "failed" if run.error else "" if run.hosts is None else run.hosts, run.calls, run.seconds, run.cpu, run.rss))
    print()
    for size in sorted(set(run.size for run in runs)):
        for core, _venv in cores:
            cold = find(runs, size=size, world="all", core=core, mode="cold", action="--list")
            cached = find(runs, size=size, world="all", core=core, mode="cached", action="--list")
            bare = find(runs, size=size, plugin=BARE, core=core, action="--list")
            same_vars = find(runs, size=size, plugin=SAME_VARS, core=core, action="--list")
            if not (cold and cached and bare and same_vars):
                continue
            outside, in_projects = cold.hosts - cold.in_projects, cold.in_projects
            budget = math.ceil(outside / 500.0) + 3 + math.ceil(in_projects / 500.0) + 3
            print("N=%d, ansible-core %s, all: %d hosts in 2 scopes, %d API calls (budget ceil(%d/500)+3 + "
                  "ceil(%d/500)+3 = %d); --list cold %.2fs (target < 10 s), cached %.2fs (target < 3 s) with %d calls; "
                  "a static source with the same hosts: --list %.2fs without variables, %.2fs with the same ones" % (
                      size, core, cold.hosts, cold.calls, outside, in_projects, budget, cold.seconds, cached.seconds,
                      cached.calls, bare.seconds, same_vars.seconds))
        bare_export = find(runs, size=size, plugin=BARE, action=EXPORT)
        for mode in ("cold", "cached"):
            export = find(runs, size=size, world="all", plugin=OURS, mode=mode, action=EXPORT)
            if export and bare_export:
                print("N=%d, all, %s (AWX's inventory sync), %s: %.2fs against %.2fs for a static source with the same "
                      "host names and no variables: %.2fx the floor (target <= 1.5x)" % (
                          size, EXPORT, mode, export.seconds, bare_export.seconds, export.seconds / bare_export.seconds))
        for action in ("--list", "--graph"):
            ours, peer = find(runs, size=size, world="own", plugin=OURS, action=action), find(runs, size=size, world="own", plugin=PEER, action=action)
            if ours and peer:
                print("N=%d, own (%d hosts for both), %s: %.2fs against the peer's %.2fs: %.1fx faster wall, "
                      "%.1fx less CPU (target >= 5x)" % (size, peer.hosts or ours.hosts or size, action, ours.seconds,
                                                         peer.seconds, peer.seconds / ours.seconds, peer.cpu / ours.cpu))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-strict", action="store_true", help="let the simulator accept parameters the catalogue lacks")
    parser.add_argument("--skip-peer", action="store_true", help="only benchmark cloudstack.cloud.cloudstack")
    parser.add_argument("--repeat", type=int, default=1, metavar="K",
                        help="run each K times and report the median times (the machine may be shared)")
    parser.add_argument("--core-venv", action="append", default=[], metavar="VENV",
                        help="also run the `all` and `static` --list runs under this venv's ansible-core")
    args = parser.parse_args()
    ensure_collection_link()
    if not args.skip_peer:
        ensure_peer_venv()
    cores = [(core_version(venv), venv) for venv in [VENV] + args.core_venv]
    runs = []
    for size in args.sizes:
        bench_size(size, not args.no_strict, args.skip_peer, cores, args.repeat, runs)
    report(runs, cores)


if __name__ == "__main__":
    main()
