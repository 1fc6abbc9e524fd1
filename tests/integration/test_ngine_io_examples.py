"""ngine_io.cloudstack's documented EXAMPLES, run with only the module prefix changed, against a strict simulator.

ngine_io_examples/examples.yml holds them verbatim, with their origin. ngine_io_examples/outcomes.yml gives the
``setup`` tasks that complete the world the examples assume (beside the sandbox; ``~/.ssh/id_rsa.pub`` exists
too), the order the examples run in, on one simulator, and what each does: ``ok``, or ``failed`` with the
reason it cannot run here. The test fails when an
outcome differs from the one listed (a regression, or an example that now runs: update the list), and prints
how many run unchanged. `pytest -s tests/integration/test_ngine_io_examples.py` shows the count.
"""
import json
import os

import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from simulator_plays import run_playbook

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "ngine_io_examples")
OLD_PREFIX, NEW_PREFIX = "ngine_io.cloudstack.", "cloudstack.cloud."


def load(name):
    with open(os.path.join(DATA, name)) as f:
        return yaml.safe_load(f)


def examples():
    """{"<module> <n>": task} with the prefix changed, n counting from 1 in the documented order."""
    tasks = {}
    for module, source in load("examples.yml").items():
        for number, task in enumerate(yaml.safe_load(source["examples"].replace(OLD_PREFIX, NEW_PREFIX)), 1):
            tasks["%s %d" % (module, number)] = task
    return tasks


def playbook(setup, order):
    every = examples()
    assert sorted(order) == sorted(every), "outcomes.yml must list every example once"
    tasks = setup + [dict(every[name], ignore_errors=True) for name in order]  # one failing example must not stop the rest
    return [{"hosts": "localhost", "connection": "local", "gather_facts": False,
             "vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"}, "tasks": tasks}]


def test_ngine_io_examples_run_with_the_prefix_changed(start_simulator, tmp_path):
    outcomes_file = load("outcomes.yml")
    setup, expected = outcomes_file["setup"], outcomes_file["examples"]
    for entry in expected:
        assert entry["outcome"] == "ok" or entry.get("reason"), "%s: say why it cannot run here" % entry["example"]
    order = [entry["example"] for entry in expected]
    (tmp_path / "playbook.yml").write_text(yaml.safe_dump(playbook(setup, order), sort_keys=False))
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id_rsa.pub").write_bytes(rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
                                               .public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH))
    sim = start_simulator()
    outcomes = tmp_path / "outcomes.jsonl"
    out = run_playbook(tmp_path / "playbook.yml", sim, tmp_path, HOME=str(home), EXAMPLE_OUTCOMES=str(outcomes),
                       ANSIBLE_CALLBACK_PLUGINS=os.path.join(DATA, "callback_plugins"),
                       ANSIBLE_CALLBACKS_ENABLED="example_outcomes")[1]  # the outcomes file says how it went
    assert outcomes.exists(), out[-5000:]
    actual = [json.loads(line) for line in outcomes.read_text().splitlines()]
    assert [a["outcome"] for a in actual[:len(setup)]] == ["ok"] * len(setup), out[-5000:]
    actual = actual[len(setup):]
    assert len(actual) == len(expected), out[-5000:]
    report = ["%-20s %-7s %s" % (e["example"], a["outcome"], a["msg"].split("\n")[0][:160]) for e, a in zip(expected, actual)]
    unchanged = sum(1 for a in actual if a["outcome"] == "ok")
    print("\n%d of %d ngine_io examples run unchanged\n%s" % (unchanged, len(actual), "\n".join(report)))
    differing = ["%s: listed %s, was %s (%s)" % (e["example"], e["outcome"], a["outcome"], a["msg"][:300])
                 for e, a in zip(expected, actual) if e["outcome"] != a["outcome"]]
    assert not differing, "outcomes differ from ngine_io_examples/outcomes.yml:\n" + "\n".join(differing)
