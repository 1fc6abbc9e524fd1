"""Every module declaration speaks the API of the catalogue: commands, parameters, returned keys."""
import importlib
import json
import os

import pytest

from ansible_collections.cloudstack.cloud.plugins.module_utils.lookup import REFERENCES
from ansible_collections.cloudstack.cloud.plugins.module_utils.resource import Info, Resource

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
with open(os.path.join(REPO, "simulator", "cloudstack_simulator", "data", "api-4.22.json")) as f:
    CATALOGUE = json.load(f)["commands"]
MODULES = sorted(name[:-3] for name in os.listdir(os.path.join(REPO, "plugins", "modules")) if name.endswith(".py"))


def declarations():
    for name in MODULES:
        module = importlib.import_module("ansible_collections.cloudstack.cloud.plugins.modules." + name)
        for value in vars(module).values():
            if isinstance(value, (Resource, Info)):
                yield pytest.param(value, id=name)


def params_of(command):
    assert command in CATALOGUE, "%s is not a CloudStack 4.22 command" % command
    return CATALOGUE[command]["params"]


@pytest.mark.parametrize("declaration", list(declarations()))
def test_declaration_matches_the_catalogue(declaration):
    listed = params_of(declaration.list_command)
    returned = set(CATALOGUE[declaration.list_command]["response"])
    if isinstance(declaration, Info):
        for field in declaration.filters + ([declaration.match] if declaration.match else []):
            assert field.create in listed or (field.create is None and declaration.find), "%s filters on unknown parameter %s" % (declaration.list_command, field.create)
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


def test_references_use_real_list_parameters():
    for reference in REFERENCES.values():
        listed = params_of(reference.command)
        assert set(reference.params) <= set(listed), reference.command
        assert reference.name_param is None or reference.name_param in listed, reference.command


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
