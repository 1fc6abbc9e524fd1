"""A fresh database's contents, served from data/: network and VPC offerings, roles, settings, OS types,
hypervisor capabilities."""
import json
import os

import pytest

from cloudstack_simulator.catalogue import DATA_DIR
from conftest import client


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    from cloudstack_simulator.process import SimulatorProcess
    sim = SimulatorProcess("--empty", strict=True, workdir=str(tmp_path_factory.mktemp("sim")))
    yield client(sim.start())
    sim.stop()


def data(name):
    with open(os.path.join(DATA_DIR, name)) as f:
        return json.load(f)


def test_default_network_offerings(fresh):
    offerings = {o["name"]: o for o in fresh.listNetworkOfferings()["networkoffering"]}
    assert sorted(offerings) == sorted(o["name"] for o in data("network-offerings.json")["networkofferings"])
    assert len(offerings) == 19
    internal_lb = offerings["DefaultIsolatedNetworkOfferingForVpcNetworksWithInternalLB"]
    assert internal_lb["forvpc"] is True and internal_lb["supportsinternallb"] is True
    assert {s["name"]: s["provider"][0]["name"] for s in internal_lb["service"]}["Lb"] == "InternalLbVm"
    source_nat = offerings["DefaultIsolatedNetworkOfferingWithSourceNatService"]
    assert source_nat["availability"] == "Required" and len(source_nat["service"]) == 10
    assert offerings["DefaultRoutedNSXNetworkOffering"]["fornsx"] is True


def test_default_vpc_offerings(fresh):
    offerings = {o["name"]: o for o in fresh.listVPCOfferings()["vpcoffering"]}
    assert len(offerings) == 7
    lb = {s["name"]: [p["name"] for p in s["provider"]] for s in offerings["Default VPC offering"]["service"]}["Lb"]
    assert lb == ["VpcVirtualRouter", "InternalLbVm"]
    routed = {s["name"]: s["provider"][0]["name"] for s in offerings["VPC offering with NSX - Route Mode"]["service"]}
    assert routed == {"Dhcp": "VpcVirtualRouter", "Dns": "VpcVirtualRouter", "UserData": "VpcVirtualRouter",
                      "SourceNat": "Nsx", "NetworkACL": "Nsx"}
    assert [o["name"] for o in fresh.listVPCOfferings(isdefault=True)["vpcoffering"]] == [
        "Default VPC offering", "Redundant VPC offering"]


def test_default_roles_and_their_permissions(fresh):
    roles = {r["name"]: r for r in fresh.listRoles()["role"]}
    assert sorted(roles) == ["Domain Admin", "Read-Only Admin - Default", "Read-Only User - Default", "Resource Admin",
                             "Root Admin", "Support Admin - Default", "Support User - Default", "User"]
    assert roles["User"]["description"] == "Default Root Admin role"  # CloudStack's own text
    assert [r["name"] for r in fresh.listRoles(type="DomainAdmin")["role"]] == ["Domain Admin"]
    assert [r["name"] for r in fresh.listRoles(type="User")["role"]] == [
        "User", "Read-Only User - Default", "Support User - Default"]
    rules = {name: [p["rule"] for p in fresh.listRolePermissions(roleid=role["id"])["rolepermission"]]
             for name, role in roles.items()}
    assert rules["Root Admin"] == ["*"]
    assert (len(rules["Resource Admin"]), len(rules["Domain Admin"]), len(rules["User"])) == (303, 288, 250)
    assert "addHost" in rules["Resource Admin"] and "addHost" not in rules["Domain Admin"]
    assert "createAccount" in rules["Domain Admin"] and "createAccount" not in rules["User"]
    assert rules["User"][:2] == ["activateProject", "addAccountToProject"]  # in sort order
    first = fresh.listRolePermissions(roleid=roles["User"]["id"])["rolepermission"][0]
    assert (first["rolename"], first["permission"]) == ("User", "allow")


def test_read_only_and_support_roles(fresh):
    """Upgrade41400to41500's rules, with the quota (4.18, 4.21) and two-factor (4.20.1/4.21) additions."""
    roles = {r["name"]: r["id"] for r in fresh.listRoles()["role"]}
    rules = {name: [(p["rule"], p["permission"]) for p in fresh.listRolePermissions(roleid=roleid)["rolepermission"]]
             for name, roleid in roles.items()}
    assert rules["Read-Only Admin - Default"][:3] == [
        ("list*", "allow"), ("getUploadParamsFor*", "deny"), ("get*", "allow")]
    for name in ("Read-Only Admin - Default", "Read-Only User - Default", "Support Admin - Default",
                 "Support User - Default"):
        assert rules[name][-1] == ("*", "deny")
    user_reads = [r for r, _permission in rules["User"] if r.lower().startswith("list")] + [
        r for r, _permission in rules["User"] if r.lower().startswith("get") and not r.startswith("getUploadParamsFor")]
    assert [r for r, _permission in rules["Read-Only User - Default"]][:len(user_reads)] == user_reads
    assert ("quotaCreditsList", "allow") in rules["Read-Only User - Default"]
    assert ("prepareHostForMaintenance", "allow") in rules["Support Admin - Default"]
    assert ("prepareHostForMaintenance", "allow") not in rules["Support User - Default"]
    assert ("startVirtualMachine", "allow") in rules["Support User - Default"]


def test_every_setting_with_its_default(fresh):
    settings, page = {}, 1
    while True:
        found = fresh.listConfigurations(pagesize=500, page=page).get("configuration", [])
        if not found:
            break
        settings.update({c["name"]: c for c in found})
        page += 1
    assert len(settings) == len(data("configurations.json")["configurations"]) == 817
    assert (settings["max.account.cpus"]["value"], settings["max.account.cpus"]["category"],
            settings["max.account.cpus"]["type"]) == ("40", "Account Defaults", "Long")
    assert settings["alert.smtp.password"]["category"] == "Secure"
    assert "value" not in settings["alert.email.sender"]  # no default: left out, as CloudStack does
    assert settings["enable.dynamic.scale.vm"]["defaultvalue"] == "false"


def test_settings_of_each_scope():
    """The ConfigKeys' scopes (tools/simulator-data), every enum Config setting being global."""
    scopes = {}
    for setting in data("configurations.json")["configurations"]:
        for scope in setting["scope"]:
            scopes.setdefault(scope, set()).add(setting["name"])
    assert {scope: len(names) for scope, names in scopes.items()} == {
        "Global": 629, "Zone": 59, "Cluster": 52, "StoragePool": 11, "Account": 23, "Domain": 40, "ImageStore": 1,
        "ManagementServer": 2}
    assert "cpu.overprovisioning.factor" in scopes["Cluster"] and "storage.overprovisioning.factor" in scopes[
        "StoragePool"]
