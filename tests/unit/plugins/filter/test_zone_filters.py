"""The zone role's filters: a marvin file as the role's description, and the description as ordered steps."""
import json
import os

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.cloudstack.cloud.plugins.filter.marvin_zones import marvin_zones
from ansible_collections.cloudstack.cloud.plugins.filter.zone_plan import zone_plan

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
SANDBOX = os.path.join(REPO, "simulator", "cloudstack_simulator", "data", "sandbox-zones.cfg")


@pytest.fixture
def sandbox():
    with open(SANDBOX) as f:
        return json.load(f)


def test_marvin_sandbox_translates_every_part(sandbox):
    described = marvin_zones(sandbox)
    assert described["zone_global_settings"]["expunge.delay"] == "20" and len(described["zone_global_settings"]) == 19
    basic, advanced = described["zone_zones"]
    assert basic["network_type"] == "Basic" and basic["securitygroups_enabled"] is True and "guest_cidr_address" not in basic
    assert advanced["guest_cidr_address"] == "10.1.1.0/24" and advanced["internal_dns1"] == "10.147.28.7"
    pnet = advanced["physical_networks"][0]
    assert pnet == {"name": "Sandbox-pnet", "vlan": "100-200", "isolation_method": "VLAN",
                    "traffic_types": [{"type": "Guest"}, {"type": "Management"}, {"type": "Public"}],
                    "providers": ["VirtualRouter", "VpcVirtualRouter", "InternalLbVm"]}
    assert advanced["public_ip_ranges"] == [{"start_ip": "192.168.2.2", "end_ip": "192.168.2.200", "gateway": "192.168.2.1",
                                             "netmask": "255.255.255.0", "vlan": "50"}]
    cluster = advanced["pods"][0]["clusters"][0]
    assert cluster["name"] == "C0-adv" and cluster["hypervisor"] == "Simulator" and cluster["cluster_type"] == "CloudManaged"
    assert cluster["hosts"][0] == {"url": "http://sim/c0-adv/h0", "username": "root", "password": "password"}
    assert [pool["name"] for pool in cluster["storage_pools"]] == ["PS0-adv", "PS1-adv"]
    assert advanced["image_stores"] == [{"url": "nfs://10.147.28.7:/export/home/sandbox/secondary", "provider": "NFS"}]
    assert basic["guest_network"] == {"name": "guestNetworkForBasicZone",
                                      "network_offering": "DefaultSharedNetworkOfferingWithSGService"}
    assert basic["pods"][0]["guest_ip_ranges"] == [{"start_ip": "60.147.41.2", "end_ip": "60.147.41.254",
                                                    "gateway": "60.147.41.1", "netmask": "255.255.255.0"}]
    assert "guest_network" not in advanced and "guest_ip_ranges" not in advanced["pods"][0]


def test_marvin_labels_and_zone_wide_storage():
    described = marvin_zones({"zones": [{
        "name": "z", "networktype": "Advanced", "dns1": "1.1.1.1", "internaldns1": "1.1.1.1",
        "physical_networks": [{"name": "p", "traffictypes": [{"typ": "Guest", "kvm": "cloudbr1"}], "providers": []}],
        "primaryStorages": [{"name": "zw", "url": "nfs://n/p", "scope": "zone", "hypervisor": "kvm"}]}]})
    zone = described["zone_zones"][0]
    assert zone["physical_networks"][0]["traffic_types"] == [{"type": "Guest", "kvm_label": "cloudbr1"}]
    assert zone["storage_pools"] == [{"name": "zw", "url": "nfs://n/p", "hypervisor": "KVM"}]


@pytest.mark.parametrize("config", [[], {"zones": "x"}, {"zones": [{"physical_networks": [{"traffictypes": [{}]}]}]}])
def test_marvin_refuses_what_is_not_its_format(config):
    with pytest.raises(AnsibleFilterError, match="marvin"):
        marvin_zones(config)


