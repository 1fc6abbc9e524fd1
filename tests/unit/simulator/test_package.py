"""`pip install ./simulator` gives a working `cloudstack-simulator` command, offline (a stdlib-only build)."""
import configparser
import os
import subprocess
import sys
import time

import pytest

from cloudstack_simulator.process import SIMULATOR_ROOT
from conftest import client


class Installed:
    def __init__(self, endpoint, key, secret):
        self.endpoint, self.key, self.secret = endpoint, key, secret


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A venv (with the interpreter's pip, from its site-packages) with the simulator installed in it."""
    path = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(path)], check=True)
    subprocess.run([str(path / "bin" / "python"), "-m", "pip", "install", "--no-index", "--quiet", SIMULATOR_ROOT],
                   check=True, env=clean_env(), cwd=str(path), timeout=300)
    return path


def clean_env():
    """No PYTHONPATH: what runs must be the installed package, not the source tree."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def test_the_command_has_the_module_options(venv):
    installed = subprocess.run([str(venv / "bin" / "cloudstack-simulator"), "--help"], env=clean_env(),
                               capture_output=True, text=True, check=True, cwd=str(venv))
    module = subprocess.run([sys.executable, "-m", "cloudstack_simulator", "--help"], capture_output=True, text=True,
                            check=True, env=dict(os.environ, PYTHONPATH=SIMULATOR_ROOT))
    assert installed.stdout.startswith("usage: cloudstack-simulator [-h] [--host HOST] [--port PORT]")
    assert installed.stdout.split("options:")[1] == module.stdout.split("options:")[1]


def test_the_installed_simulator_serves_the_sandbox(venv, tmp_path):
    credentials = tmp_path / "cloudstack.ini"
    proc = subprocess.Popen([str(venv / "bin" / "cloudstack-simulator"), "--port", "0", "--credentials",
                             str(credentials), "--strict"], env=clean_env(), cwd=str(tmp_path),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not credentials.exists():
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        ini = configparser.ConfigParser()
        ini.read(credentials)
        api = client(Installed(**ini["cloudstack"]))
        zones = sorted(z["name"] for z in api.listZones()["zone"])
        assert zones == ["Sandbox-simulator-advanced", "Sandbox-simulator-basic"]
        assert api.listTemplates(templatefilter="featured")["count"] == 2  # data files were installed
    finally:
        proc.terminate()
        proc.wait(timeout=30)
