"""The inventory plugin against a recording fake client: which API calls it makes for a configuration."""
import re
import sys

import pytest
from ansible.errors import AnsibleError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader
from ansible_collections.cloudstack.cloud.plugins.module_utils.api import CloudStackApiError

try:
    from ansible.template import trust_as_template
except ImportError:  # ansible-core < 2.19 templates any string
    def trust_as_template(value):
        return value

WORLD = {
    "listZones": [{"id": "z-1", "name": "Z1"}, {"id": "z-2", "name": "Z2"}, {"id": "z-3", "name": "Z3"}],
    "listDomains": [{"id": "d-root", "name": "ROOT", "path": "ROOT"},
                    {"id": "d-a", "name": "acme", "path": "ROOT/acme"},
                    {"id": "d-b", "name": "ops", "path": "ROOT/acme/ops"},
                    {"id": "d-c", "name": "ops", "path": "ROOT/ops"}],
    "listAccounts": [{"name": "alice", "domainid": "d-a", "domainpath": "ROOT/acme"},
                     {"name": "alice", "domainid": "d-c", "domainpath": "ROOT/ops"},
                     {"name": "bob", "domainid": "d-b", "domainpath": "ROOT/acme/ops"}],
    "listProjects": [{"id": "p-1", "name": "web"}, {"id": "p-2", "name": "db"}],
    "listPortForwardingRules": [], "listHosts": [],
}


class FakeClient:
    """Answers list commands from WORLD and listVirtualMachines with `vms` instances; records every call.

    Commands in `refused` fail as CloudStack does for a command the caller's role lacks."""
    requests = []
    vms = 0
    refused = ()

    def __init__(self, config, logger=None):
        self.calls = 0

    def list(self, command, **params):
        self.calls += 1
        FakeClient.requests.append((command, params))
        if command in FakeClient.refused:
            raise CloudStackApiError(command, 432, "The given command does not exist or it is not available for the user")
        return list(WORLD[command])

    def call(self, command, **params):
        self.calls += 1
        FakeClient.requests.append((command, params))
        first = (params["page"] - 1) * params["pagesize"]
        items = [{"id": "vm-%05d" % i, "name": "vm%d" % i, "state": "Running"}
                 for i in range(first, min(first + params["pagesize"], FakeClient.vms))]
        return {"count": FakeClient.vms, "virtualmachine": items} if items else {}


@pytest.fixture
def inventory(tmp_path, monkeypatch):
    plugin = inventory_loader.get("cloudstack.cloud.cloudstack")
    module = sys.modules[type(plugin).__module__]
    monkeypatch.setattr(module, "CloudStackClient", FakeClient)
    for name, value in (("CLOUDSTACK_ENDPOINT", "http://cloud.invalid/client/api"), ("CLOUDSTACK_KEY", "k"),
                        ("CLOUDSTACK_SECRET", "s")):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("CLOUDSTACK_CONFIG", raising=False)
    monkeypatch.delenv("CLOUDSTACK_REGION", raising=False)
    FakeClient.requests, FakeClient.vms, FakeClient.refused = [], 0, ()

    def run(config, vms=0):
        FakeClient.vms = vms
        source = tmp_path / "unit.cloudstack.yml"
        source.write_text("plugin: cloudstack.cloud.cloudstack\n" + config)
        data = InventoryData()
        plugin.parse(data, DataLoader(), str(source), cache=False)
        return data
    run.plugin = plugin  # the parsed instance (older cores' loader gives a new one per get)
    return run


def vm_scopes():
    scopes = [dict((k, v) for k, v in params.items() if k not in ("page", "pagesize", "listall", "details"))
              for command, params in FakeClient.requests if command == "listVirtualMachines" and params["page"] == 1]
    return sorted(scopes, key=lambda s: sorted(s.items()))


def test_default_scope_is_running_instances_outside_projects(inventory):
    inventory("")
    vm_calls = [params for command, params in FakeClient.requests if command == "listVirtualMachines"]
    assert vm_calls == [{"listall": True, "details": "group,nics,secgrp,tmpl,servoff,affgrp", "state": "Running",
                         "page": 1, "pagesize": 500}]
    assert sorted(request[0] for request in FakeClient.requests) == [
        "listPortForwardingRules", "listVirtualMachines"]


def test_zones_projects_and_tags_are_pushed_to_the_api(inventory):
    inventory("zones: [Z1, z-2]\nprojects: [all, db]\ninstances_outside_projects: true\nstates: []\n"
              "tags: {env: prod, role: web}\n")
    tags = [{"key": "env", "value": "prod"}, {"key": "role", "value": "web"}]
    assert vm_scopes() == sorted([
        {"zoneid": zone, "tags": tags, **project}
        for zone in ("z-1", "z-2") for project in ({}, {"projectid": "-1"}, {"projectid": "p-2"})],
        key=lambda s: sorted(s.items()))
    address_scopes = sorted(str(params.get("projectid")) for command, params in FakeClient.requests
                            if command == "listPortForwardingRules")
    assert address_scopes == ["-1", "None", "p-2"]


