"""VPC CIDR rules and restarts, network ACL lists and their rules (networkacls.py)."""
from conftest import api_error


def make_vpc(api, world, name="shop", cidr="10.50.0.0/16"):
    offering = api.listVPCOfferings(name="Default VPC offering")["vpcoffering"][0]
    return api.createVPC(name=name, displaytext=name, cidr=cidr, zoneid=world.advanced["id"],
                         vpcofferingid=offering["id"])["vpc"]


def make_tier(api, world, vpc, name, gateway, **params):
    offering = api.listNetworkOfferings(name="DefaultIsolatedNetworkOfferingForVpcNetworks")["networkoffering"][0]
    return api.createNetwork(zoneid=world.advanced["id"], networkofferingid=offering["id"], name=name, displaytext=name,
                             vpcid=vpc["id"], gateway=gateway, netmask="255.255.255.0", **params)["network"]


def test_vpc_cidrs_and_tiers(api, world):
    error = api_error(api.createVPC, name="x", displaytext="x", cidr="8.8.0.0/16", zoneid=world.advanced["id"],
                      vpcofferingid=api.listVPCOfferings(name="Default VPC offering")["vpcoffering"][0]["id"])
    assert (error["errorcode"], error["errortext"]) == (431, "Guest Cidr 8.8.0.0/16 is not RFC1918 compliant")
    vpc = make_vpc(api, world)
    error = api_error(make_tier, api, world, vpc, "out", "10.60.1.1")
    assert error["errortext"] == 'Network cidr 10.60.1.0/24 is not within vpc VPC {"uuid":"%s","name":"shop"} cidr' % vpc["id"]
    web = make_tier(api, world, vpc, "web", "10.50.1.1")
    error = api_error(make_tier, api, world, vpc, "web2", "10.50.1.129")
    assert error["errorcode"] == 431 and "crosses other network cidr Network" in error["errortext"]
    assert '"name":"web"' in error["errortext"]
    error = api_error(api.deleteVPC, id=vpc["id"])
    assert error == dict(error, errorcode=431, errortext='Can\'t delete VPC VPC {"uuid":"%s","name":"shop"} as its used '
                         'by 1 networks' % vpc["id"])
    api.deleteNetwork(id=web["id"])
    assert api.deleteVPC(id=vpc["id"]) == {"success": True}


def test_vpc_restart(api, world):
    vpc = make_vpc(api, world)
    assert api_error(api.restartVPC, id=vpc["id"], makeredundant=True)["errorcode"] == 431
    assert api.restartVPC(id=vpc["id"], cleanup=True, makeredundant=True) == {"success": True}
    assert api.listVPCs(id=vpc["id"])["vpc"][0]["redundantvpcrouter"] is True


def test_default_acl_lists(api, world):
    lists = api.listNetworkACLLists()["networkacllist"]
    assert [(a["name"], a["description"]) for a in lists] == [
        ("default_allow", "Default Network ACL Allow All"), ("default_deny", "Default Network ACL Deny All")]
    assert all("vpcid" not in a for a in lists)
    deny = lists[1]
    rules = api.listNetworkACLs(aclid=deny["id"])["networkacl"]
    assert sorted((r["number"], r["traffictype"], r["action"], r["protocol"], r["cidrlist"]) for r in rules) == [
        (1, "Ingress", "Deny", "all", "0.0.0.0/0"), (2, "Egress", "Deny", "all", "0.0.0.0/0")]
    assert api_error(api.deleteNetworkACLList, id=deny["id"])["errortext"] == "Default ACL cannot be removed"
    assert api_error(api.createNetworkACL, aclid=deny["id"], protocol="tcp")["errortext"] == "Default ACL cannot be modified"
    assert api_error(api.deleteNetworkACL, id=rules[0]["id"])["errortext"] == "ACL Items in default ACL cannot be deleted"
    assert api_error(api.updateNetworkACLList, id=deny["id"], name="x")["errortext"] == "Default ACL cannot be modified"


