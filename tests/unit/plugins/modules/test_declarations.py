"""Every module speaks the API of the catalogue, hooks included: commands, parameters, returned keys.

Each module is held against CloudStack 4.22 (simulator/cloudstack_simulator/data/api-4.22.json) and 4.18, the
oldest supported (tests/unit/data/cloudstack_api/listApis-4.18.json, names from a 4.18 listApis): what 4.18
lacks must be declared in the module's ``since`` (``{"command" or "command.parameter": "version"}``).
Besides the declared fields, the requests that hooks send are found in the module's source: every
``write``/``call``/``list`` call naming its command, directly or through a helper's ``command`` argument.
instance_fleet builds its requests for ``client.submit_all``, which the scan cannot read: a run of it for each state
records what it sends (test_instance_fleet_sends_catalogue_parameters).
"""
import ast
import importlib
import json
import os

import pytest

from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import REFERENCES
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Info, Resource

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
MODULES_DIR = os.path.join(REPO, "plugins", "modules")
with open(os.path.join(REPO, "simulator", "cloudstack_simulator", "data", "api-4.22.json")) as f:
    CATALOGUE = json.load(f)["commands"]
with open(os.path.join(REPO, "tests", "unit", "data", "cloudstack_api", "listApis-4.18.json")) as f:
    OLDEST = json.load(f)["commands"]
MODULES = sorted(name[:-3] for name in os.listdir(MODULES_DIR) if name.endswith(".py"))
API_METHODS = ("write", "call", "list")
NOT_PARAMETERS = ("wait",)  # keyword arguments of the client, not of the API


def declarations():
    for name in MODULES:
        module = importlib.import_module("ansible_collections.cloudstack.cloud.plugins.modules." + name)
        for value in vars(module).values():
            if isinstance(value, (Resource, Info)):
                yield pytest.param(name, value, id=name)


def params_of(command):
    assert command in CATALOGUE, "%s is not a CloudStack 4.22 command" % command
    return CATALOGUE[command]["params"]


# --- the requests a module's source sends ---------------------------------------------------------------

def keywords(call):
    return set(k.arg for k in call.keywords if k.arg and k.arg not in NOT_PARAMETERS)


def argument(call, index, name):
    """The expression passed for a function's parameter ``name`` (position ``index``) in one call, or None."""
    by_name = [k.value for k in call.keywords if k.arg == name]
    return by_name[0] if by_name else (call.args[index] if len(call.args) > index else None)


def constant(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def sent_requests(source):
    """{(command, frozenset(parameters))} the source sends, and the lines whose command it cannot tell."""
    tree = ast.parse(source)
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    found, unknown = set(), []
    for function in functions:
        arguments = [a.arg for a in function.args.args]
        for call in ast.walk(function):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in API_METHODS and call.args):
                continue
            command = call.args[0]
            if constant(command):
                found.add((constant(command), frozenset(keywords(call))))
            elif isinstance(command, ast.Name) and command.id in arguments:
                # a helper sending the command its caller names: each caller's constant, with both calls' parameters
                index = arguments.index(command.id)
                callers = [c for c in calls if isinstance(c.func, ast.Name) and c.func.id == function.name]
                for caller in callers:
                    name = constant(argument(caller, index, command.id))
                    if name:
                        found.add((name, frozenset(keywords(call) | (keywords(caller) - set(arguments)))))
                    else:
                        unknown.append(caller.lineno)
            else:
                unknown.append(call.lineno)
    return found, unknown


def module_requests(name):
    with open(os.path.join(MODULES_DIR, name + ".py")) as f:
        return sent_requests(f.read())


def test_the_scan_finds_direct_and_helper_requests():
    found, unknown = sent_requests(
        "def helper(engine, host, command, **params):\n"
        "    engine.write(command, id=host['id'], wait=False, **params)\n"
        "def converge(engine, host):\n"
        "    helper(engine, host, 'updateHost', allocationstate='Enable')\n"
        "    engine.client.list('listHosts', type='Routing')\n"
        "    engine.write(pick(), id=1)\n")
    assert found == {("updateHost", frozenset(["id", "allocationstate"])), ("listHosts", frozenset(["type"]))}
    assert unknown == [6]


