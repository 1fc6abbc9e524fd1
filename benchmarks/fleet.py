"""Benchmark: deploying N instances (default 100) with instance_fleet, and with the instance module in a loop.

On a simulator whose async jobs take `--job-latency` seconds (default 2):
(1) one instance_fleet task deploys the N instances from empty (their jobs awaited together);
(2) the same task again (nothing to do: one listing);
(3) on a fresh simulator, the same N instances with the instance module in a loop (each deployment awaited).
Printed per run: wall time of the ansible-playbook process and API calls (the simulator's /_sim/stats).
Targets (issue 12): (1) under 15 s, (2) under 3 s. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/fleet.py [--count N] [--job-latency S] [--skip-loop]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "simulator"))

from cloudstack_simulator.process import SimulatorProcess  # noqa: E402

PLAYBOOK = os.path.join(REPO, ".venv", "bin", "ansible-playbook")
COLLECTIONS = os.path.join(REPO, ".build", "collections")
# A small offering, so that the simulator's hosts hold every instance (Small Instance fills them before 100).
OFFERING = """- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - cloudstack.cloud.service_offering: {name: Bench Tiny, display_text: Bench Tiny, cpu_number: 1, cpu_speed: 100, memory: 64}
"""
SETTINGS = """        zone: Sandbox-simulator-basic
        template: CentOS 5.6 (64-bit) no GUI (Simulator)
        service_offering: Bench Tiny
"""
FLEET = """- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - cloudstack.cloud.instance_fleet:
        count: {count}
        name_pattern: bench-{{index:03d}}
""" + SETTINGS
LOOP = """- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - cloudstack.cloud.instance:
        name: "bench-{{{{ '%03d' | format(item) }}}}"
""" + SETTINGS + """      loop: "{{{{ range(1, {count} + 1) | list }}}}"
"""


def ensure_collection_link():
    link = os.path.join(COLLECTIONS, "ansible_collections", "cloudstack", "cloud")
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(REPO, link)


def run(label, sim, playbook_text, workdir, quiet=False):
    path = os.path.join(workdir, "play.yml")
    with open(path, "w") as f:
        f.write(playbook_text)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_NOCOLOR="1", **sim.env())
    for name in ("CLOUDSTACK_ENDPOINT", "CLOUDSTACK_KEY", "CLOUDSTACK_SECRET"):
        env.pop(name, None)
    sim.reset_stats()
    started = time.monotonic()
    proc = subprocess.run([PLAYBOOK, "-i", "localhost,", path], env=env, cwd=workdir, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    seconds = time.monotonic() - started
    calls = sim.stats()["total"]
    if quiet and proc.returncode == 0:
        return
    failed = "" if proc.returncode == 0 else "\n  FAILED:\n" + proc.stdout[-3000:]
    print("  %-48s wall=%6.2fs calls=%5d%s" % (label, seconds, calls, failed), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--job-latency", type=float, default=2.0)
    parser.add_argument("--skip-loop", action="store_true", help="skip (3), the instance module in a loop")
    args = parser.parse_args()
    ensure_collection_link()
    simulator_args = ("--job-latency", str(args.job_latency))
    fleet = FLEET.format(count=args.count)
    print("%d instances, jobs of %gs" % (args.count, args.job_latency), flush=True)
    with tempfile.TemporaryDirectory() as workdir:
        for sub in ("fleet", "loop"):
            os.mkdir(os.path.join(workdir, sub))
        with SimulatorProcess(*simulator_args, workdir=os.path.join(workdir, "fleet")) as sim:
            run("setup", sim, OFFERING, workdir, quiet=True)
            run("(1) instance_fleet, from empty", sim, fleet, workdir)
            run("(2) instance_fleet, again (as wanted)", sim, fleet, workdir)
        if not args.skip_loop:
            with SimulatorProcess(*simulator_args, workdir=os.path.join(workdir, "loop")) as sim:
                run("setup", sim, OFFERING, workdir, quiet=True)
                run("(3) instance in a loop, from empty", sim, LOOP.format(count=args.count), workdir)


if __name__ == "__main__":
    main()
