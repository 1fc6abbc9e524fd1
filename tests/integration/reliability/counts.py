"""The figures of the closing note: each test adds its counts to a file of its own under tests/output/reliability/;
tests/integration/conftest.py sums them into tests/output/reliability.json at the end of the session (xdist
workers included) and prints them."""
import json
import os
import re

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUTPUT = os.path.join(REPO, "tests", "output")
PARTS = os.path.join(OUTPUT, "reliability")
KEYS = ("inputs_tried", "faults_injected", "faults_survived", "leaks_found", "tracebacks_found", "modules_covered",
        "bad_input_modules", "read_fault_modules", "write_fault_modules")


def record(test_id, **counts):
    os.makedirs(PARTS, exist_ok=True)
    with open(os.path.join(PARTS, re.sub(r"[^\w.-]", "_", test_id) + ".json"), "w") as f:
        json.dump(counts, f)


def summary():
    """The sums of every recorded test, written to tests/output/reliability.json; None when no test recorded."""
    if not os.path.isdir(PARTS):
        return None
    total = dict((key, 0) for key in KEYS)
    tests = 0
    for name in sorted(os.listdir(PARTS)):
        with open(os.path.join(PARTS, name)) as f:
            counts = json.load(f)
        tests += 1
        for key, value in counts.items():
            total[key] = total.get(key, 0) + value
    if not tests:
        return None
    total["tests"] = tests
    total["modules"] = len([n for n in os.listdir(os.path.join(REPO, "plugins", "modules")) if n.endswith(".py")
                            and n != "__init__.py"])
    with open(os.path.join(OUTPUT, "reliability.json"), "w") as f:
        json.dump(total, f, indent=1, sort_keys=True)
    return total


def reset():
    if os.path.isdir(PARTS):
        for name in os.listdir(PARTS):
            try:
                os.unlink(os.path.join(PARTS, name))
            except FileNotFoundError:  # another session in this tree cleared it first
                pass


def closing_note(total):
    """The figures as the closing note quotes them."""
    return ("faults injected %(faults_injected)s, survived %(faults_survived)s; bad inputs tried %(inputs_tried)s; "
            "leaks found %(leaks_found)s; tracebacks %(tracebacks_found)s; modules (of %(modules)s) under bad input "
            "%(bad_input_modules)s, read faults %(read_fault_modules)s, write faults %(write_fault_modules)s; "
            "%(tests)s tests" % total)