def test_acl_rules(api, world):
    vpc = make_vpc(api, world)
    acl = api.createNetworkACLList(name="web", description="Web tier", vpcid=vpc["id"])["networkacllist"]
    assert (acl["name"], acl["vpcid"], acl["vpcname"]) == ("web", vpc["id"], "shop")
    assert [a["name"] for a in api.listNetworkACLLists(vpcid=vpc["id"])["networkacllist"]] == [
        "web", "default_allow", "default_deny"]
    http = api.createNetworkACL(aclid=acl["id"], protocol="TCP", startport=80, number=10)["networkacl"]
    assert (http["protocol"], http["startport"], http["endport"], http["action"], http["traffictype"],
            http["cidrlist"], http["state"], http["aclname"]) == ("tcp", 80, 80, "Allow", "Ingress", "0.0.0.0/0",
                                                                  "Active", "web")
    error = api_error(api.createNetworkACL, aclid=acl["id"], protocol="udp", number=10)
    assert error["errortext"] == "ACL item with number 10 already exists in ACL: %s" % acl["id"]
    ping = api.createNetworkACL(aclid=acl["id"], protocol="icmp", action="deny", traffictype="egress")["networkacl"]
    assert (ping["number"], ping["icmptype"], ping["icmpcode"], ping["action"], ping["traffictype"]) == (
        11, -1, -1, "Deny", "Egress")
    for params, text in (({"protocol": "all", "startport": 1, "endport": 2}, "start port and end port must be null"),
                         ({"protocol": "tcp", "icmptype": 8}, "Can specify icmpCode and icmpType for ICMP protocol only"),
                         ({"protocol": "icmp", "startport": 22}, "Can't specify start/end port when protocol is ICMP"),
                         ({"protocol": "gre"}, "Invalid protocol [gre]"),
                         ({"protocol": "tcp", "startport": 90, "endport": 80}, "Start port can't be bigger than end port"),
                         ({"protocol": "tcp", "action": "drop"}, "Invalid action [drop]")):
        assert text in api_error(api.createNetworkACL, aclid=acl["id"], **params)["errortext"]
    error = api_error(api.updateNetworkACLItem, id=http["id"], protocol="tcp", startport=443)
    assert error["errortext"] == "End public port is an invalid value: null"  # not given: cleared
    updated = api.updateNetworkACLItem(id=http["id"], protocol="tcp", startport=443, endport=443,
                                       cidrlist=["10.0.0.0/8"], action="Deny")["networkacl"]
    assert (updated["startport"], updated["endport"], updated["cidrlist"], updated["action"]) == (
        443, 443, "10.0.0.0/8", "Deny")
    assert "traffictype" not in updated  # not given, not a partial upgrade: cleared as CloudStack does
    partial = api.updateNetworkACLItem(id=ping["id"], partialupgrade=True, number=12)["networkacl"]
    assert (partial["number"], partial["protocol"], partial["traffictype"]) == (12, "icmp", "Egress")
    assert api_error(api.updateNetworkACLItem, id=ping["id"], number=10)["errorcode"] == 431
    tier = make_tier(api, world, vpc, "web", "10.50.1.1", aclid=acl["id"])
    assert tier["aclid"] == acl["id"]
    assert [r["number"] for r in api.listNetworkACLs(networkid=tier["id"])["networkacl"]] == [12, 10]
    error = api_error(api.deleteNetworkACLList, id=acl["id"])
    assert (error["errorcode"], error["errortext"]) == (
        530, "ACL is still associated with 1 tier(s). Cannot delete network ACL: %s" % acl["id"])
    assert api.deleteNetworkACL(id=ping["id"]) == {"success": True}
    api.deleteNetwork(id=tier["id"])
    assert api.deleteNetworkACLList(id=acl["id"]) == {"success": True}
    other = api.createNetworkACLList(name="other", vpcid=vpc["id"])["networkacllist"]
    api.deleteVPC(id=vpc["id"])
    assert [a["name"] for a in api.listNetworkACLLists()["networkacllist"]] == ["default_allow", "default_deny"]
    assert other["id"] not in [r["aclid"] for r in api.listNetworkACLs()["networkacl"]]


def test_rule_for_a_tier_without_list(api, world):
    vpc = make_vpc(api, world)
    tier = make_tier(api, world, vpc, "app", "10.50.2.1")
    rule = api.createNetworkACL(networkid=tier["id"], protocol="udp", startport=53)["networkacl"]
    assert rule["aclname"] == "VPC_shop_Tier_app_ACL_%s" % tier["id"] and rule["number"] == 1
    assert api.listNetworks(id=tier["id"])["network"][0]["aclid"] == rule["aclid"]
    deny = api.listNetworkACLLists(name="default_deny")["networkacllist"][0]
    assert api.replaceNetworkACLList(aclid=deny["id"], networkid=tier["id"]) == {"success": True}
    assert api.listNetworks(id=tier["id"])["network"][0]["aclname"] == "default_deny"
