"""Networks, public IPs and static NAT, security and affinity groups, SSH keys, tags, offerings, settings."""
import pytest
from cs import CloudStackException

from conftest import api_error

# `ssh-keygen -l -E md5` of this key prints MD5:df:2d:9f:80:03:ba:d4:16:59:4b:ad:27:68:63:20:08
PUBLIC_KEY = ("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQD3J2gLuZh8OYxIBzc91MuZFz6Sf9mJ4BWovg9Hcwh1w0PTHQwun54b8Ljvf3PGFOiB"
              "R8l5QRq3/wdBKNV/eIHtJCXT4UsTdS2i2mGVg5j4NVaD8osieA0m9MzqiNoqhgQrprqc09qW7dwL36TUX5nADBg9W37/kXp2lAS4Sf8"
              "EnQ== test@example")
FINGERPRINT = "df:2d:9f:80:03:ba:d4:16:59:4b:ad:27:68:63:20:08"


@pytest.fixture
def network(api, world):
    return api.createNetwork(zoneid=world.advanced["id"], networkofferingid=world.isolated["id"], name="front",
                             displaytext="Front end")["network"]


def test_create_list_delete_network(api, world, network):
    assert (network["state"], network["type"], network["cidr"], network["gateway"]) == (
        "Allocated", "Isolated", "10.1.1.0/24", "10.1.1.1")
    assert network["account"] == "admin" and network["zonename"] == "Sandbox-simulator-advanced"
    custom = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=world.isolated["id"], name="back",
                               displaytext="Back end", gateway="10.9.0.1", netmask="255.255.0.0")["network"]
    assert custom["cidr"] == "10.9.0.0/16"
    assert sorted(n["name"] for n in api.listNetworks(zoneid=world.advanced["id"])["network"]) == ["back", "front"]
    assert [n["name"] for n in api.listNetworks(keyword="bac")["network"]] == ["back"]
    assert api.deleteNetwork(id=custom["id"]) == {"success": True}
    assert api_error(api.listNetworks, id=custom["id"])["errorcode"] == 431


def test_network_errors(api, world, network):
    error = api_error(api.createNetwork, zoneid=world.basic["id"], networkofferingid=world.isolated["id"], name="x",
                      displaytext="x")
    assert error["errortext"] == "Only AclType=Domain can be specified for network creation in Basic zone"
    with_sg = api.listNetworkOfferings(name="DefaultSharedNetworkOfferingWithSGService")["networkoffering"][0]
    error = api_error(api.createNetwork, zoneid=world.basic["id"], networkofferingid=with_sg["id"], name="x",
                      displaytext="x")
    assert error["errortext"] == "Can't have more than one Guest network in zone with network type Basic"
    shared = api.listNetworkOfferings(guestiptype="Shared")["networkoffering"][0]
    error = api_error(api.createNetwork, zoneid=world.advanced["id"], networkofferingid=shared["id"], name="s",
                      displaytext="s")
    assert "requires vlan to be specified" in error["errortext"]
    vm = api.deployVirtualMachine(zoneid=world.advanced["id"], templateid=world.template["id"],
                                  serviceofferingid=world.small["id"], networkids=[network["id"]])["virtualmachine"]
    error = api_error(api.deleteNetwork, id=network["id"])
    assert error["errorcode"] == 536 and vm["name"] in error["errortext"]


