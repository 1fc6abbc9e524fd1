"""Start and stop a simulator in a child process (used by the tests, `make demo` and benchmarks).

The child is `python -m cloudstack_simulator --port 0 --credentials FILE ...`: it binds a free
port, then writes the `cloudstack.ini` whose endpoint names that port. We wait for that file.
"""
import configparser
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

SIMULATOR_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class SimulatorProcess:
    def __init__(self, *args, host="127.0.0.1", strict=True, workdir=None, startup_timeout=60):
        self.args = list(args)
        self.host = host
        self.strict = strict
        self.workdir = workdir or tempfile.mkdtemp(prefix="cs-sim-")
        self.credentials = os.path.join(self.workdir, "cloudstack.ini")
        self.startup_timeout = startup_timeout
        self.proc = None
        self.endpoint = self.key = self.secret = None

    def start(self):
        if os.path.exists(self.credentials):
            os.unlink(self.credentials)
        cmd = [sys.executable, "-m", "cloudstack_simulator", "--host", self.host, "--port", "0",
               "--credentials", self.credentials] + (["--strict"] if self.strict else []) + self.args
        env = dict(os.environ)
        env["PYTHONPATH"] = SIMULATOR_ROOT + os.pathsep + env.get("PYTHONPATH", "")
        self.log = open(os.path.join(self.workdir, "simulator.log"), "wb")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.startup_timeout
        while not os.path.exists(self.credentials):
            if self.proc.poll() is not None:
                raise RuntimeError("simulator exited with %s; log: %s" % (self.proc.returncode, self.read_log()))
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("simulator did not start within %ss; log: %s" % (self.startup_timeout, self.read_log()))
            time.sleep(0.05)
        time.sleep(0.05)  # the file is written whole before rename, but be gentle
        ini = configparser.ConfigParser()
        ini.read(self.credentials)
        section = ini["cloudstack"]
        self.endpoint, self.key, self.secret = section["endpoint"], section["key"], section["secret"]
        return self

    def read_log(self):
        try:
            with open(os.path.join(self.workdir, "simulator.log"), "rb") as f:
                return f.read().decode("utf-8", "replace")[-4000:]
        except OSError:
            return ""

    @property
    def base_url(self):
        return self.endpoint.rsplit("/client/api", 1)[0]

    def admin(self, path, body=None, method=None):
        """Call the simulator's own control endpoints under /_sim/ (stats, faults)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + "/_sim/" + path, data=data,
                                     method=method or ("POST" if data is not None else "GET"),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def stats(self):
        return self.admin("stats")

    def reset_stats(self):
        return self.admin("stats", method="DELETE")

    def env(self):
        """Environment that points `cs`, the modules and the inventory plugin at this simulator."""
        return {"CLOUDSTACK_CONFIG": self.credentials, "CLOUDSTACK_REGION": "cloudstack"}

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "log", None):
            self.log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
