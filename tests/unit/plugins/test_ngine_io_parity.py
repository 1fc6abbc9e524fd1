"""Parity with ngine_io.cloudstack 3.3.0, as a test.

Each module here is held against its ngine_io namesake (tests/unit/data/ngine_io/interface.json, the
interface ngine_io's documentation declares): every ngine_io option and alias is accepted with a
compatible type, choices and default, and every documented return key is documented here with its
type. Each difference found must be listed, with its reason, in tests/unit/data/ngine_io/parity.yml
(status ``deliberate``, or ``open`` with the issue that closes it), and every listed difference must
still exist. docs/migration.md is rendered from that file and the interface:
``python tests/unit/plugins/test_ngine_io_parity.py`` rewrites it; a test checks it is current.
"""
import functools
import json
import os
import subprocess
import sys

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DATA = os.path.join(REPO, "tests", "unit", "data", "ngine_io")
MIGRATION_DOC = os.path.join(REPO, "docs", "migration.md")
EXAMPLE_OUTCOMES = os.path.join(REPO, "tests", "integration", "ngine_io_examples", "outcomes.yml")
COLLECTIONS = os.path.join(REPO, ".build", "collections")
ANSIBLE_DOC = os.path.join(os.path.dirname(sys.executable), "ansible-doc")
EVERY_MODULE = "*"  # parity.yml key of differences every module shares (the connection options)
STATUSES = ("deliberate", "open")

# ngine_io type -> the types here that accept every value it accepts.
WIDER_TYPES = {"str": {"list", "raw", "path"}}


def load_interface():
    with open(os.path.join(DATA, "interface.json")) as f:
        return json.load(f)["modules"]


def load_parity():
    with open(os.path.join(DATA, "parity.yml")) as f:
        return yaml.safe_load(f)


def modules_here():
    folder = os.path.join(REPO, "plugins", "modules")
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith(".py") and name != "__init__.py")


@functools.lru_cache(maxsize=None)
def documented_here(modules):
    """{module: ansible-doc --json entry} for the (tuple of) modules of this collection, as users see them."""
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false")
    out = subprocess.run([ANSIBLE_DOC, "--json", "-t", "module"] + ["cloudstack.cloud." + m for m in modules],
                         env=env, stdout=subprocess.PIPE, check=True, universal_newlines=True).stdout
    return dict((name.rsplit(".", 1)[1], entry) for name, entry in json.loads(out).items())


def accepted_names(options):
    """{name or alias: option spec} of a module's options."""
    names = {}
    for name, spec in options.items():
        for each in [name] + list(spec.get("aliases") or []):
            names[each] = spec
    return names


def compatible(theirs, ours):
    if ours.get("type") == "raw" or ours.get("type") in WIDER_TYPES.get(theirs.get("type"), ()):
        return True
    return (theirs.get("type") or "str", theirs.get("elements")) == (ours.get("type") or "str", ours.get("elements"))


def option_differences(theirs, ours):
    found = {}
    accepted = accepted_names(ours)
    for name, spec in sorted(theirs.items()):
        for each in [name] + list(spec.get("aliases") or []):
            if each not in accepted:
                found["option %s" % each] = "not accepted here"
        here = accepted.get(name)
        if here is None:
            continue
        if not compatible(spec, here):
            found["type %s" % name] = "%s%s there, %s%s here" % (
                spec.get("type"), " of %s" % spec["elements"] if spec.get("elements") else "",
                here.get("type"), " of %s" % here["elements"] if here.get("elements") else "")
        lost = sorted(set(spec.get("choices") or []) - set(here.get("choices") or spec.get("choices") or []))
        if lost:
            found["choices %s" % name] = "not accepted here: %s" % ", ".join(str(c) for c in lost)
        if spec.get("default") != here.get("default"):
            found["default %s" % name] = "%r there, %r here" % (spec.get("default"), here.get("default"))
        if here.get("required") and not spec.get("required"):
            found["required %s" % name] = "required here, optional there"
    return found


def return_differences(theirs, ours, prefix=""):
    found = {}
    for key, spec in sorted((theirs or {}).items()):
        here = (ours or {}).get(key)
        if here is None:
            found["return %s%s" % (prefix, key)] = "not returned here"
            continue
        if spec.get("type") != here.get("type"):
            found["return type %s%s" % (prefix, key)] = "%s there, %s here" % (spec.get("type"), here.get("type"))
        if spec.get("contains"):
            found.update(return_differences(spec["contains"], here.get("contains"), prefix="%s%s." % (prefix, key)))
    return found


def differences(theirs, ours):
    """{difference: what differs} between an ngine_io module's interface and ours."""
    found = option_differences(theirs.get("options") or {}, (ours["doc"].get("options") or {}))
    found.update(return_differences(theirs.get("returns"), ours.get("return")))
    return found