def test_public_ip_and_static_nat(api, world, network):
    vm = api.deployVirtualMachine(zoneid=world.advanced["id"], templateid=world.template["id"],
                                  serviceofferingid=world.small["id"], networkids=[network["id"]],
                                  name="nat")["virtualmachine"]
    assert api.listNetworks(id=network["id"])["network"][0]["state"] == "Implemented"
    ip = api.associateIpAddress(networkid=network["id"])["ipaddress"]
    assert ip["state"] == "Allocated" and ip["ipaddress"].startswith("192.168.2.") and not ip["issourcenat"]
    assert api.enableStaticNat(ipaddressid=ip["id"], virtualmachineid=vm["id"]) == {"success": "true"}
    listed = api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]
    assert (listed["publicip"], listed["publicipid"]) == (ip["ipaddress"], ip["id"])
    nat = api.listPublicIpAddresses(isstaticnat=True)["publicipaddress"]
    assert [(i["id"], i["virtualmachinename"], i["vmipaddress"]) for i in nat] == [
        (ip["id"], "nat", vm["nic"][0]["ipaddress"])]
    second = api.associateIpAddress(networkid=network["id"])["ipaddress"]
    error = api_error(api.enableStaticNat, ipaddressid=second["id"], virtualmachineid=vm["id"])
    assert error["errorcode"] == 431 and "is already associated with ip id=%s" % ip["id"] in error["errortext"]
    source_nat = api.listPublicIpAddresses(issourcenat=True)["publicipaddress"][0]
    assert api_error(api.enableStaticNat, ipaddressid=source_nat["id"], virtualmachineid=vm["id"])["errorcode"] == 537
    assert api_error(api.disassociateIpAddress, id=source_nat["id"])["errorcode"] == 431
    assert api.disableStaticNat(ipaddressid=ip["id"]) == {"success": True}
    assert "publicip" not in api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]
    assert api.disassociateIpAddress(id=ip["id"]) == {"success": True}
    assert ip["id"] not in {i["id"] for i in api.listPublicIpAddresses()["publicipaddress"]}


def test_basic_zone_has_no_public_ips(api, world):
    error = api_error(api.associateIpAddress, zoneid=world.basic["id"])
    assert error["errorcode"] == 431


def test_list_public_ips_state_and_allocated_only(api, world, network):
    """As searchForIPAddresses: acquired addresses only by default, unless the (comma-separated, any case) states
    name Free or Reserved; allocatedonly=true with Free is a conflict; an unknown state is refused."""
    ip = api.associateIpAddress(networkid=network["id"])["ipaddress"]
    zone = world.advanced["id"]
    acquired = api.listPublicIpAddresses(zoneid=zone)["publicipaddress"]
    assert {a["state"] for a in acquired} == {"Allocated"} and ip["id"] in {a["id"] for a in acquired}
    free = api.listPublicIpAddresses(zoneid=zone, state="free")["publicipaddress"]
    assert free and {a["state"] for a in free} == {"Free"}
    both = api.listPublicIpAddresses(zoneid=zone, state="Allocated, Free")["publicipaddress"]
    assert len(both) == len(acquired) + len(free)
    assert api.listPublicIpAddresses(zoneid=zone, allocatedonly=False)["count"] == len(both)
    assert api.listPublicIpAddresses(zoneid=zone, state="Allocated", allocatedonly=False)["count"] == len(acquired)
    error = api_error(api.listPublicIpAddresses, state="Free", allocatedonly=True)
    assert (error["errorcode"], error["errortext"]) == (431, "Conflict: allocatedonly is true but state is Free")
    error = api_error(api.listPublicIpAddresses, state="Allocated,Used")
    assert (error["errorcode"], error["errortext"]) == (431, "Invalid state: Used")


def test_list_public_ips_virtual_network_and_tags(api, world, network):
    """Without forvirtualnetwork the virtual network's addresses are listed (forvirtualnetwork=false: the direct
    attached ones, none here); CloudStack joins the tags filter's pairs with OR."""
    web = api.associateIpAddress(networkid=network["id"])["ipaddress"]
    db = api.associateIpAddress(networkid=network["id"])["ipaddress"]
    api.createTags(resourcetype="PublicIpAddress", resourceids=[web["id"]], tags=[{"key": "role", "value": "web"}])
    api.createTags(resourcetype="PublicIpAddress", resourceids=[db["id"]], tags=[{"key": "role", "value": "db"}])
    assert api.listPublicIpAddresses(forvirtualnetwork=True)["count"] == api.listPublicIpAddresses()["count"]
    assert api.listPublicIpAddresses(forvirtualnetwork=False) == {}
    either = api.listPublicIpAddresses(tags=[{"key": "role", "value": "web"}, {"key": "role", "value": "db"}])
    assert sorted(a["id"] for a in either["publicipaddress"]) == sorted([web["id"], db["id"]])
    one = api.listPublicIpAddresses(tags=[{"key": "role", "value": "web"}])["publicipaddress"]
    assert [(a["id"], a["tags"][0]["value"]) for a in one] == [(web["id"], "web")]


