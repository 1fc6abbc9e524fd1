"""CloudStack's permission model through the modules: a domain admin's and a plain user's keys (made by the user
module with keys_registered) see only what CloudStack shows them and are refused outside it, with CloudStack's
answers and codes (tests/integration/permissions/tasks.yml). `pytest tests/integration/test_permissions.py`."""
import os

from simulator_plays import run_tasks

HERE = os.path.dirname(os.path.abspath(__file__))


def test_domain_admin_and_user_see_and_act_as_cloudstack_allows(start_simulator, tmp_path):
    sim = start_simulator()
    code, out = run_tasks(os.path.join(HERE, "permissions", "tasks.yml"), sim, tmp_path)
    assert code == 0, "permissions play failed:\n%s\n--- simulator log ---\n%s" % (out[-12000:], sim.read_log()[-3000:])
