"""Offline stand-in for the get-pip bootstrap that ansible-test downloads (get_pip_24_2.py).

ansible-test runs it inside a fresh virtualenv with pip's own arguments. We bootstrap pip from
the interpreter's bundled wheel (ensurepip), drop the variables ensurepip leaves behind (they
would hide the machine's pip configuration), then install what was asked for.
"""
import ensurepip
import os
import subprocess
import sys

ensurepip.bootstrap(upgrade=True)
os.environ.pop("PIP_CONFIG_FILE", None)
os.environ.pop("ENSUREPIP_OPTIONS", None)
# get-pip's own flags (--no-setuptools, --no-wheel: "do not install them") mean nothing to pip.
GET_PIP_ONLY = ("--disable-pip-version-check", "--no-setuptools", "--no-wheel")
args = [a for a in sys.argv[1:] if a not in GET_PIP_ONLY]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install", "--disable-pip-version-check"] + args))