def test_security_groups_and_rules(api, world):
    group = api.createSecurityGroup(name="web", description="Web servers")["securitygroup"]
    assert api_error(api.createSecurityGroup, name="web")["errorcode"] == 431
    rule = api.authorizeSecurityGroupIngress(securitygroupid=group["id"], protocol="tcp", startport=80, endport=80,
                                             cidrlist=["0.0.0.0/0"])["securitygroup"]["ingressrule"][0]
    assert (rule["protocol"], rule["startport"], rule["cidr"]) == ("tcp", 80, "0.0.0.0/0")
    vm = api.deployVirtualMachine(zoneid=world.basic["id"], templateid=world.template["id"],
                                  serviceofferingid=world.small["id"], securitygroupnames=["web"])["virtualmachine"]
    assert [g["name"] for g in vm["securitygroup"]] == ["web"]
    assert [r["ruleid"] for r in vm["securitygroup"][0]["ingressrule"]] == [rule["ruleid"]]
    listed = api.listSecurityGroups(securitygroupname="web")["securitygroup"][0]
    assert listed["virtualmachineids"] == [vm["id"]] and listed["ingressrule"][0]["ruleid"] == rule["ruleid"]
    assert api_error(api.deleteSecurityGroup, name="web")["errorcode"] == 536
    assert api_error(api.deleteSecurityGroup, name="default")["errorcode"] == 431
    api.revokeSecurityGroupIngress(id=rule["ruleid"])
    assert api.listSecurityGroups(id=group["id"])["securitygroup"][0]["ingressrule"] == []
    assert api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]["securitygroup"][0]["ingressrule"] == []
    api.destroyVirtualMachine(id=vm["id"], expunge=True)
    assert api.deleteSecurityGroup(id=group["id"]) == {"success": "true"}
    error = api_error(api.deployVirtualMachine, zoneid=world.advanced["id"], templateid=world.template["id"],
                      serviceofferingid=world.small["id"], securitygroupnames=["default"])
    assert "security group feature is not enabled in this zone" in error["errortext"]


def test_ssh_key_pairs(api):
    registered = api.registerSSHKeyPair(name="laptop", publickey=PUBLIC_KEY)["keypair"]
    assert registered["fingerprint"] == FINGERPRINT and "privatekey" not in registered
    created = api.createSSHKeyPair(name="generated")["keypair"]
    assert created["privatekey"].startswith("-----BEGIN RSA PRIVATE KEY-----\n")
    assert len(created["fingerprint"].split(":")) == 16
    listed = api.listSSHKeyPairs()["sshkeypair"]
    assert sorted(k["name"] for k in listed) == ["generated", "laptop"]
    assert all("privatekey" not in k for k in listed)
    assert api.listSSHKeyPairs(fingerprint=FINGERPRINT)["sshkeypair"][0]["name"] == "laptop"
    assert api_error(api.registerSSHKeyPair, name="laptop", publickey=PUBLIC_KEY)["errortext"] == (
        "A key pair with name 'laptop' already exists.")
    assert api_error(api.registerSSHKeyPair, name="other", publickey="ssh-rsa garbage")["errortext"] == (
        "Public key is invalid")
    assert api.deleteSSHKeyPair(name="laptop") == {"success": "true"}
    assert "does not exist" in api_error(api.deleteSSHKeyPair, name="laptop")["errortext"]


def test_tags(api, world):
    vm = api.deployVirtualMachine(zoneid=world.basic["id"], templateid=world.template["id"],
                                  serviceofferingid=world.small["id"])["virtualmachine"]
    pairs = [{"key": "env", "value": "prod"}, {"key": "team", "value": "a"}]
    api.createTags(resourceids=[vm["id"]], resourcetype="userVM", tags=pairs)
    error = api_error(api.createTags, resourceids=[vm["id"]], resourcetype="UserVm",
                      tags=[{"key": "env", "value": "dev"}])
    assert error["errorcode"] == 431 and "already exists" in error["errortext"]
    tags = api.listTags(resourcetype="UserVm")["tag"]
    assert sorted((t["key"], t["value"], t["resourceid"], t["account"]) for t in tags) == [
        ("env", "prod", vm["id"], "admin"), ("team", "a", vm["id"], "admin")]
    assert [t["key"] for t in api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]["tags"]] == ["env", "team"]
    assert [t["key"] for t in api.listTags(resourcetype="uservm", keyword="PRO")["tag"]] == ["env"]  # value matches
    assert api.listTags(resourcetype="Volume", key="env") == {} and "id" not in tags[0]
    api.deleteTags(resourceids=[vm["id"]], resourcetype="UserVm", tags=[{"key": "env"}])
    assert [t["key"] for t in api.listTags(resourceid=vm["id"])["tag"]] == ["team"]
    assert api_error(api.createTags, resourceids=[vm["id"]], resourcetype="Spaceship",
                     tags=[{"key": "a", "value": "b"}])["errortext"] == "Invalid resource type Spaceship"


