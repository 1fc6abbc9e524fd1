"""What the benchmarks share: where things are, the peer's venv, and one measured process."""
import os
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(REPO, ".venv")
# ngine_io.cloudstack comes with the `ansible` 12 package (its 2.x release, modules named cs_*); its modules need
# sshpubkeys; the charts are drawn with matplotlib from the same venv, which keeps the project's own venv lean.
PEER_VENV = os.path.join(REPO, ".venv-peer")
PEER_PACKAGES = ["ansible>=12,<13", "cs", "sshpubkeys", "matplotlib"]
COLLECTIONS = os.path.join(REPO, ".build", "collections")
RESULTS = os.path.join(REPO, ".build", "bench")
sys.path.insert(0, os.path.join(REPO, "simulator"))


def ensure_collection_link():
    link = os.path.join(COLLECTIONS, "ansible_collections", "cloudstack", "cloud")
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(REPO, link)


def ensure_peer_venv():
    stamp = os.path.join(PEER_VENV, ".bench-stamp")
    if os.path.exists(stamp) and open(stamp).read() == repr(PEER_PACKAGES):
        return
    print("preparing %s (%s)" % (PEER_VENV, ", ".join(PEER_PACKAGES)), flush=True)
    if not os.path.exists(os.path.join(PEER_VENV, "bin", "pip")):
        subprocess.check_call([sys.executable, "-m", "venv", PEER_VENV])
    subprocess.check_call([os.path.join(PEER_VENV, "bin", "pip"), "install", "-q"] + PEER_PACKAGES)
    with open(stamp, "w") as f:
        f.write(repr(PEER_PACKAGES))


class Measured:
    """One process and what it cost: wall time, CPU time (user + system) and peak memory of the process alone."""

    def __init__(self, argv, env, cwd, stderr=True):
        """stderr: into ``output`` with stdout (a playbook's log), or apart in ``errors`` (a JSON listing)."""
        # /usr/bin/time measures the child alone: rusage of a child forked from this process would count this
        # process's own peak memory (Linux keeps the high-water mark across exec)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
                tempfile.NamedTemporaryFile("r") as usage:
            started = time.monotonic()
            proc = subprocess.run(["/usr/bin/time", "-o", usage.name, "-f", "%U %S %M"] + argv, env=env, cwd=cwd,
                                  stdout=out, stderr=subprocess.STDOUT if stderr else err, check=False)
            self.seconds = time.monotonic() - started
            user, system, max_kib = usage.read().split()[-3:]
            out.seek(0)
            err.seek(0)
            self.output = out.read().decode("utf-8", "replace")
            self.errors = err.read().decode("utf-8", "replace")
        self.returncode = proc.returncode
        self.cpu = float(user) + float(system)
        self.rss = int(max_kib) / 1024.0
