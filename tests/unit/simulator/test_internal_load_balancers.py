"""Internal load balancers of VPC tiers (internallb.py)."""
from conftest import api_error, client


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


def instance_in(api, world, tier):
    return api.deployVirtualMachine(zoneid=world.advanced["id"], templateid=world.template["id"],
                                    serviceofferingid=world.small["id"], networkids=[tier["id"]])["virtualmachine"]


def test_custom_id(simulator, api, world):
    """updateLoadBalancer's customid becomes the load balancer's uuid (setUuid); its members and tags follow."""
    tier = internal_tier(api, world)
    lb = create(api, tier)["loadbalancer"]
    vm = instance_in(api, world, tier)
    api.assignToLoadBalancerRule(id=lb["id"], virtualmachineids=[vm["id"]])
    api.createTags(resourceids=[lb["id"]], resourcetype="LoadBalancer", tags=[{"key": "tier", "value": "app"}])
    custom = "0badc0de-0000-4000-8000-000000000001"
    updated = api.updateLoadBalancer(id=lb["id"], customid=custom)["loadbalancer"]
    assert updated["id"] == custom and updated["loadbalancerinstance"][0]["id"] == vm["id"]
    assert [item["id"] for item in api.listLoadBalancers()["loadbalancer"]] == [custom]
    assert api.listLoadBalancers(id=custom)["loadbalancer"][0]["tags"][0]["value"] == "app"
    assert api_error(api.listLoadBalancers, id=lb["id"])["errorcode"] == 431  # the old uuid names nothing
    error = api_error(api.updateLoadBalancer, id=custom, customid="Not-A-Uuid")
    assert error["errortext"] == "UUID: Not-A-Uuid doesn't follow the UUID format"
    error = api_error(api.updateLoadBalancer, id=custom, customid=tier["id"])
    assert error["errortext"] == "UUID: %s already exists so can't create/update with custom id" % tier["id"]
    api.removeFromLoadBalancerRule(id=custom, virtualmachineids=[vm["id"]])
    assert api.listLoadBalancers(id=custom)["loadbalancer"][0]["loadbalancerinstance"] == []
    assert api.deleteLoadBalancer(id=custom) == {"success": True}


def test_public_rule_custom_id(simulator, api, world):
    """updateLoadBalancerRule's customid too; only the root admin may choose one (531 to its owner otherwise)."""
    account = api.createAccount(username="cid", password="secret", firstname="C", lastname="Id", email="c@example.com",
                                account="cid", accounttype=0)["account"]
    keys = api.registerUserKeys(id=account["user"][0]["id"])["userkeys"]
    user = client(simulator, key=keys["apikey"], secret=keys["secretkey"])
    network = user.createNetwork(zoneid=world.advanced["id"], networkofferingid=world.isolated["id"], name="cid",
                                 displaytext="cid")["network"]
    address = user.associateIpAddress(networkid=network["id"])["ipaddress"]
    rule = user.createLoadBalancerRule(name="web", publicipid=address["id"], publicport=80, privateport=80,
                                       algorithm="roundrobin")["loadbalancer"]
    custom = "0badc0de-0000-4000-8000-000000000002"
    error = api_error(user.updateLoadBalancerRule, id=rule["id"], customid=custom)
    assert (error["errorcode"], error["errortext"]) == (
        531, "Please check your permissions, you are not allowed to create/update custom id")
    assert api.updateLoadBalancerRule(id=rule["id"], customid=custom)["loadbalancer"]["id"] == custom
    assert [r["id"] for r in user.listLoadBalancerRules()["loadbalancerrule"]] == [custom]


