"""examples/execution-environment.yml through ansible-builder, without podman or docker: `ansible-builder create`
writes the build context, then the test does what the image's build stages do, in a clean venv: install the
collection (from its built artifact, not Galaxy), let the context's own introspect script gather the Python
requirements (the example's and those of the collection's meta/execution-environment.yml), install them with the
Containerfile's ansible-core and ansible-runner, and import the collection's module_utils there.
Needs PyPI (the packages of the clean venv).
"""
import os
import re
import shlex
import subprocess
import sys

import yaml

from collection import REPO

BIN = os.path.dirname(sys.executable)
EXAMPLE = os.path.join(REPO, "examples", "execution-environment.yml")
INSTALL_REFS = re.compile(r'^ARG ANSIBLE_INSTALL_REFS="(.*)"$', re.MULTILINE)
IMPORTS = """
import cs
from ansible_collections.cloudstack.cloud.plugins.module_utils import api, config, module, resource
print(cs.__name__, api.__name__, module.AnsibleModule.__name__)
"""


def run(*cmd, **kwargs):
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, check=False, **kwargs)
    assert done.returncode == 0, "%s:\n%s" % (" ".join(cmd), done.stdout[-6000:])
    return done.stdout


def test_the_example_builds_a_context_whose_requirements_install_and_import_the_collection(tmp_path):
    context = tmp_path / "context"
    run(os.path.join(BIN, "ansible-builder"), "create", "-f", EXAMPLE, "-c", str(context), "--output-filename", "Containerfile")
    containerfile = (context / "Containerfile").read_text()
    with open(context / "_build" / "requirements.yml") as f:
        assert [c["name"] for c in yaml.safe_load(f)["collections"]] == ["cloudstack.cloud"]

    # The galaxy stage, from the artifact users install.
    artifact, collections = tmp_path / "artifact", tmp_path / "collections"
    run(os.path.join(BIN, "ansible-galaxy"), "collection", "build", REPO, "--output-path", str(artifact))
    tarball = [str(p) for p in artifact.glob("cloudstack-cloud-*.tar.gz")]
    run(os.path.join(BIN, "ansible-galaxy"), "collection", "install", "--force", *tarball, "-p", str(collections))
    assert (collections / "ansible_collections" / "cloudstack" / "cloud" / "meta" / "execution-environment.yml").is_file()

    # The builder stage: the context's introspect script combines the example's and the collection's requirements.
    pip_requirements = tmp_path / "requirements.txt"
    run(sys.executable, str(context / "_build" / "scripts" / "introspect.py"), "introspect",
        "--user-pip", str(context / "_build" / "requirements.txt"), "--write-pip", str(pip_requirements),
        "--write-bindep", str(tmp_path / "bindep.txt"), str(collections))
    wanted = pip_requirements.read_text()
    for requirement in ("cs>=3.0.0", "jmespath>=1.0.0", "netaddr>=0.10"):
        assert requirement in wanted, wanted

    # The final stage: the Containerfile's ansible-core and ansible-runner, and the requirements, in a clean venv.
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv))
    python = str(venv / "bin" / "python")
    refs = shlex.split(INSTALL_REFS.search(containerfile).group(1))
    run(python, "-m", "pip", "install", "-q", *refs, "-r", str(pip_requirements))
    env = dict(os.environ, PYTHONPATH=str(collections), ANSIBLE_COLLECTIONS_PATH=str(collections))
    assert "cs " in run(python, "-c", IMPORTS, env=env, cwd=str(tmp_path))
    listed = run(str(venv / "bin" / "ansible-galaxy"), "collection", "list", "cloudstack.cloud", env=env, cwd=str(tmp_path))
    assert "cloudstack.cloud" in listed
