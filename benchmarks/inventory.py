"""Benchmark: `ansible-inventory --list` with cloudstack.cloud.cloudstack and with ngine_io.cloudstack.instance.

For each size (default 1,000 and 10,000 instances) a fresh simulator is filled with
`--instances N`; each plugin then lists every instance (all states) from it, cold and, for this
collection's plugin, again from its cache (the peer has no cache). Printed per run: hosts
listed, API calls (the simulator's /_sim/stats), wall time and peak memory (max RSS of the
`ansible-inventory` process, from wait4). Prints figures; it asserts nothing.

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

OURS = """plugin: cloudstack.cloud.cloudstack
states: []
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: {cache}
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


def run_inventory(sim, venv, source, collections_path):
    """One `ansible-inventory --list`: (hosts, API calls, seconds, peak RSS in MiB, error text or None)."""
    env = dict(os.environ, CLOUDSTACK_ENDPOINT=sim.endpoint, CLOUDSTACK_KEY=sim.key, CLOUDSTACK_SECRET=sim.secret,
               ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="true", ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    for name in ("CLOUDSTACK_CONFIG", "CLOUDSTACK_REGION", "ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH"):
        env.pop(name, None)
    if collections_path:
        env["ANSIBLE_COLLECTIONS_PATH"] = collections_path
        env["ANSIBLE_COLLECTIONS_SCAN_SYS_PATH"] = "false"
    sim.reset_stats()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen([os.path.join(venv, "bin", "ansible-inventory"), "-i", source, "--list"],
                                env=env, stdout=out, stderr=err, cwd=os.path.dirname(source))
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        calls = sim.stats()["total"]
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            return None, calls, seconds, usage.ru_maxrss / 1024.0, err.read().decode("utf-8", "replace")[-2000:]
        hosts = len(json.load(out).get("_meta", {}).get("hostvars", {}))
    return hosts, calls, seconds, usage.ru_maxrss / 1024.0, None


def bench_size(size, strict, skip_peer, rows):
    workdir = tempfile.mkdtemp(prefix="inventory-bench-")
    try:
        started = time.monotonic()
        with SimulatorProcess("--instances", str(size), strict=strict, workdir=workdir) as sim:
            print("N=%d: simulator filled in %.1fs (%s)" % (
                size, time.monotonic() - started, "strict" if strict else "not strict"), flush=True)
            ours = os.path.join(workdir, "bench.cloudstack.yml")
            with open(ours, "w") as f:
                f.write(OURS.format(cache=os.path.join(workdir, "cache")))
            runs = [("cloudstack.cloud", "cold", VENV, ours, COLLECTIONS),
                    ("cloudstack.cloud", "cached", VENV, ours, COLLECTIONS)]
            if not skip_peer:
                peer = os.path.join(workdir, "bench.cloudstack-instances.yml")
                with open(peer, "w") as f:
                    f.write(PEER)
                runs.append(("ngine_io.cloudstack", "cold", PEER_VENV, peer, None))
            for plugin, mode, venv, source, collections_path in runs:
                hosts, calls, seconds, rss, error = run_inventory(sim, venv, source, collections_path)
                rows.append((size, plugin, mode, hosts, calls, seconds, rss, error))
                print("  %-20s %-6s hosts=%s calls=%d time=%.2fs peak=%.0fMiB%s" % (
                    plugin, mode, hosts, calls, seconds, rss, "" if not error else "\n  FAILED: " + error), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report(rows):
    print("\n| instances | plugin | run | hosts | API calls | wall time | peak RSS |")
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: |")
    for size, plugin, mode, hosts, calls, seconds, rss, error in rows:
        print("| %d | %s | %s | %s | %d | %.2f s | %.0f MiB |" % (
            size, plugin, mode, hosts if not error else "failed", calls, seconds, rss))
    print()
    for size in sorted(set(row[0] for row in rows)):
        timing = dict(((row[1], row[2]), row) for row in rows if row[0] == size)
        ours, cached = timing.get(("cloudstack.cloud", "cold")), timing.get(("cloudstack.cloud", "cached"))
        peer = timing.get(("ngine_io.cloudstack", "cold"))
        budget = math.ceil(size / 500.0) + 3
        line = "N=%d: calls %d (budget ceil(N/500)+3 = %d), cold %.2fs, cached %.2fs with %d calls" % (
            size, ours[4], budget, ours[5], cached[5], cached[4])
        if peer and not peer[7]:
            line += ", peer %.2fs: %.1fx faster cold" % (peer[5], peer[5] / ours[5])
        print(line)
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