def test_appliance_deployed_with_first_member(api, world):
    """An appliance per source address, deployed when a rule of it is applied with members, b-<number>-VM."""
    tier = internal_tier(api, world)
    lb = create(api, tier)["loadbalancer"]
    assert api.listInternalLoadBalancerVMs() == {}  # a rule without members needs none
    vm = instance_in(api, world, tier)
    appliances = api.listInternalLoadBalancerVMs()["internalloadbalancervm"]  # an instance started in the tier
    assert len(appliances) == 1
    appliance = appliances[0]
    number, instance = vm["instancename"].split("-")[2:]  # one sequence for every VM, system ones included
    assert appliance["name"] == "b-%d-%s" % (int(number) + 1, instance) and appliance["role"] == "INTERNAL_LB_VM"
    assert (appliance["state"], appliance["guestipaddress"], appliance["guestnetworkid"], appliance["vpcid"]) == (
        "Running", lb["sourceipaddress"], tier["id"], tier["vpcid"])
    assert appliance["serviceofferingname"].startswith("System Offering For Internal LB")
    assert appliance["hostid"] and appliance["linklocalip"].startswith("169.254.")
    assert api.listRouters(networkid=tier["id"]) == {}  # not a virtual router
    second = create(api, tier, name="other", sourceport=81)["loadbalancer"]
    api.assignToLoadBalancerRule(id=second["id"], virtualmachineids=[vm["id"]])
    by_address = api.listInternalLoadBalancerVMs(networkid=tier["id"])["internalloadbalancervm"]
    assert {a["guestipaddress"] for a in by_address} == {lb["sourceipaddress"], second["sourceipaddress"]}
    assert api.listInternalLoadBalancerVMs(name=appliance["name"])["internalloadbalancervm"][0]["id"] == appliance["id"]
    assert api.listInternalLoadBalancerVMs(vpcid=tier["vpcid"], forvpc=True)["count"] == 2
    assert api.listInternalLoadBalancerVMs(forvpc=False) == {}
    assert api.listInternalLoadBalancerVMs(state="Stopped") == {}
    api.deleteLoadBalancer(id=lb["id"])  # the last rule of its address takes the appliance
    left = api.listInternalLoadBalancerVMs()["internalloadbalancervm"]
    assert [a["guestipaddress"] for a in left] == [second["sourceipaddress"]]


def test_appliance_start_stop(api, world):
    tier = internal_tier(api, world)
    lb = create(api, tier)["loadbalancer"]
    vm = instance_in(api, world, tier)
    appliance = api.listInternalLoadBalancerVMs()["internalloadbalancervm"][0]
    assert api.startInternalLoadBalancerVM(id=appliance["id"])["internalloadbalancervm"]["state"] == "Running"
    stopped = api.stopInternalLoadBalancerVM(id=appliance["id"], forced=True)["internalloadbalancervm"]
    assert stopped["state"] == "Stopped" and "hostid" not in stopped
    assert api.stopInternalLoadBalancerVM(id=appliance["id"])["internalloadbalancervm"]["state"] == "Stopped"
    assert api.listInternalLoadBalancerVMs(state="Stopped")["count"] == 1
    assert api.startInternalLoadBalancerVM(id=appliance["id"])["internalloadbalancervm"]["state"] == "Running"
    api.stopInternalLoadBalancerVM(id=appliance["id"])
    api.assignToLoadBalancerRule(id=lb["id"], virtualmachineids=[vm["id"]])  # applying the rules starts it again
    assert api.listInternalLoadBalancerVMs(id=appliance["id"])["internalloadbalancervm"][0]["state"] == "Running"
    network = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=world.isolated["id"], name="vr",
                                displaytext="vr")["network"]
    instance_in(api, world, network)
    router = api.listRouters(networkid=network["id"])["router"][0]
    error = api_error(api.stopInternalLoadBalancerVM, id=router["id"])
    assert error["errorcode"] == 431 and error["errortext"] == "Unable to find Internal LB Instance by ID"
    error = api_error(api.startInternalLoadBalancerVM, id=router["id"])
    assert error["errortext"] == "Unable to find internal lb vm by id"
    api.removeFromLoadBalancerRule(id=lb["id"], virtualmachineids=[vm["id"]])
    api.destroyVirtualMachine(id=vm["id"], expunge=True)
    api.deleteLoadBalancer(id=lb["id"])
    api.deleteNetwork(id=tier["id"])
    assert api.listInternalLoadBalancerVMs() == {}
