"""The inventory plugin's pure helpers: facts from an API item, public addresses, unique names."""
from ansible_collections.cloudstack.cloud.plugins.inventory.cloudstack import (
    add_public_addresses, forwarded_port, instance_facts, unique_names)

VM = {
    "id": "vm-1", "name": "web1", "displayname": "Web 1", "instancename": "i-2-7-VM", "state": "Running",
    "zonename": "Z1", "zoneid": "z-1", "hostname": "h1", "hostid": "host-1", "hypervisor": "Simulator",
    "templatename": "CentOS", "templateid": "t-1", "osdisplayname": "CentOS 5.6",
    "serviceofferingname": "Small Instance", "serviceofferingid": "so-1", "cpunumber": 1, "cpuspeed": 500,
    "memory": 512, "group": "web", "haenable": False, "project": "p1", "projectid": "p-1",
    "account": "PrjAcct-p1-1", "domain": "ROOT", "domainid": "d-1", "created": "2026-01-01T00:00:00+0000",
    "nic": [
        {"networkname": "back", "networkid": "n-2", "type": "Isolated", "isdefault": False,
         "ipaddress": "10.2.0.5", "macaddress": "02:00:00:00:00:02", "netmask": "255.255.255.0", "gateway": "10.2.0.1"},
        {"networkname": "front", "networkid": "n-1", "type": "Isolated", "isdefault": True, "ipaddress": "10.1.0.5",
         "ip6address": "fd00::5", "macaddress": "02:00:00:00:00:01", "netmask": "255.255.255.0", "gateway": "10.1.0.1"},
    ],
    "securitygroup": [{"name": "default", "id": "sg-1"}],
    "affinitygroup": [{"name": "spread", "id": "ag-1"}],
    "tags": [{"key": "env", "value": "prod"}, {"key": "role", "value": "web"}],
    "cpuused": "10%", "password": "never-copied",
}


def test_instance_facts_are_clean_plain_data():
    facts = instance_facts(VM, "eu")
    assert facts == {
        "id": "vm-1", "instance_name": "web1", "display_name": "Web 1", "internal_name": "i-2-7-VM", "state": "Running",
        "region": "eu", "zone": "Z1", "zone_id": "z-1", "pod": None, "pod_id": None, "host": "h1",
        "host_id": "host-1", "hypervisor": "Simulator", "template": "CentOS", "template_id": "t-1",
        "os_type": "CentOS 5.6", "service_offering": "Small Instance", "service_offering_id": "so-1",
        "cpu_number": 1, "cpu_speed": 500, "memory": 512, "group": "web", "ha_enabled": False,
        "networks": ["front", "back"],
        "nics": [
            {"network": "front", "is_default": True, "ip": "10.1.0.5", "ipv6": "fd00::5", "mac": "02:00:00:00:00:01"},
            {"network": "back", "is_default": False, "ip": "10.2.0.5", "ipv6": None, "mac": "02:00:00:00:00:02"},
        ],
        "default_ip": "10.1.0.5", "default_ip6": "fd00::5", "public_ip": None, "port_forwarding": [],
        "security_groups": ["default"], "affinity_groups": ["spread"], "ssh_keys": [],
        "instance_tags": {"env": "prod", "role": "web"},
        "project": "p1", "project_id": "p-1", "account": "PrjAcct-p1-1", "domain": "ROOT", "domain_id": "d-1",
        "created": "2026-01-01T00:00:00+0000",
    }


def test_instance_without_nics_has_no_default_address():
    facts = instance_facts({"id": "vm-2", "name": "bare"}, "eu")
    assert (facts["default_ip"], facts["networks"], facts["nics"], facts["instance_tags"], facts["security_groups"]) == (
        None, [], [], {}, [])


def rule(ip, public, private, end=None, protocol="tcp", vm="vm-1"):
    return {"ipaddress": ip, "publicport": str(public), "privateport": str(private),
            "publicendport": str(public + (end or private) - private), "privateendport": str(end or private),
            "protocol": protocol, "virtualmachineid": vm}


def test_static_nat_address_wins_over_port_forwarding():
    facts = instance_facts(dict(VM, publicip="192.0.2.9"), "eu")
    add_public_addresses(facts, {"vm-1": [rule("192.0.2.3", 2222, 22)]}, 22)
    assert facts["public_ip"] == "192.0.2.9"
    assert facts["port_forwarding"] == [{"public_ip": "192.0.2.3", "public_port": 2222, "public_end_port": 2222,
                                         "private_port": 22, "private_end_port": 22, "protocol": "tcp"}]


def test_port_forwarding_address_prefers_the_ssh_rule_then_the_lowest():
    facts = instance_facts(VM, "eu")
    rules = [rule("192.0.2.1", 80, 80), rule("192.0.2.7", 2200, 20, end=30), rule("192.0.2.5", 443, 443)]
    add_public_addresses(facts, {"vm-1": rules}, 22)
    assert facts["public_ip"] == "192.0.2.7"
    assert forwarded_port(facts, "192.0.2.7", 22) == 2202
    assert forwarded_port(facts, "192.0.2.1", 22) is None
    other = instance_facts(VM, "eu")
    add_public_addresses(other, {"vm-1": [rule("192.0.2.5", 443, 443), rule("192.0.2.1", 80, 80)]}, 22)
    assert other["public_ip"] == "192.0.2.1"


def test_udp_rule_does_not_reach_ssh():
    facts = instance_facts(VM, "eu")
    add_public_addresses(facts, {"vm-1": [rule("192.0.2.1", 2222, 22, protocol="udp")]}, 22)
    assert forwarded_port(facts, "192.0.2.1", 22) is None


def test_unique_names_do_not_depend_on_order():
    facts = [{"id": "a", "project": "p1", "account": "x", "region": "eu"},
             {"id": "b", "project": None, "account": "admin", "region": "eu"},
             {"id": "c", "project": None, "account": "admin", "region": "eu"},
             {"id": "d", "project": None, "account": "bob", "region": "eu"},
             {"id": "c", "project": None, "account": "admin", "region": "us"}]
    names = ["web", "web", "web", "db", "web"]
    assert unique_names(names, facts) == ["web_p1", "web_admin_b", "web_admin_c_eu", "db", "web_admin_c_us"]
    assert unique_names(names[::-1], facts[::-1]) == ["web_admin_c_us", "db", "web_admin_c_eu", "web_admin_b", "web_p1"]
