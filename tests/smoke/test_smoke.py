"""One smoke play per module, run under every supported ansible-core (`make test-cores`; the full
module targets of tests/integration run under the newest only).

tests/smoke/tasks/<module>.yml runs the module in check mode, then for real (create, or read for an
info module), then again, and asserts the re-run reports changed=false and what the simulator holds.
The modules are read from plugins/modules/, so a new module without a smoke task fails here.
"""
import os

import pytest

from simulator_plays import run_tasks

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TASKS = os.path.join(HERE, "tasks")
MODULES_DIR = os.path.join(REPO, "plugins", "modules")

MODULES = sorted(name[:-3] for name in os.listdir(MODULES_DIR) if name.endswith(".py") and name != "__init__.py")


def test_every_smoke_task_names_a_module():
    stale = sorted(name for name in os.listdir(TASKS) if name[:-4] not in MODULES)
    assert stale == [], "smoke tasks for modules that do not exist: %s" % stale


@pytest.mark.parametrize("module", MODULES)
def test_module_smoke(module, start_simulator, tmp_path):
    tasks = os.path.join(TASKS, module + ".yml")
    assert os.path.isfile(tasks), "module %s has no smoke task: write tests/smoke/tasks/%s.yml" % (module, module)
    sim = start_simulator()
    code, out = run_tasks(tasks, sim, tmp_path)
    assert code == 0, "smoke play of %s failed:\n%s\n--- simulator log ---\n%s" % (
        module, out[-8000:], sim.read_log()[-3000:])
    assert "failed=0" in out