# --- the checks -----------------------------------------------------------------------------------------

def uses(declaration):
    """(command, parameter or None) for what a declaration sends by its fields (hooked commands aside)."""
    if isinstance(declaration, Info):
        filters = declaration.filters + ([declaration.match] if declaration.match else [])
        return [(declaration.list_command, None)] + [(declaration.list_command, f.create) for f in filters]
    used = [(c, None) for c in (declaration.list_command, declaration.create_command, declaration.update_command,
                                declaration.delete_command) if c]
    for field in declaration.fields:
        if field.create and declaration.create_command and "create" not in declaration.hooks:
            used.append((declaration.create_command, field.create))
        if field.update and declaration.update_command and "prepare_update" not in declaration.hooks:
            used += [(declaration.update_command, p) for p in (field.update, field.clear) if p]
    used += [(declaration.list_command, p) for p in list(declaration.scope.values()) + list(declaration.list_params)]
    used += [(declaration.delete_command, p) for p in declaration.delete_params]
    return used


def hook_uses(name):
    found, _unknown = module_requests(name)
    return [(command, None) for command, _params in found] + [(command, p) for command, params in found for p in params]


def missing_in_oldest(used, since):
    """What CloudStack 4.18 lacks among ``used``, undeclared in ``since``."""
    missing = []
    for command, param in sorted(set(used), key=str):
        key = command if param is None else "%s.%s" % (command, param)
        if key in since or command in since:
            continue
        if command not in OLDEST or (param is not None and param not in OLDEST[command]["params"]):
            missing.append(key)
    return missing


@pytest.mark.parametrize("name, declaration", list(declarations()))
def test_declaration_matches_the_catalogue(name, declaration):
    listed = params_of(declaration.list_command)
    returned = set(CATALOGUE[declaration.list_command]["response"])
    if isinstance(declaration, Info):
        for field in declaration.filters + ([declaration.match] if declaration.match else []):
            assert field.create in listed or (field.create is None and (declaration.find or declaration.select)), (
                "%s filters on unknown parameter %s" % (declaration.list_command, field.create))
        return
    create = params_of(declaration.create_command) if declaration.create_command else {}
    update = params_of(declaration.update_command) if declaration.update_command else {}
    # Hooks that send their own commands (an instance's scaling, ...) take some parameters elsewhere.
    create_hooked = "create" in declaration.hooks
    update_hooked = "prepare_update" in declaration.hooks
    found_by_hook = "find" in declaration.hooks  # it may derive compared keys (e.g. network ids from nics)
    for field in declaration.fields:
        if field.create and not create_hooked:
            assert field.create in create, "%s has no parameter %s (option %s)" % (declaration.create_command, field.create, field.option)
        if field.update and not update_hooked:
            assert field.update in update, "%s has no parameter %s (option %s)" % (declaration.update_command, field.update, field.option)
        if field.compare and field.returned and not found_by_hook:
            assert field.returned in returned, "%s returns no %s (option %s)" % (declaration.list_command, field.returned, field.option)
        if field.ref:
            assert field.ref in REFERENCES
    for list_param in list(declaration.scope.values()) + list(declaration.list_params):
        assert list_param in listed, "%s has no parameter %s" % (declaration.list_command, list_param)
    if declaration.delete_command:
        assert set(declaration.delete_params) <= set(params_of(declaration.delete_command))


