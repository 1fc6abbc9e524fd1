"""Every string of the API answers is data: with a Jinja payload in each field the plugin reads
(including those real CloudStack restricts, such as the instance name), templating any host
variable, the host name or the group names of the built inventory runs nothing. Runs under every
supported ansible-core (`make test-cores`); the end-to-end check is
tests/integration/inventory/test_inventory_untrusted.py."""
import json
import os
import sys

import pytest
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader
from ansible.template import Templar

try:
    from ansible.template import trust_as_template
except ImportError:  # ansible-core < 2.19 templates any string
    def trust_as_template(value):
        return value

MARKER = "pwned-"


def payload(field):
    return ("{{ lookup('pipe', 'touch %s%s') }}{%% if lookup('pipe', 'touch %s%s-block') %%}{%% endif %%}"
            % (MARKER, field, MARKER, field))


VM_FIELDS = ("id", "name", "displayname", "instancename", "zonename", "zoneid", "hostname", "hostid", "hypervisor",
             "templatename", "templateid", "osdisplayname", "serviceofferingname", "serviceofferingid", "group",
             "project", "projectid", "account", "domain", "domainid", "created", "publicip")
NIC_FIELDS = ("networkname", "ipaddress", "ip6address", "macaddress")


def payload_vm():
    vm = dict((field, payload(field)) for field in VM_FIELDS)
    vm.update(state="Running", cpunumber=1, cpuspeed=500, memory=512, haenable=False,
              nic=[dict([(field, payload("nic_" + field)) for field in NIC_FIELDS], isdefault=True)],
              securitygroup=[{"name": payload("securitygroup")}], affinitygroup=[{"name": payload("affinitygroup")}],
              tags=[{"key": payload("tag_key"), "value": payload("tag_value")}])
    return vm


class PayloadClient:
    """One instance with every string a payload, on a host in a pod with a payload name."""

    def __init__(self, config, logger=None):
        self.calls = 0

    def list(self, command, **params):
        if command == "listHosts":
            return [{"id": payload("hostid"), "podid": payload("podid"), "podname": payload("podname")}]
        if command == "listPortForwardingRules":
            return [{"virtualmachineid": payload("id"), "ipaddress": payload("rule_ipaddress"), "publicport": "2222",
                     "privateport": "22", "protocol": "tcp"}]
        return []

    def call(self, command, **params):
        return {"count": 1, "virtualmachine": [payload_vm()]}


@pytest.fixture
def inventory(tmp_path, monkeypatch):
    plugin = inventory_loader.get("cloudstack.cloud.cloudstack")
    monkeypatch.setattr(sys.modules[type(plugin).__module__], "CloudStackClient", PayloadClient)
    for name, value in (("CLOUDSTACK_ENDPOINT", "http://cloud.invalid/client/api"), ("CLOUDSTACK_KEY", "k"),
                        ("CLOUDSTACK_SECRET", "s")):
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("CLOUDSTACK_CONFIG", raising=False)
    monkeypatch.delenv("CLOUDSTACK_REGION", raising=False)
    monkeypatch.chdir(tmp_path)  # where a payload that runs leaves its file

    def run(config):
        source = tmp_path / "unit.cloudstack.yml"
        source.write_text("plugin: cloudstack.cloud.cloudstack\n" + config)
        data = InventoryData()
        plugin.parse(data, DataLoader(), str(source), cache=False)
        return data
    return run


CONFIG = """include_ids: true
hostnames: %s
keyed_groups:
  - {key: instance_tags, prefix: tag}
  - {key: security_groups, prefix: sg}
compose:
  composed: display_name ~ zone ~ (networks | join)
"""


# every hostnames keyword, and Jinja expressions (a tag value by its payload key; a '.' for inventory_hostname_short)
@pytest.mark.parametrize("hostnames", ["name", "display_name", "internal_name", "hostname", "id", "public_ip",
                                       "private_ip", "private_ipv6", "nic:" + payload("nic_networkname"),
                                       "instance_tags[%r]" % payload("tag_key"), "display_name ~ '.x'"])
def test_no_value_of_the_built_inventory_is_ever_templated(inventory, tmp_path, hostnames):
    data = inventory(CONFIG % json.dumps([hostnames]))
    [host] = data.hosts.values()
    variables = host.get_vars()
    assert "pwned" in host.name and variables["pod"] == payload("podname")
    assert len(variables["group_names"]) == 2
    loader = DataLoader()
    rendered = dict((name, Templar(loader=loader, variables=variables).template(trust_as_template("{{ %s }}" % name)))
                    for name in variables)
    assert (rendered["display_name"], rendered["inventory_hostname"]) == (payload("displayname"), host.name)
    ran = sorted(name for name in os.listdir(str(tmp_path)) if name.startswith(MARKER))
    assert ran == [], "templating the host's variables ran payloads of %s" % ran


def listing_of(monkeypatch, vm):
    monkeypatch.setattr(PayloadClient, "call", lambda self, command, **params: {"count": 1, "virtualmachine": [vm]})


def test_a_jinja2_header_without_braces_is_not_trusted_either(inventory, tmp_path, monkeypatch):
    """``#jinja2:`` sets other delimiters for the string it starts: such a string stays untrusted too."""
    header = "#jinja2:variable_start_string:'[[', variable_end_string:']]'\n[[ lookup('pipe', 'touch %sheader') ]]" % MARKER
    listing_of(monkeypatch, dict(payload_vm(), displayname=header))
    [host] = inventory("").hosts.values()
    rendered = Templar(loader=DataLoader(), variables=host.get_vars()).template(trust_as_template("{{ display_name }}"))
    assert rendered == header
    assert [name for name in os.listdir(str(tmp_path)) if name.startswith(MARKER)] == []


def test_strings_that_cannot_be_templates_are_written_plain(inventory, monkeypatch):
    """ansible-core 2.19's ansible-inventory --list writes a string not tagged trusted as {"__ansible_unsafe": ...}
    (AWX stores that dict as the value): the plugin trusts the strings that cannot run, and only those."""
    legacy = pytest.importorskip("ansible._internal._json._profiles._inventory_legacy")
    listing_of(monkeypatch, dict(payload_vm(), name="web1", displayname="Web One", zonename="zone-1"))
    [host] = inventory("").hosts.values()
    written = json.loads(json.dumps({"_meta": {"hostvars": {"h": host.get_vars()}}}, cls=legacy.Encoder))["_meta"]["hostvars"]["h"]
    assert (written["instance_name"], written["display_name"], written["zone"]) == ("web1", "Web One", "zone-1")
    assert written["template"] == {"__ansible_unsafe": payload("templatename")}