def test_plan_orders_the_sandbox_parents_first(sandbox):
    described = marvin_zones(sandbox)
    plan = zone_plan(described["zone_zones"], described["zone_global_settings"])
    assert [z["name"] for z in plan["zones"]] == ["Sandbox-simulator-basic", "Sandbox-simulator-advanced"]
    assert len(plan["global_settings"]) == 19 and plan["zone_settings"] == []
    assert len(plan["traffic_types"]) == 5 and len(plan["providers"]) == 5 and len(plan["pods"]) == 2
    assert len(plan["clusters"]) == 3 and len(plan["hosts"]) == 5 and len(plan["storage_pools"]) == 4
    host = plan["hosts"][2]
    assert host == {"name": "sim", "url": "http://sim/c0-adv/h0", "username": "root", "zone": "Sandbox-simulator-advanced",
                    "pod": "POD0-adv", "cluster": "C0-adv", "hypervisor": "Simulator"}
    assert "password" not in json.dumps(plan["hosts"]) and plan["host_passwords"]["http://sim/c0-adv/h0"] == "password"
    assert plan["storage_pools"][1] == {"name": "PS0-adv", "storage_url": "nfs://10.147.28.7:/export/home/sandbox/primary0",
                                        "zone": "Sandbox-simulator-advanced", "pod": "POD0-adv", "cluster": "C0-adv",
                                        "scope": "cluster"}
    assert plan["guest_networks"] == [{"name": "guestNetworkForBasicZone", "display_text": "guestNetworkForBasicZone",
                                       "network_offering": "DefaultSharedNetworkOfferingWithSGService",
                                       "zone": "Sandbox-simulator-basic"}]
    assert plan["guest_ip_ranges"][0] == dict(described["zone_zones"][0]["pods"][0]["guest_ip_ranges"][0],
                                              zone="Sandbox-simulator-basic", pod="POD0-basic",
                                              network="guestNetworkForBasicZone", for_virtual_network=False)
    assert plan["public_ip_ranges"][0]["zone"] == "Sandbox-simulator-advanced"
    assert plan["public_ip_ranges"][0]["for_virtual_network"] is True
    assert plan["image_stores"][1]["name"] == "nfs://10.147.28.7:/export/home/sandbox/secondary"
    assert plan["zone_states"] == [dict(zone, state="enabled") for zone in plan["zones"]]
    assert plan["zones"][1] == {"name": "Sandbox-simulator-advanced", "network_type": "Advanced", "dns1": "10.147.28.7",
                                "internal_dns1": "10.147.28.7", "guest_cidr_address": "10.1.1.0/24"}


def test_plan_short_forms_labels_and_settings():
    plan = zone_plan([{"name": "z", "state": "disabled", "settings": {"enable.dynamic.scale.vm": True, "workers": 5},
                       "physical_networks": [{"name": "p", "traffic_types": ["Management", {"type": "Guest", "kvm_label": "cloudbr1"}],
                                              "providers": ["VirtualRouter", {"name": "ConfigDrive", "state": "disabled"}]}],
                       "storage_pools": [{"name": "zw", "url": "nfs://n/p", "hypervisor": "KVM", "tags": ["ssd"]}]}],
                     {"expunge.delay": 60})
    assert plan["global_settings"] == [{"name": "expunge.delay", "value": "60"}]
    assert plan["zone_settings"] == [{"zone": "z", "name": "enable.dynamic.scale.vm", "value": "true"},
                                     {"zone": "z", "name": "workers", "value": "5"}]
    assert plan["traffic_types"][1] == {"traffic_type": "Guest", "zone": "z", "physical_network": "p", "kvm_networklabel": "cloudbr1"}
    assert plan["providers"][1] == {"name": "ConfigDrive", "zone": "z", "physical_network": "p", "state": "disabled"}
    assert plan["storage_pools"] == [{"name": "zw", "storage_url": "nfs://n/p", "hypervisor": "KVM", "storage_tags": ["ssd"],
                                      "zone": "z", "scope": "zone"}]
    assert plan["zones"] == [{"name": "z", "network_type": "Advanced"}] and plan["zone_states"][0]["state"] == "disabled"


@pytest.mark.parametrize("zones, message", [
    ({"name": "z"}, "must be a list of zones"),
    ([{"name": "z"}, {"name": "z"}], "z described more than once"),
    ([{"dns1": "1.1.1.1"}], "a zone needs name"),
    ([{"name": "z", "pods": [{"name": "p", "clusters": [{"name": "c"}]}]}], "cluster c of pod p needs hypervisor"),
    ([{"name": "z", "storage_pools": [{"name": "zw", "url": "nfs://n/p"}]}], "zone-wide storage pool zw of zone z needs hypervisor"),
    ([{"name": "z", "pods": "p"}], "pods of zone z must be a list"),
    ([{"name": "z", "guest_network": {"name": "g"}}], "zone z is not a Basic zone"),
    ([{"name": "z", "pods": [{"name": "p", "guest_ip_ranges": [{"start_ip": "10.0.0.2"}]}]}],
     "pod p of zone z has guest_ip_ranges, which only a Basic zone's pods have"),
])
def test_plan_names_what_is_wrong(zones, message):
    with pytest.raises(AnsibleFilterError, match=message):
        zone_plan(zones)