def test_offerings_crud(api):
    offering = api.createServiceOffering(name="tiny", displaytext="Tiny", cpunumber=1, cpuspeed=100,
                                         memory=128, offerha=True, hosttags="ssd")["serviceoffering"]
    assert (offering["offerha"], offering["hosttags"], offering["iscustomized"]) == (True, "ssd", False)
    updated = api.updateServiceOffering(id=offering["id"], displaytext="Tiny!", hosttags="nvme")["serviceoffering"]
    assert (updated["displaytext"], updated["hosttags"]) == ("Tiny!", "nvme")
    assert api.deleteServiceOffering(id=offering["id"]) == {"success": "true"}
    assert api.listServiceOfferings(name="tiny") == {}
    disk = api.createDiskOffering(name="fast", displaytext="Fast", disksize=50, tags="ssd")["diskoffering"]
    assert disk["disksize"] == 50 and disk["tags"] == "ssd"
    assert api.updateDiskOffering(id=disk["id"], name="faster")["diskoffering"]["name"] == "faster"
    assert "Disksize is required" in api_error(api.createDiskOffering, name="x", displaytext="x")["errortext"]
    assert api.deleteDiskOffering(id=disk["id"]) == {"success": "true"}
    system = api.listServiceOfferings(issystem=True, systemvmtype="domainrouter")["serviceoffering"]
    assert [o["name"] for o in system] == ["System Offering For Software Router"]


def test_zone_scoped_setting(api, world):
    updated = api.updateConfiguration(name="enable.dynamic.scale.vm", value="false",
                                      zoneid=world.basic["id"])["configuration"]
    assert (updated["value"], updated["scope"], updated["id"]) == ("false", "zone", world.basic["id"])
    scoped = api.listConfigurations(name="enable.dynamic.scale.vm", zoneid=world.basic["id"])["configuration"][0]
    assert scoped["value"] == "false"
    assert api.listConfigurations(name="enable.dynamic.scale.vm")["configuration"][0]["value"] == "true"
    offering = api.createServiceOffering(name="bigger", displaytext="b", cpunumber=1, cpuspeed=1000,
                                         memory=1024)["serviceoffering"]
    for zone, works in ((world.advanced, True), (world.basic, False)):
        vm = api.deployVirtualMachine(zoneid=zone["id"], templateid=world.template["id"],
                                      serviceofferingid=world.small["id"])["virtualmachine"]
        if works:
            assert api.scaleVirtualMachine(id=vm["id"], serviceofferingid=offering["id"])["virtualmachine"][
                "memory"] == 1024
        else:
            with pytest.raises(CloudStackException) as info:
                api.scaleVirtualMachine(id=vm["id"], serviceofferingid=offering["id"])
            assert info.value.error["errorcode"] == 531


def test_configurations(api):
    assert api.updateConfiguration(name="expunge.delay", value="60")["configuration"]["value"] == "60"
    assert api.listConfigurations(name="expunge.delay")["configuration"][0]["value"] == "60"
    assert api_error(api.updateConfiguration, name="no.such.setting", value="1")["errortext"] == (
        "Config parameter with name no.such.setting doesn't exist")
    assert api_error(api.updateConfiguration, name="expunge.delay", value="soon")["errorcode"] == 431


def test_projects(api):
    project = api.createProject(name="shop", displaytext="Shop")["project"]
    assert (project["state"], project["owner"]) == ("Active", [{"account": "admin"}])
    assert api_error(api.createProject, name="shop", displaytext="again")["errorcode"] == 431
    key = api.createSSHKeyPair(name="deploy", projectid=project["id"])["keypair"]
    assert key["project"] == "shop" and api.listSSHKeyPairs() == {}
    assert api.listSSHKeyPairs(projectid=project["id"])["sshkeypair"][0]["name"] == "deploy"
    assert api.deleteProject(id=project["id"]) == {"success": True}
    assert api.listProjects() == {} and api.listSSHKeyPairs(projectid=-1) == {}
