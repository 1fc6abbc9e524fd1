"""VPCs and their tiers, port forwarding rules, templates and ISOs, pod updates."""
import time

from conftest import api_error


def deploy(api, world, network):
    return api.deployVirtualMachine(zoneid=world.advanced["id"], templateid=world.template["id"],
                                    serviceofferingid=world.small["id"], networkids=[network["id"]])["virtualmachine"]


def test_vpc_with_a_tier_and_static_nat(api, world):
    offering = api.listVPCOfferings(name="Default VPC offering")["vpcoffering"][0]
    vpc = api.createVPC(name="shop", displaytext="Shop", cidr="10.50.0.0/16", zoneid=world.advanced["id"],
                        vpcofferingid=offering["id"])["vpc"]
    assert (vpc["state"], vpc["cidr"], vpc["network"]) == ("Enabled", "10.50.0.0/16", [])
    assert [ip["vpcid"] for ip in api.listPublicIpAddresses(issourcenat=True)["publicipaddress"]] == [vpc["id"]]
    tier_offering = api.listNetworkOfferings(name="DefaultIsolatedNetworkOfferingForVpcNetworks")["networkoffering"][0]
    error = api_error(api.createNetwork, zoneid=world.advanced["id"], networkofferingid=tier_offering["id"],
                      name="web", displaytext="web", vpcid=vpc["id"], gateway="10.60.1.1", netmask="255.255.255.0")
    assert "is not within vpc" in error["errortext"]
    error = api_error(api.createNetwork, zoneid=world.advanced["id"], networkofferingid=world.isolated["id"],
                      name="web", displaytext="web", vpcid=vpc["id"], gateway="10.50.1.1", netmask="255.255.255.0")
    assert "can't be used for VPC networks" in error["errortext"]
    tier = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=tier_offering["id"], name="web",
                             displaytext="web", vpcid=vpc["id"], gateway="10.50.1.1",
                             netmask="255.255.255.0")["network"]
    assert tier["vpcid"] == vpc["id"] and tier["cidr"] == "10.50.1.0/24"
    vm = deploy(api, world, tier)
    assert vm["nic"][0]["ipaddress"] == "10.50.1.2"
    assert api.listPublicIpAddresses(issourcenat=True)["count"] == 1  # the tier uses the VPC's source NAT
    ip = api.associateIpAddress(vpcid=vpc["id"])["ipaddress"]
    assert ip["vpcid"] == vpc["id"]
    api.enableStaticNat(ipaddressid=ip["id"], virtualmachineid=vm["id"], networkid=tier["id"])
    assert api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]["publicip"] == ip["ipaddress"]
    assert [n["name"] for n in api.listVPCs(id=vpc["id"])["vpc"][0]["network"]] == ["web"]
    assert "as its used by 1 networks" in api_error(api.deleteVPC, id=vpc["id"])["errortext"]
    api.destroyVirtualMachine(id=vm["id"], expunge=True)
    api.deleteNetwork(id=tier["id"])
    assert api.deleteVPC(id=vpc["id"]) == {"success": True}
    assert api.listVPCs() == {} and api.listPublicIpAddresses() == {}


def test_port_forwarding(api, world):
    network = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=world.isolated["id"], name="pf",
                                displaytext="pf")["network"]
    vm = deploy(api, world, network)
    ip = api.associateIpAddress(networkid=network["id"])["ipaddress"]
    rule = api.createPortForwardingRule(ipaddressid=ip["id"], virtualmachineid=vm["id"], protocol="tcp",
                                        publicport=2222, privateport=22)["portforwardingrule"]
    assert (rule["state"], rule["ipaddress"], rule["privateport"], rule["publicendport"]) == (
        "Active", ip["ipaddress"], 22, 2222)
    assert rule["vmguestip"] == vm["nic"][0]["ipaddress"] and rule["virtualmachinename"] == vm["name"]
    error = api_error(api.createPortForwardingRule, ipaddressid=ip["id"], virtualmachineid=vm["id"], protocol="tcp",
                      publicport=2200, publicendport=2300, privateport=2200, privateendport=2300)
    assert error["errorcode"] == 537 and "conflicts with rule" in error["errortext"]
    assert api.createPortForwardingRule(ipaddressid=ip["id"], virtualmachineid=vm["id"], protocol="udp",
                                        publicport=2222, privateport=22)["portforwardingrule"]["protocol"] == "udp"
    assert api_error(api.enableStaticNat, ipaddressid=ip["id"], virtualmachineid=vm["id"])["errorcode"] == 537
    listed = api.listPortForwardingRules(ipaddressid=ip["id"])["portforwardingrule"]
    assert sorted(r["protocol"] for r in listed) == ["tcp", "udp"]
    assert api.deletePortForwardingRule(id=rule["id"]) == {"success": True}
    api.disassociateIpAddress(id=ip["id"])
    assert api.listPortForwardingRules() == {}  # released with the address