def only_here(parity):
    """{module: reason} of the modules here that ngine_io has no namesake of (parity.yml ``only_here``)."""
    return parity.get("only_here") or {}


def listed(parity, module):
    """{difference: entry} parity.yml lists for a module here, the ones every module shares included."""
    entries = dict((parity.get("differences") or {}).get(EVERY_MODULE) or {})
    entries.update((parity.get("differences") or {}).get(module) or {})
    return entries


@pytest.fixture(scope="module")
def ours():
    return documented_here(tuple(modules_here()))


@pytest.mark.parametrize("module", modules_here())
def test_module_matches_its_ngine_io_namesake_or_lists_why_not(module, ours):
    interface, parity = load_interface(), load_parity()
    if module in only_here(parity):
        assert module not in interface, "%s has an ngine_io namesake: remove it from only_here in parity.yml" % module
        return
    assert module in interface, ("%s has no ngine_io namesake; name it after the ngine_io module it replaces, or list "
                                 "it under only_here in parity.yml with the reason" % module)
    found = differences(interface[module], ours[module])
    entries = listed(parity, module)
    undocumented = sorted(set(found) - set(entries))
    assert not undocumented, "%s differs from ngine_io.cloudstack.%s; close it or list it in parity.yml:\n%s" % (
        module, module, "\n".join("  %s: %s" % (d, found[d]) for d in undocumented))
    stale = sorted(d for d in entries if d not in found and d not in ((parity["differences"].get(EVERY_MODULE)) or {}))
    assert not stale, "%s: listed in parity.yml but no longer different (remove them): %s" % (module, ", ".join(stale))


def test_shared_differences_hold_for_every_module(ours):
    interface, parity = load_interface(), load_parity()
    shared = (parity["differences"].get(EVERY_MODULE)) or {}
    for module in sorted(set(modules_here()) - set(only_here(parity))):
        if "api_url" not in interface[module]["options"]:
            continue  # no connection options there (metadata_facts reads the instance's metadata service)
        found = differences(interface[module], ours[module])
        stale = sorted(set(shared) - set(found))
        assert not stale, "parity.yml lists %s for every module, but %s does not differ there" % (", ".join(stale), module)


def test_every_listed_difference_has_a_status_and_a_reason():
    parity = load_parity()
    for module, entries in parity["differences"].items():
        assert module == EVERY_MODULE or module in modules_here(), "parity.yml lists differences of %s, not a module here" % module
        for difference, entry in entries.items():
            assert entry.get("status") in STATUSES, "%s / %s: status must be one of %s" % (module, difference, STATUSES)
            assert entry.get("reason"), "%s / %s: say why" % (module, difference)
            if entry["status"] == "open":
                assert entry.get("issue") in parity["issues"] or entry.get("owner"), (
                    "%s / %s: an open difference names the issue or the branch that closes it" % (module, difference))


def test_every_ngine_io_module_has_a_destination():
    interface, parity = load_interface(), load_parity()
    assert sorted(parity["modules"]) == sorted(interface)
    for module, destination in parity["modules"].items():
        if "here" in destination:
            assert destination["here"] in modules_here(), "%s: cloudstack.cloud.%s does not exist" % (module, destination["here"])
        else:
            assert destination.get("issue") in parity["issues"], "%s: name the issue that brings it" % module
    brought = set(d["here"] for d in parity["modules"].values() if "here" in d) | set(only_here(parity))
    assert brought == set(modules_here()), "modules here missing from parity.yml: %s" % sorted(set(modules_here()) - brought)
    for module, reason in only_here(parity).items():
        assert reason, "%s: say why ngine_io has no namesake (only_here in parity.yml)" % module


# --- docs/migration.md ---------------------------------------------------------------------------

def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def connection_options(interface):
    """The options every ngine_io module that talks to the API has (its connection doc fragment)."""
    return set.intersection(*[set(module["options"]) for module in interface.values() if "api_key" in module["options"]])


def option_rows(options, ours, entries):
    """One row per ngine_io option: its aliases, whether it is here, and how it differs."""
    options_here = ours["doc"].get("options") or {} if ours else {}
    option_of = dict((each, name) for name, spec in options_here.items() for each in [name] + list(spec.get("aliases") or []))
    rows = []
    for name, spec in sorted(options.items()):
        notes = ["%s: %s" % (d, e["reason"] + (" (open, #%s)" % e["issue"] if e.get("issue") else " (open)" if e["status"] == "open" else ""))
                 for d, e in sorted(entries.items()) if d.split(" ")[-1] in [name] + list(spec.get("aliases") or [])
                 and not d.startswith("return")]
        here = "`%s`" % option_of[name] if name in option_of else "not yet"
        rows.append("| `%s` | %s | %s | %s |" % (name, cell(", ".join(spec.get("aliases") or [])), here,
                                                 cell("; ".join(notes)) or ("same" if ours else "")))
    return rows


