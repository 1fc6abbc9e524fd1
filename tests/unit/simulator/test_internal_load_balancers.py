"""Internal load balancers of VPC tiers (internallb.py)."""
from conftest import api_error


def internal_tier(api, world, offering="DefaultIsolatedNetworkOfferingForVpcNetworksWithInternalLB", name="app",
                  gateway="10.60.1.1"):
    vpc_offering = api.listVPCOfferings(name="Default VPC offering")["vpcoffering"][0]
    vpcs = api.listVPCs(name="ilb").get("vpc") or [
        api.createVPC(name="ilb", displaytext="ilb", cidr="10.60.0.0/16", zoneid=world.advanced["id"],
                      vpcofferingid=vpc_offering["id"])["vpc"]]
    network_offering = api.listNetworkOfferings(name=offering)["networkoffering"][0]
    return api.createNetwork(zoneid=world.advanced["id"], networkofferingid=network_offering["id"], name=name,
                             displaytext=name, vpcid=vpcs[0]["id"], gateway=gateway,
                             netmask="255.255.255.0")["network"]


def create(api, tier, **params):
    args = dict(name="app-lb", algorithm="roundrobin", sourceport=80, instanceport=8080, scheme="Internal",
                networkid=tier["id"], sourceipaddressnetworkid=tier["id"])
    args.update(params)
    return api.createLoadBalancer(**args)


def test_create_list_delete(api, world):
    tier = internal_tier(api, world)
    lb = create(api, tier, description="App tier")["loadbalancer"]
    assert (lb["name"], lb["algorithm"], lb["networkid"], lb["sourceipaddressnetworkid"]) == (
        "app-lb", "roundrobin", tier["id"], tier["id"])
    assert lb["sourceipaddress"].startswith("10.60.1.") and lb["sourceipaddress"] != "10.60.1.1"
    assert lb["loadbalancerrule"] == [{"sourceport": "80", "instanceport": "8080", "state": "Active"}]
    assert lb["loadbalancerinstance"] == []
    listed = api.listLoadBalancers(networkid=tier["id"])["loadbalancer"]
    assert [item["id"] for item in listed] == [lb["id"]]
    assert api.listLoadBalancers(scheme="Public") == {} and api.listLoadBalancerRules() == {}
    shared = create(api, tier, name="app-lb2", sourceport=443, sourceipaddress=lb["sourceipaddress"])["loadbalancer"]
    assert shared["sourceipaddress"] == lb["sourceipaddress"]
    error = api_error(create, api, tier, name="x", sourceipaddress=lb["sourceipaddress"])
    assert error["errorcode"] == 537 and "The range specified, 80-80, conflicts with rule" in error["errortext"]
    assert api.deleteLoadBalancer(id=lb["id"]) == {"success": True}
    assert [item["name"] for item in api.listLoadBalancers()["loadbalancer"]] == ["app-lb2"]
    assert api_error(api.deleteLoadBalancer, id=lb["id"])["errorcode"] == 431


def test_refusals(api, world):
    tier = internal_tier(api, world)
    error = api_error(create, api, tier, scheme="Public")
    assert error == {"errorcode": 431, "errortext": "Invalid value for scheme. Supported value is internal",
                     "cserrorcode": error["cserrorcode"], "uuidList": []}
    assert api_error(create, api, tier, algorithm="random")["errortext"] == "Invalid algorithm: random"
    assert api_error(create, api, tier, instanceport=0)["errortext"] == "Invalid value for instance port: 0"
    error = api_error(create, api, tier, sourceipaddress="10.61.0.5")
    assert error["errortext"] == "The requested IP is not in the network's CIDR subnet."
    plain = internal_tier(api, world, "DefaultIsolatedNetworkOfferingForVpcNetworks", "web", "10.60.2.1")
    error = api_error(create, api, plain)
    assert error["errorcode"] == 431 and error["errortext"].startswith("Scheme Internal is not supported by the network")


def test_hidden_and_update(api, world):
    tier = internal_tier(api, world)
    lb = create(api, tier, fordisplay=False)["loadbalancer"]
    assert api.listLoadBalancers() == {}  # CloudStack lists what the end user sees unless told otherwise
    assert [item["id"] for item in api.listLoadBalancers(fordisplay=False)["loadbalancer"]] == [lb["id"]]
    shown = api.updateLoadBalancer(id=lb["id"], fordisplay=True)["loadbalancer"]
    assert shown["fordisplay"] is True and api.listLoadBalancers()["loadbalancer"][0]["id"] == lb["id"]
    assert api_error(api.updateLoadBalancer, id=tier["id"])["errorcode"] == 431


def test_members(api, world):
    tier = internal_tier(api, world)
    lb = create(api, tier)["loadbalancer"]
    vm = api.deployVirtualMachine(zoneid=world.advanced["id"], templateid=world.template["id"],
                                  serviceofferingid=world.small["id"], networkids=[tier["id"]])["virtualmachine"]
    assert api.assignToLoadBalancerRule(id=lb["id"], virtualmachineids=[vm["id"]]) == {"success": True}
    members = api.listLoadBalancers(id=lb["id"])["loadbalancer"][0]["loadbalancerinstance"]
    assert members == [{"id": vm["id"], "name": vm["instancename"], "state": "Running",
                        "ipaddress": vm["nic"][0]["ipaddress"]}]
    assert api.deleteLoadBalancer(id=lb["id"]) == {"success": True}  # its members go with it