def test_isos(api, world):
    iso = api.registerIso(name="rescue", displaytext="Rescue", url="http://example.com/rescue.iso",
                          zoneid=-1)["iso"]
    assert sorted(i["zonename"] for i in iso) == ["Sandbox-simulator-advanced", "Sandbox-simulator-basic"]
    assert api.listIsos(isofilter="self", zoneid=world.basic["id"])["iso"][0]["name"] == "rescue"
    assert api.listIsos(isofilter="featured") == {}
    error = api_error(api.registerIso, name="x", displaytext="x", url="http://example.com/x.img",
                      zoneid=world.basic["id"])
    assert error["errorcode"] == 431
    assert api.deleteIso(id=iso[0]["id"], zoneid=world.basic["id"]) == {"success": True}
    assert [i["zonename"] for i in api.listIsos()["iso"]] == ["Sandbox-simulator-advanced"]
    api.deleteIso(id=iso[0]["id"])
    assert api.listIsos() == {}


def test_update_pod(api):
    pod = api.listPods(name="POD0-adv")["pod"][0]
    updated = api.updatePod(id=pod["id"], name="POD1-adv", allocationstate="Disabled")["pod"]
    assert (updated["name"], updated["allocationstate"]) == ("POD1-adv", "Disabled")
    assert {c["podname"] for c in api.listClusters(podid=pod["id"])["cluster"]} == {"POD1-adv"}
    api.createPod(zoneid=pod["zoneid"], name="POD2-adv", gateway="172.16.16.1", netmask="255.255.255.0",
                  startip="172.16.16.2", endip="172.16.16.20")
    error = api_error(api.updatePod, id=pod["id"], name="POD2-adv")
    assert error["errorcode"] == 431 and "already exists" in error["errortext"]


def test_register_update_delete_template(api, world):
    registered = api.registerTemplate(name="debian", displaytext="Debian 12", format="vhd", hypervisor="simulator",
                                      url="http://example.com/debian.vhd", zoneid=world.basic["id"],
                                      passwordenabled=True)["template"][0]
    expected = (False, "Downloading", "Simulator")
    assert (registered["isready"], registered["status"], registered["hypervisor"]) == expected
    error = api_error(api.deployVirtualMachine, zoneid=world.basic["id"], templateid=registered["id"],
                      serviceofferingid=world.small["id"])
    assert "has not been completely downloaded" in error["errortext"]
    time.sleep(0.6)
    ready = api.listTemplates(templatefilter="self", id=registered["id"])["template"][0]
    assert (ready["isready"], ready["status"]) == (True, "Download Complete")
    vm = api.deployVirtualMachine(zoneid=world.basic["id"], templateid=registered["id"],
                                  serviceofferingid=world.small["id"])["virtualmachine"]
    assert vm["password"] and "password" not in api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]
    updated = api.updateTemplate(id=registered["id"], displaytext="Debian 12 (bookworm)")["template"]
    assert updated["displaytext"] == "Debian 12 (bookworm)"
    assert api_error(api.deleteTemplate, id=registered["id"])["errorcode"] == 536
    api.destroyVirtualMachine(id=vm["id"], expunge=True)
    assert api.deleteTemplate(id=registered["id"]) == {"success": True}
    assert api.listTemplates(templatefilter="self") == {}
    assert api_error(api.registerTemplate, name="x", displaytext="x", format="exe", hypervisor="kvm",
                     url="http://example.com/x", zoneid=world.basic["id"])["errorcode"] == 431
