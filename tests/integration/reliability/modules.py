"""The collection's modules, run in this process against a simulator (as the unit tests run them: much faster than
one ansible-playbook per case), with their argument specs and the arguments their smoke plays start with."""
import contextlib
import importlib
import io
import json
import os
import re
import signal
import traceback

import yaml
from ansible.module_utils import basic

import collection
from module_args import patch_module_args

REPO = collection.REPO
SMOKE_TASKS = os.path.join(REPO, "tests", "smoke", "tasks")
MODULES = sorted(name[:-3] for name in os.listdir(os.path.join(REPO, "plugins", "modules"))
                 if name.endswith(".py") and name != "__init__.py")
CASE_TIMEOUT = 60  # seconds one module run may take before it counts as hung

collection.import_in_process()


def load(name):
    return importlib.import_module("ansible_collections.cloudstack.cloud.plugins.modules." + name)


class _Spec(Exception):
    pass


def argument_spec(name):
    """(argument_spec, AnsibleModule keyword arguments) the module builds, connection options included."""
    def capture(self, argument_spec, **kwargs):
        raise _Spec(argument_spec, kwargs)
    original = basic.AnsibleModule.__init__
    basic.AnsibleModule.__init__ = capture
    try:
        with patch_module_args({}):
            load(name).main()
    except _Spec as spec:
        return spec.args
    finally:
        basic.AnsibleModule.__init__ = original
    raise AssertionError("module %s built no AnsibleModule" % name)


def resource_of(name):
    """The module's Resource declaration (create/list/delete commands), or None."""
    from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Resource
    found = [value for value in vars(load(name)).values() if isinstance(value, Resource)]
    return found[0] if len(found) == 1 else None


LITERAL = re.compile(r"^\{\{\s*'([^'{}]*)'\s*\}\}$")  # a quoted literal in a template: "{{ 'smoke-secret' }}"


def literal(value):
    """A value with its quoted-literal templates resolved (what Ansible would make of them)."""
    if isinstance(value, dict):
        return dict((k, literal(v)) for k, v in value.items())
    if isinstance(value, list):
        return [literal(v) for v in value]
    found = LITERAL.match(value) if isinstance(value, str) else None
    return found.group(1) if found else value


def smoke_args(name):
    """The arguments of the first task of tests/smoke/tasks/<name>.yml that runs the module (none for an info module
    called bare), or None when they are templated (they name what earlier tasks made)."""
    with open(os.path.join(SMOKE_TASKS, name + ".yml")) as f:
        tasks = yaml.safe_load(f)
    for task in tasks:
        if "cloudstack.cloud." + name in task:
            args = literal(task["cloudstack.cloud." + name] or {})
            return None if "{{" in json.dumps(args) else args
    return None


class Hung(Exception):
    pass


def _alarm(signum, frame):
    raise Hung("the module ran longer than %s seconds" % CASE_TIMEOUT)


def run(name, args, sim, check_mode=False, diff=False, timeout=None):
    """Run module ``name`` with ``args`` against ``sim``. Returns its result dict; a run that raised (a traceback)
    or printed no JSON returns {"failed": True, "traceback": ...} or {"failed": True, "module_failure": ...}."""
    args = dict(args, api_url=sim.endpoint, api_key=sim.key, api_secret=sim.secret,
                _ansible_check_mode=check_mode, _ansible_diff=diff)
    if timeout:
        args["api_timeout"] = timeout
    out = io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(CASE_TIMEOUT)
    try:
        with patch_module_args(args), contextlib.redirect_stdout(out):
            load(name).main()
    except SystemExit:
        pass
    except Exception:  # what a real run prints as a Traceback / MODULE FAILURE
        return {"failed": True, "traceback": traceback.format_exc()}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    text = out.getvalue()
    try:
        return json.loads(text[text.index("{"):])
    except ValueError:
        return {"failed": True, "module_failure": text[-2000:]}


def comparable(result):
    """A result without what differs from run to run (calls made, warnings of retries)."""
    varying = ("api_calls", "api_log", "warnings", "deprecations", "invocation")
    return dict((k, v) for k, v in result.items() if k not in varying)
