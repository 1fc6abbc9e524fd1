"""An instance's NICs (addNicToVirtualMachine, removeNicFromVirtualMachine, updateVmNicIp) and their secondary
addresses (addIpToNic, removeIpFromNic)."""
from conftest import api_error


def network(api, world, name):
    return api.createNetwork(zoneid=world.advanced["id"], networkofferingid=world.isolated["id"], name=name,
                             displaytext=name)["network"]


def deploy(api, world, net, **params):
    return api.deployVirtualMachine(zoneid=world.advanced["id"], templateid=world.template["id"],
                                    serviceofferingid=world.small["id"], networkids=[net["id"]], **params)["virtualmachine"]


def test_add_update_and_remove_a_nic(api, world):
    front, back = network(api, world, "front"), network(api, world, "back")
    vm = deploy(api, world, front, name="nic-vm")
    added = api.addNicToVirtualMachine(virtualmachineid=vm["id"], networkid=back["id"])["virtualmachine"]
    nics = {nic["networkname"]: nic for nic in added["nic"]}
    assert sorted(nics) == ["back", "front"] and nics["front"]["isdefault"] and not nics["back"]["isdefault"]
    assert nics["back"]["deviceid"] == "1" and nics["back"]["ipaddress"].startswith(back["cidr"].rsplit(".", 2)[0])
    listed = api.listNics(virtualmachineid=vm["id"], networkid=back["id"])["nic"]
    assert [nic["id"] for nic in listed] == [nics["back"]["id"]]
    error = api_error(api.addNicToVirtualMachine, virtualmachineid=vm["id"], networkid=back["id"])
    assert error["errorcode"] == 530 and "A NIC already exists for VM:" in error["errortext"]
    error = api_error(api.removeNicFromVirtualMachine, virtualmachineid=vm["id"], nicid=nics["front"]["id"])
    assert error["errorcode"] == 431 and "NIC is default." in error["errortext"]
    error = api_error(api.updateVmNicIp, nicid=nics["back"]["id"], ipaddress="10.1.1.50")
    assert error["errorcode"] == 431 and "VM is not Stopped" in error["errortext"]
    api.stopVirtualMachine(id=vm["id"])
    prefix = back["cidr"].rsplit(".", 1)[0]
    error = api_error(api.updateVmNicIp, nicid=nics["back"]["id"], ipaddress="192.0.2.7")
    assert error["errorcode"] == 431 and "please choose another IP" in error["errortext"]
    error = api_error(api.updateVmNicIp, nicid=nics["back"]["id"], ipaddress=back["gateway"])
    assert error["errorcode"] == 431
    updated = api.updateVmNicIp(nicid=nics["back"]["id"], ipaddress=prefix + ".50")["virtualmachine"]
    assert {nic["networkname"]: nic["ipaddress"] for nic in updated["nic"]}["back"] == prefix + ".50"
    removed = api.removeNicFromVirtualMachine(virtualmachineid=vm["id"], nicid=nics["back"]["id"])["virtualmachine"]
    assert [nic["networkname"] for nic in removed["nic"]] == ["front"]
    assert api.listNics(virtualmachineid=vm["id"], networkid=back["id"]) == {}


def test_nic_refusals(api, world):
    front = network(api, world, "front")
    vm = deploy(api, world, front, name="nic-vm")
    other = network(api, world, "other")
    error = api_error(api.addNicToVirtualMachine, virtualmachineid=vm["id"], networkid=other["id"], ipaddress="10.x")
    assert error["errorcode"] == 431 and "Invalid format for IP address parameter: 10.x" in error["errortext"]
    error = api_error(api.addNicToVirtualMachine, virtualmachineid=vm["id"], networkid=other["id"],
                      ipaddress="192.0.2.9")
    assert error["errorcode"] == 530 and "Unable to acquire Guest IP address" in error["errortext"]
    basic = api.deployVirtualMachine(zoneid=world.basic["id"], templateid=world.template["id"],
                                     serviceofferingid=world.small["id"])["virtualmachine"]
    error = api_error(api.addNicToVirtualMachine, virtualmachineid=basic["id"], networkid=other["id"])
    assert error["errorcode"] == 530 and "has a NetworkType of Basic" in error["errortext"]
    twin = deploy(api, world, other, name="nic-vm")
    error = api_error(api.addNicToVirtualMachine, virtualmachineid=twin["id"], networkid=front["id"])
    assert error["errorcode"] == 530 and error["errortext"] == "Network front already has an Instance with host name: nic-vm"


def test_secondary_addresses(api, world):
    net = network(api, world, "sec")
    vm = deploy(api, world, net)
    nic = vm["nic"][0]
    prefix = nic["ipaddress"].rsplit(".", 1)[0]
    address = api.addIpToNic(nicid=nic["id"], ipaddress=prefix + ".77")["nicsecondaryip"]
    assert (address["ipaddress"], address["nicid"], address["networkid"], address["virtualmachineid"]) == (
        prefix + ".77", nic["id"], net["id"], vm["id"])
    generated = api.addIpToNic(nicid=nic["id"])["nicsecondaryip"]
    assert generated["ipaddress"] not in (nic["ipaddress"], prefix + ".77")
    listed = api.listNics(virtualmachineid=vm["id"])["nic"][0]["secondaryip"]
    assert sorted(ip["ipaddress"] for ip in listed) == sorted([prefix + ".77", generated["ipaddress"]])
    shown = api.listVirtualMachines(id=vm["id"])["virtualmachine"][0]["nic"][0]["secondaryip"]
    assert sorted(ip["id"] for ip in shown) == sorted([address["id"], generated["id"]])
    for taken in (prefix + ".77", nic["ipaddress"], "192.0.2.1"):
        error = api_error(api.addIpToNic, nicid=nic["id"], ipaddress=taken)
        assert error["errorcode"] == 530 and error["errortext"] == "Failed to assign secondary IP to NIC"
    other = deploy(api, world, net)  # a secondary address is not handed out to another NIC
    assert other["nic"][0]["ipaddress"] not in (prefix + ".77", generated["ipaddress"])
    assert api.removeIpFromNic(id=address["id"]) == {"success": True}
    assert [ip["ipaddress"] for ip in api.listNics(virtualmachineid=vm["id"])["nic"][0]["secondaryip"]] == [
        generated["ipaddress"]]
    assert api_error(api.removeIpFromNic, id=address["id"])["errorcode"] == 431
    api.destroyVirtualMachine(id=vm["id"], expunge=True)
    assert api_error(api.removeIpFromNic, id=generated["id"])["errorcode"] == 431
