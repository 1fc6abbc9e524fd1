"""VPC private gateways: createPrivateGateway's checks, listing, ACL replacement, deletion (with the VPC too)."""
from conftest import api_error


def vpc(api, world, name="pg"):
    offering = api.listVPCOfferings(name="Default VPC offering")["vpcoffering"][0]
    return api.createVPC(name=name, displaytext=name, cidr="10.50.0.0/16", zoneid=world.advanced["id"],
                         vpcofferingid=offering["id"])["vpc"]


def test_create_list_replace_acl_and_delete(api, world):
    shop = vpc(api, world)
    gateway = api.createPrivateGateway(vpcid=shop["id"], ipaddress="10.11.11.2", gateway="10.11.11.1",
                                       netmask="255.255.255.0", vlan="400")["privategateway"]
    assert (gateway["vlan"], gateway["state"], gateway["aclname"], gateway["vpcname"], gateway["sourcenatsupported"]) == (
        "vlan://400", "Ready", "default_deny", "pg", False)
    assert gateway["zonename"] == "Sandbox-simulator-advanced" and gateway["account"] == "admin"
    listed = api.listPrivateGateways(vpcid=shop["id"], vlan="400")["privategateway"]
    assert [g["id"] for g in listed] == [gateway["id"]]
    assert api.listPrivateGateways(ipaddress="10.11.11.3") == {}
    error = api_error(api.createPrivateGateway, vpcid=shop["id"], ipaddress="10.11.11.2", gateway="10.11.11.1",
                      netmask="255.255.255.0", vlan="400")
    assert error["errorcode"] == 431 and "already used for private gateway in zone" in error["errortext"]
    error = api_error(api.createPrivateGateway, vpcid=shop["id"], ipaddress="10.12.11.2", gateway="10.12.11.1",
                      netmask="255.255.255.0", vlan="400")
    assert "already exists or overlaps with other network vlans" in error["errortext"]
    error = api_error(api.createPrivateGateway, vpcid=shop["id"], ipaddress="10.13.11.2", gateway="10.13.11.1",
                      netmask="255.255.255.0", vlan="150")
    assert "is already being used for dynamic vlan allocation" in error["errortext"]
    error = api_error(api.createPrivateGateway, vpcid=shop["id"], ipaddress="10.13.11.2", gateway="10.13.11.1",
                      netmask="255.255.255.0")
    assert error["errortext"] == "One of vlanId and associatedNetworkId must be specified"
    error = api_error(api.createPrivateGateway, vpcid=shop["id"], ipaddress="10.14.11.2", gateway="10.13.11.1",
                      netmask="255.255.255.0", vlan="401")
    assert "Invalid private ip address 10.14.11.2" in error["errortext"]
    acl = api.createNetworkACLList(name="gw", description="gw", vpcid=shop["id"])["networkacllist"]
    api.replaceNetworkACLList(aclid=acl["id"], gatewayid=gateway["id"])
    assert api.listPrivateGateways(id=gateway["id"])["privategateway"][0]["aclname"] == "gw"
    assert "private gateway(s)" in api_error(api.deleteNetworkACLList, id=acl["id"])["errortext"]
    other = vpc(api, world, "other")
    foreign = api.createNetworkACLList(name="foreign", description="foreign", vpcid=other["id"])["networkacllist"]
    error = api_error(api.createPrivateGateway, vpcid=shop["id"], ipaddress="10.15.11.2", gateway="10.15.11.1",
                      netmask="255.255.255.0", vlan="402", aclid=foreign["id"])
    assert error["errortext"] == "Private gateway and network acl are not in the same vpc."
    assert api.deletePrivateGateway(id=gateway["id"]) == {"success": True}
    assert api.listPrivateGateways() == {}
    api.createPrivateGateway(vpcid=other["id"], ipaddress="10.16.11.2", gateway="10.16.11.1", netmask="255.255.255.0",
                             vlan="403")
    api.deleteVPC(id=other["id"])
    assert api.listPrivateGateways(listall=True) == {}
