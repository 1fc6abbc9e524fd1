"""Benchmark: `ansible-inventory --list` with cloudstack.cloud.cloudstack and with ngine_io.cloudstack.instance.

For each size (default 1,000 and 10,000 instances) a fresh simulator is filled with
`--instances N`, spread over accounts and projects. Runs, all states:
- `all`: this plugin lists every instance (all accounts, all projects), cold and from its cache,
  with `--list` and with `--graph` (which builds the same inventory but does not write out the
  host variables: the plugin's own cost);
- `peer scope`: both plugins list what ngine_io.cloudstack.instance can list, the caller's own
  instances outside projects (it sends no listall), so that their times compare like for like.
  The peer has no cache.
Printed per run: hosts listed, API calls (the simulator's /_sim/stats), wall time, CPU time
(user + system) and peak memory (max RSS) of the `ansible-inventory` process (GNU time). The
machine may be shared: CPU time is the steadier figure. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/inventory.py [--sizes 1000 10000] [--no-strict] [--skip-peer]

The peer runs from .venv-peer (the `ansible` 12 package, which ships ngine_io.cloudstack); the
venv is created when it is missing.
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "simulator"))

from cloudstack_simulator.process import SimulatorProcess  # noqa: E402

VENV = os.path.join(REPO, ".venv")
PEER_VENV = os.path.join(REPO, ".venv-peer")
COLLECTIONS = os.path.join(REPO, ".build", "collections")
TARGETS = "targets at 10,000: cold < 10 s, cached < 3 s, >= 5x faster than the peer, calls <= ceil(N/500) + 3"

ALL = """plugin: cloudstack.cloud.cloudstack
states: []
projects: [all]
instances_outside_projects: true
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: {cache}
"""
PEER_SCOPE = """plugin: cloudstack.cloud.cloudstack
states: []
accounts: [admin]
"""
PEER = "plugin: ngine_io.cloudstack.instance\n"


def ensure_peer_venv():
    if os.path.exists(os.path.join(PEER_VENV, "bin", "ansible-inventory")):
        return
    print("creating %s (ansible 12 with ngine_io.cloudstack, cs)" % PEER_VENV, flush=True)
    subprocess.check_call([sys.executable, "-m", "venv", PEER_VENV])
    subprocess.check_call([os.path.join(PEER_VENV, "bin", "pip"), "install", "-q", "ansible>=12,<13", "cs"])


def ensure_collection_link():
    link = os.path.join(COLLECTIONS, "ansible_collections", "cloudstack", "cloud")
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(REPO, link)


def run_inventory(sim, venv, source, collections_path, action, *extra):
    """One `ansible-inventory --list` (or --graph): ((hosts outside projects, hosts in projects) for
    --list, API calls, seconds, CPU seconds, peak RSS in MiB, error text or None)."""
    env = dict(os.environ, CLOUDSTACK_ENDPOINT=sim.endpoint, CLOUDSTACK_KEY=sim.key, CLOUDSTACK_SECRET=sim.secret,
               ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="true", ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    for name in ("CLOUDSTACK_CONFIG", "CLOUDSTACK_REGION", "ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH"):
        env.pop(name, None)
    if collections_path:
        env["ANSIBLE_COLLECTIONS_PATH"] = collections_path
        env["ANSIBLE_COLLECTIONS_SCAN_SYS_PATH"] = "false"
    sim.reset_stats()
    # /usr/bin/time measures the child alone: rusage of a child forked from this process would
    # count this process's own peak memory (Linux keeps the high-water mark across exec)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as usage:
        started = time.monotonic()
        proc = subprocess.run(["/usr/bin/time", "-o", usage.name, "-f", "%U %S %M",
                               os.path.join(venv, "bin", "ansible-inventory"), "-i", source, action] + list(extra),
                              env=env, stdout=out, stderr=err, cwd=os.path.dirname(source), check=False)
        seconds = time.monotonic() - started
        calls = sim.stats()["total"]
        user, system, max_kib = usage.read().split()[-3:]
        cpu, rss = float(user) + float(system), int(max_kib) / 1024.0
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            return None, calls, seconds, cpu, rss, err.read().decode("utf-8", "replace")[-2000:]
        if action != "--list":
            return None, calls, seconds, cpu, rss, None
        hostvars = json.load(out).get("_meta", {}).get("hostvars", {}).values()
        in_projects = sum(1 for host in hostvars if host.get("project"))
    return (len(hostvars) - in_projects, in_projects), calls, seconds, cpu, rss, None


def bench_size(size, strict, skip_peer, rows):
    workdir = tempfile.mkdtemp(prefix="inventory-bench-")
    try:
        started = time.monotonic()
        with SimulatorProcess("--instances", str(size), strict=strict, workdir=workdir) as sim:
            print("N=%d: simulator filled in %.1fs (%s)" % (
                size, time.monotonic() - started, "strict" if strict else "not strict"), flush=True)
            sources = {"all": ALL.format(cache=os.path.join(workdir, "cache")), "peer scope": PEER_SCOPE, "peer": PEER}
            paths = {}
            for label, text in sources.items():
                paths[label] = os.path.join(workdir, "bench-%s.%s" % (
                    label.replace(" ", "-"), "cloudstack-instances.yml" if label == "peer" else "cloudstack.yml"))
                with open(paths[label], "w") as f:
                    f.write(text)
            ours, peer = (VENV, COLLECTIONS), (PEER_VENV, None)
            runs = [("cloudstack.cloud", "all, cold", ours, paths["all"], "--list"),
                    ("cloudstack.cloud", "all, cached", ours, paths["all"], "--list"),
                    ("cloudstack.cloud", "all, cold", ours, paths["all"], "--graph"),
                    ("cloudstack.cloud", "all, cached", ours, paths["all"], "--graph"),
                    ("cloudstack.cloud", "peer scope", ours, paths["peer scope"], "--list"),
                    ("cloudstack.cloud", "peer scope", ours, paths["peer scope"], "--graph")]
            if not skip_peer:
                runs += [("ngine_io.cloudstack", "peer scope", peer, paths["peer"], "--list"),
                         ("ngine_io.cloudstack", "peer scope", peer, paths["peer"], "--graph")]
            for plugin, mode, (venv, collections_path), source, action in runs:
                # a cold run after the first refreshes the cache
                extra = ["--flush-cache"] if mode == "all, cold" and action != "--list" else []
                hosts, calls, seconds, cpu, rss, error = run_inventory(sim, venv, source, collections_path, action, *extra)
                rows.append((size, plugin, mode, action, hosts, calls, seconds, cpu, rss, error))
                print("  %-20s %-12s %-7s hosts=%s calls=%d wall=%.2fs cpu=%.2fs peak=%.0fMiB%s" % (
                    plugin, mode, action, sum(hosts) if hosts else "-", calls, seconds, cpu, rss,
                    "" if not error else "\n  FAILED: " + error), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report(rows):
    print("\n| instances | plugin | run | ansible-inventory | hosts | API calls | wall time | CPU time | peak RSS |")
    print("| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for size, plugin, mode, action, hosts, calls, seconds, cpu, rss, error in rows:
        print("| %d | %s | %s | %s | %s | %d | %.2f s | %.2f s | %.0f MiB |" % (
            size, plugin, mode, action, "failed" if error else sum(hosts) if hosts else "", calls, seconds, cpu, rss))
    print()
    for size in sorted(set(row[0] for row in rows)):
        runs = dict(((row[1], row[2], row[3]), row) for row in rows if row[0] == size)
        cold, cached = runs[("cloudstack.cloud", "all, cold", "--list")], runs[("cloudstack.cloud", "all, cached", "--list")]
        outside, in_projects = cold[4]
        budget = "ceil(%d/500)+3 + ceil(%d/500)+3 = %d" % (
            outside, in_projects, math.ceil(outside / 500.0) + 3 + math.ceil(in_projects / 500.0) + 3)
        print("N=%d, all: %d hosts in 2 scopes (outside projects, in projects), %d calls (budget %s), "
              "cold %.2fs (CPU %.2fs), cached %.2fs (CPU %.2fs) with %d calls" % (
                  size, outside + in_projects, cold[5], budget, cold[6], cold[7], cached[6], cached[7], cached[5]))
        for action in ("--list", "--graph"):
            ours, peer = runs[("cloudstack.cloud", "peer scope", action)], runs.get(("ngine_io.cloudstack", "peer scope", action))
            if peer and not peer[9] and not ours[9]:
                print("N=%d, peer scope, %s: %.1fx faster wall, %.1fx less CPU than the peer" % (
                    size, action, peer[6] / ours[6], peer[7] / ours[7]))
    print(TARGETS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-strict", action="store_true", help="let the simulator accept parameters the catalogue lacks")
    parser.add_argument("--skip-peer", action="store_true", help="only benchmark cloudstack.cloud.cloudstack")
    args = parser.parse_args()
    ensure_collection_link()
    if not args.skip_peer:
        ensure_peer_venv()
    rows = []
    for size in args.sizes:
        bench_size(size, not args.no_strict, args.skip_peer, rows)
    report(rows)


if __name__ == "__main__":
    main()