@pytest.mark.parametrize("name, declaration", [p for p in declarations() if isinstance(p.values[1], Resource)])
def test_scope_names_matched_in_the_listing_are_returned_by_it(name, declaration):
    """A scope reference the engine matches by name in the listing instead of looking it up (Engine.deferrable) must
    be named in that listing's response, in 4.22 and in 4.18: otherwise nothing would match, and the task would
    create a second resource."""
    for option in declaration.scope:
        field = declaration.by_option[option]
        if field.ref_name and REFERENCES[field.ref].narrows:
            for catalogue in (CATALOGUE, OLDEST):
                assert field.ref_name in catalogue[declaration.list_command]["response"], (
                    "%s returns no %s (scope option %s)" % (declaration.list_command, field.ref_name, option))


# Modules that send the command their task names (api_request asks listApis about it first).
SEND_ANY_COMMAND = ("api_request",)


@pytest.mark.parametrize("name", MODULES)
def test_requests_hooks_send_are_in_the_catalogue(name):
    found, unknown = module_requests(name)
    assert not unknown or name in SEND_ANY_COMMAND, "%s: lines %s send a command this test cannot name; pass it as a string constant" % (name, unknown)
    for command, params in found:
        unknown_params = sorted(set(params) - set(params_of(command)))
        assert not unknown_params, "%s sends %s with parameters CloudStack 4.22 does not have: %s" % (name, command, unknown_params)


@pytest.mark.parametrize("name, declaration", list(declarations()))
def test_module_runs_on_the_oldest_supported_cloudstack(name, declaration):
    missing = missing_in_oldest(uses(declaration) + hook_uses(name), declaration.since)
    assert not missing, ("%s uses what CloudStack 4.18 does not have: %s; declare each in since= with the version "
                         "that brought it, and make sure the module still works without it" % (name, ", ".join(missing)))


def test_since_declarations_name_what_is_really_newer():
    for param in list(declarations()):
        name, declaration = param.values
        for key, version in declaration.since.items():
            command, parameter = (key.split(".", 1) + [""])[:2]
            assert tuple(int(n) for n in version.split(".")) > (4, 18), "%s: %s is declared newer than 4.18 with version %s" % (
                name, key, version)
            assert command not in OLDEST or (parameter and parameter not in OLDEST[command]["params"]), (
                "%s: CloudStack 4.18 already has %s; drop it from since" % (name, key))


def test_an_undeclared_newer_parameter_fails_the_oldest_check():
    assert missing_in_oldest([("listNetworks", "name"), ("listZones", "name")], {}) == ["listNetworks.name"]
    assert missing_in_oldest([("listNetworks", "name")], {"listNetworks.name": "4.19"}) == []
    assert missing_in_oldest([("listNoSuchThing", None)], {}) == ["listNoSuchThing"]


def test_references_use_real_list_parameters():
    for reference in REFERENCES.values():
        listed = params_of(reference.command)
        assert set(reference.params) <= set(listed), reference.command
        assert reference.name_param is None or reference.name_param in listed, reference.command
        if reference.command not in OLDEST:
            assert reference.command in reference.since, "%s: CloudStack 4.18 has no such command; declare it in the Reference's since" % (
                reference.command)
            continue
        oldest = OLDEST[reference.command]["params"]
        missing = sorted(p for p in list(reference.params) + [reference.name_param] if p and p not in oldest and p not in reference.since)
        assert not missing, "%s: CloudStack 4.18 has no %s; declare it in the Reference's since" % (reference.command, missing)


class RecordingEngine:
    """Just enough of the Engine for a module's hooks: records the commands and parameters they send."""

    def __init__(self, params, listed):
        self.params = params
        self.check_mode = False
        self.sent = []
        self.client = self
        self.wait_timeout, self.poll_interval = 5, 0.01
        self.listed = listed

    def list(self, command, **params):
        self.sent.append((command, params))
        return [dict(self.listed)]

    def write(self, command, wait=True, **params):
        self.sent.append((command, params))

    def extract(self, answer):
        return None

    def note(self, option, before, after):
        pass

    def fail(self, msg):
        raise AssertionError(msg)