def examples_section():
    """What ngine_io's own EXAMPLES do here (tests/integration/test_ngine_io_examples.py checks each outcome)."""
    with open(EXAMPLE_OUTCOMES) as f:
        examples = yaml.safe_load(f)["examples"]
    running = [e for e in examples if e["outcome"] == "ok"]
    lines = ["", "## ngine_io's own examples", "",
             "The EXAMPLES of ngine_io's documentation for the modules here, run with only the prefix changed",
             "against the simulator (`tests/integration/test_ngine_io_examples.py`): %d of %d run unchanged." % (
                 len(running), len(examples)),
             "The others, and why:", ""]
    lines += ["- %s: %s" % (e["example"], " ".join(e["reason"].split())) for e in examples if e["outcome"] != "ok"]
    return lines


def render():
    interface, parity = load_interface(), load_parity()
    ours = documented_here(tuple(modules_here()))
    lines = [
        "<!-- Generated by tests/unit/plugins/test_ngine_io_parity.py from tests/unit/data/ngine_io/parity.yml",
        "     and ngine_io.cloudstack 3.3.0's interface; edit those and run the script, not this file. -->",
        "# Moving from ngine_io.cloudstack",
        "",
        "The modules here keep ngine_io.cloudstack's option names, aliases and meanings and its documented",
        "return keys. Change the prefix: `ngine_io.cloudstack.service_offering` becomes",
        "`cloudstack.cloud.service_offering`. The 2.x names (`cs_service_offering`, ...) resolve too, with a",
        "deprecation warning (`meta/runtime.yml`; `cs_sshkeypair` goes to `ssh_key`). Every difference from ngine_io.cloudstack 3.3.0 is listed",
        "below: *deliberate* ones stay, *open* ones are being closed. A unit test",
        "(`tests/unit/plugins/test_ngine_io_parity.py`) fails on any difference not listed here.",
        "",
        "Connection: the `api_*` options and the `CLOUDSTACK_*` environment variables and `cloudstack.ini`",
        "keep their meaning (see the README).",
        "",
        "## Where each module went",
        "",
        "| ngine_io.cloudstack | here | |",
        "| --- | --- | --- |",
    ]
    for module, destination in sorted(parity["modules"].items()):
        if "here" in destination:
            lines.append("| `%s` | `cloudstack.cloud.%s` | |" % (module, destination["here"]))
        else:
            lines.append("| `%s` | not yet | #%s (%s) |" % (module, destination["issue"], parity["issues"][destination["issue"]]))
    shared = (parity["differences"].get(EVERY_MODULE)) or {}
    connection = connection_options(interface)
    any_module = interface[sorted(interface)[0]]["options"]
    any_here = ours[modules_here()[0]]
    lines += ["", "## Connection options, the same in every module", "",
              "| option | aliases | here | difference |", "| --- | --- | --- | --- |"]
    lines += option_rows(dict((k, any_module[k]) for k in connection), any_here, shared)
    lines += examples_section()
    lines += ["", "## Options, module by module", "",
              "Every other option of every ngine_io module. For the modules not here yet, the issue above brings",
              "them with their options.", ""]
    for module, destination in sorted(parity["modules"].items()):
        here = destination.get("here")
        entries = dict((parity["differences"].get(here)) or {}) if here else {}
        title = "`%s` -> `cloudstack.cloud.%s`" % (module, here) if here else "`%s` -> not yet (#%s)" % (module, destination["issue"])
        lines += ["### %s" % title, "", "| option | aliases | here | difference |", "| --- | --- | --- | --- |"]
        options = dict((k, v) for k, v in interface[module]["options"].items() if k not in connection)
        lines += option_rows(options, ours.get(here), entries)
        returns = sorted((d, e) for d, e in entries.items() if d.startswith("return"))
        if returns:
            lines += ["", "Return values that differ:", ""]
            lines += ["- %s (%s): %s" % (d, e["status"], e["reason"]) for d, e in returns]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def test_migration_doc_is_rendered_from_the_parity_data():
    with open(MIGRATION_DOC) as f:
        current = f.read()
    assert current == render(), "docs/migration.md is stale: run python tests/unit/plugins/test_ngine_io_parity.py"


if __name__ == "__main__":
    sys.path.insert(0, COLLECTIONS)
    with open(MIGRATION_DOC, "w") as f:
        f.write(render())