def test_domains_by_path_and_accounts_within_them(inventory):
    inventory("domains: [ROOT/acme]\naccounts: [alice, bob]\n")
    assert vm_scopes() == [{"account": "alice", "domainid": "d-a", "state": "Running"},
                           {"account": "bob", "domainid": "d-b", "state": "Running"}]


def test_project_scopes_keep_the_domain_but_not_the_account(inventory):
    inventory("domains: [acme]\naccounts: [bob]\nprojects: [web]\n")
    assert vm_scopes() == [{"domainid": "d-a", "isrecursive": True, "projectid": "p-1", "state": "Running"}]


def test_pages_are_all_fetched_and_each_instance_listed_once(inventory):
    data = inventory("", vms=1201)
    pages = sorted(params["page"] for command, params in FakeClient.requests if command == "listVirtualMachines")
    assert pages == [1, 2, 3]
    assert len(data.hosts) == 1201
    assert data.get_host("vm1200").vars["id"] == "vm-01200"
    assert data.get_host("vm1200").vars["instance_name"] == "vm1200"


def test_a_role_without_the_address_commands_still_gets_its_instances(inventory):
    FakeClient.refused = ("listPortForwardingRules",)
    data = inventory("", vms=3)
    assert sorted(data.hosts) == ["vm0", "vm1", "vm2"]
    assert data.get_host("vm0").vars["public_ip"] is None


def test_other_api_errors_stop_with_a_clear_message(inventory):
    FakeClient.refused = ("listZones",)
    with pytest.raises(AnsibleError) as error:
        inventory("zones: [Z1]\n")
    assert "CloudStack API listZones failed: errorcode 432" in str(error.value)


@pytest.mark.parametrize("config, message", [
    ("zones: [Nowhere]\n", "zones: zone 'Nowhere' not found in region cloudstack; existing: Z1, Z2, Z3"),
    ("domains: [ops]\n", "domains: domain 'ops' is ambiguous in region cloudstack: it matches 2 of them: "),
    ("accounts: [carol]\n", "accounts: account 'carol' not found in region cloudstack; existing: alice, bob"),
    ("projects: [mail]\n", "projects: project 'mail' not found in region cloudstack; existing: db, web"),
    ("filter: 'state ==== x'\n", "filter: 'state ==== x' is not a valid JMESPath expression"),
    ("regions: [{name: a, api_ur: x}]\n", "regions[0]: unknown option(s) api_ur; allowed: name, api_url"),
    ("regions: [{api_key: a}, {api_key: b}]\n", "regions: several entries are named cloudstack; give each a distinct name"),
    ("concurrency: 0\n", "concurrency must be at least 1, got 0"),
    ("api_verify_ssl_cert: maybe\n", "connection: api_verify_ssl_cert (CLOUDSTACK_VERIFY, ini key verify) must be true, "
                                     "false or the path of a CA bundle file, got 'maybe', which is not a file"),
    ("api_timeout: 0\n", "connection: api_timeout (CLOUDSTACK_TIMEOUT, ini key timeout) must be a whole number of "
                         "seconds greater than 0, got 0"),
    ("regions: [{name: a, validate_certs: false, api_timeout: -1}]\n", "regions[0]: api_timeout (CLOUDSTACK_TIMEOUT"),
    ("hostvars_prefix: cs-\n", "hostvars_prefix: 'cs-' does not make valid variable names"),
    ("zonez: [Z1]\nstate: [Running]\n", "unit.cloudstack.yml: unknown option(s) state, zonez; see ansible-doc"),
])
def test_bad_configuration_is_a_clear_error(inventory, config, message):
    with pytest.raises(AnsibleError) as error:
        inventory(config)
    assert message in str(error.value)


@pytest.mark.parametrize("expression", ["zone", " tags.env ", "tags", "networks", "memory", "tags.missing", "nothing",
                                        "tags.items", "true", "name ~ '.example'", "tags['env']"])
def test_direct_variable_lookup_agrees_with_jinja(inventory, expression):
    inventory("")
    plugin = inventory.plugin
    hostvars = {"zone": "Z1", "memory": 512, "name": "web1", "tags": {"env": "prod"}, "networks": [{"name": "n"}]}

    def outcome(compose):
        try:
            value = compose(trust_as_template(expression), hostvars)
        except Exception as exc:  # the same failure, whichever path evaluates it
            return "error", type(exc).__name__
        # older cores render a method (tags.items) as its repr, with the address of a copy of the dict
        return "value", re.sub(r" at 0x[0-9a-f]+", "", value) if isinstance(value, str) else value

    jinja = outcome(lambda expr, variables: super(type(plugin), plugin)._compose(expr, variables))
    assert outcome(plugin._compose) == jinja