def test_host_hooks_send_catalogue_parameters():
    from ansible_collections.cloudstack.cloud.plugins.modules import host
    host_record = {"id": "h1", "name": "10.0.0.1", "ipaddress": "10.0.0.1", "resourcestate": "Maintenance"}
    engine = RecordingEngine({"name": "10.0.0.1", "allocation_state": "maintenance"}, host_record)
    host.find_host(engine)
    host.converge_allocation(engine, dict(host_record, resourcestate="Disabled"))  # enable, prepare, wait
    engine.params["allocation_state"] = "disabled"
    host.converge_allocation(engine, host_record)  # cancel, disable
    host.delete_in_maintenance(engine, dict(host_record, resourcestate="Enabled"))  # prepare, wait, delete
    commands = [command for command, _params in engine.sent]
    for command in ("listHosts", "updateHost", "prepareHostForMaintenance", "cancelHostMaintenance", "deleteHost"):
        assert command in commands
    for command, params in engine.sent:
        assert set(params) <= set(params_of(command)), "%s has no parameter among %s" % (command, sorted(params))


class FleetDouble:
    """The module, lookup and client of an instance_fleet run: names resolve to ids, every submitted job succeeds,
    and every command (with its parameters) that the fleet sends through ``submit_all`` is recorded."""

    def __init__(self, params, listed):
        self.params, self.listed, self.sent = params, listed, []
        self.lookup = self.client = self
        self.check_mode = False

    def id(self, kind, value, **scope):
        return "%s-id" % value

    def ids(self, kind, values, **scope):
        return [self.id(kind, value) for value in values]

    def list(self, command, **params):
        self.sent.append((command, params))
        return [dict(vm) for vm in self.listed]

    def submit_all(self, commands):
        self.sent.extend((command, params) for _key, command, params in commands)
        return dict((key, {"jobid": "job-%s" % key, "id": "%s-id" % key}) for key, _command, _params in commands)

    def outcomes(self, jobs, wait_timeout=None):
        return dict((key, {}) for key in jobs)

    def exit(self, **result):
        pass

    def fail(self, msg, **result):
        raise AssertionError(msg)


def test_instance_fleet_sends_catalogue_parameters():
    """instance_fleet builds its requests apart from the engine and sends them through submit_all: a run for each
    state, every option set, an instance to deploy and existing ones in every state, records them all."""
    from ansible_collections.cloudstack.cloud.plugins.modules import instance_fleet
    common = dict(zone="zone1", template="tpl", service_offering="small", networks=["net"], security_groups=["sg"],
                  affinity_groups=["ag"], ssh_keys=["key"], tags={"role": "web"}, user_data="#cloud-config", display_name="web")
    listed = [dict(id="%s-id" % state, name=state, state=state, zonename="zone1") for state in ("Running", "Stopped", "Destroyed")]
    sent = []
    for state in instance_fleet.WALKS:
        params = dict(common, instances=[dict(name="new")] + [dict(name=vm["name"]) for vm in listed], count=None,
                      name_pattern=None, state=state, domain="ROOT", account="admin", project=None, wait=True, wait_timeout=5)
        double = FleetDouble(params, listed)
        instance_fleet.Fleet(double).run()
        sent += double.sent
    commands = set(command for command, _params in sent)
    assert {"deployVirtualMachine", "createTags", "startVirtualMachine", "stopVirtualMachine", "destroyVirtualMachine",
            "recoverVirtualMachine", "expungeVirtualMachine"} <= commands, sorted(commands)
    for command, params in sent:
        assert set(params) <= set(params_of(command)), "instance_fleet sends %s with parameters CloudStack 4.22 does not have: %s" % (
            command, sorted(set(params) - set(params_of(command))))
    missing = missing_in_oldest([(command, None) for command in commands] + [(command, p) for command, params in sent for p in params], {})
    assert not missing, "instance_fleet sends what CloudStack 4.18 does not have: %s" % ", ".join(missing)
