"""Load balancer rules on public IP addresses and their member instances."""
from conftest import api_error


def deploy(api, world, network):
    return api.deployVirtualMachine(zoneid=world.advanced["id"], templateid=world.template["id"],
                                    serviceofferingid=world.small["id"], networkids=[network["id"]])["virtualmachine"]


def balanced(api, world):
    network = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=world.isolated["id"], name="lb",
                                displaytext="lb")["network"]
    vms = [deploy(api, world, network), deploy(api, world, network)]
    ip = api.associateIpAddress(networkid=network["id"])["ipaddress"]
    return network, vms, ip


def test_rule_create_update_delete(api, world):
    network, vms, ip = balanced(api, world)
    rule = api.createLoadBalancerRule(publicipid=ip["id"], name="web", algorithm="roundrobin", publicport=80,
                                      privateport=8080)["loadbalancer"]
    assert (rule["state"], rule["publicip"], rule["publicport"], rule["privateport"]) == ("Active", ip["ipaddress"],
                                                                                          "80", "8080")
    assert rule["networkid"] == network["id"] and rule["algorithm"] == "roundrobin"
    firewall = api.listFirewallRules(ipaddressid=ip["id"])["firewallrule"]  # openfirewall defaults to true
    assert [(f["startport"], f["cidrlist"]) for f in firewall] == [(80, "0.0.0.0/0")]
    error = api_error(api.createLoadBalancerRule, publicipid=ip["id"], name="x", algorithm="random", publicport=81,
                      privateport=81)
    assert error == {"errorcode": 431, "errortext": "Invalid algorithm: random", "cserrorcode": error["cserrorcode"],
                     "uuidList": []}
    error = api_error(api.createLoadBalancerRule, publicipid=ip["id"], name="x", algorithm="source", publicport=80,
                      privateport=81, openfirewall=False)
    assert error["errorcode"] == 537 and "The range specified, 80-80, conflicts with rule" in error["errortext"]
    error = api_error(api.createPortForwardingRule, ipaddressid=ip["id"], virtualmachineid=vms[0]["id"],
                      protocol="udp", publicport=70, publicendport=90, privateport=70, privateendport=90)
    assert error["errorcode"] == 537 and "which has 80-80" in error["errortext"]
    error = api_error(api.createLoadBalancerRule, publicipid=ip["id"], name="x", algorithm="source", publicport=81,
                      privateport=81, cidrlist="10.0.0.0/33")
    assert error["errortext"] == "CIDR [10.0.0.0/33] is invalid."
    assert api_error(api.enableStaticNat, ipaddressid=ip["id"], virtualmachineid=vms[0]["id"])["errorcode"] == 537
    updated = api.updateLoadBalancerRule(id=rule["id"], algorithm="leastconn", description="web tier")["loadbalancer"]
    assert (updated["algorithm"], updated["description"], updated["state"]) == ("leastconn", "web tier", "Active")
    api.createTags(resourceids=rule["id"], resourcetype="LoadBalancer", tags=[{"key": "env", "value": "prod"}])
    listed = api.listLoadBalancerRules(publicipid=ip["id"])["loadbalancerrule"]
    assert [(r["name"], r["tags"][0]["value"]) for r in listed] == [("web", "prod")]
    assert api.deleteLoadBalancerRule(id=rule["id"]) == {"success": True}
    assert api.listLoadBalancerRules() == {} and api.listFirewallRules(ipaddressid=ip["id"]) == {}


def test_rule_refusals(api, world):
    network, vms, ip = balanced(api, world)
    api.enableStaticNat(ipaddressid=ip["id"], virtualmachineid=vms[0]["id"])
    error = api_error(api.createLoadBalancerRule, publicipid=ip["id"], name="x", algorithm="source", publicport=80,
                      privateport=80)
    assert error["errorcode"] == 537 and error["errortext"] == "Can't do load balance on ip address: %s" % ip["ipaddress"]
    shared = api.listNetworks(zoneid=world.basic["id"])["network"][0]
    unassociated = api.associateIpAddress(zoneid=world.advanced["id"])["ipaddress"]
    error = api_error(api.createLoadBalancerRule, publicipid=unassociated["id"], name="x", algorithm="source",
                      publicport=80, privateport=80, networkid=shared["id"])
    assert error["errorcode"] == 431 and "is not assigned to the network" in error["errortext"]


def test_members(api, world):
    network, vms, ip = balanced(api, world)
    rule = api.createLoadBalancerRule(publicipid=ip["id"], name="web", algorithm="source", publicport=80,
                                      privateport=80)["loadbalancer"]
    assert api.assignToLoadBalancerRule(id=rule["id"], virtualmachineids=[vm["id"] for vm in vms]) == {"success": True}
    members = api.listLoadBalancerRuleInstances(id=rule["id"])["loadbalancerruleinstance"]
    assert sorted(m["name"] for m in members) == sorted(vm["name"] for vm in vms)
    with_ips = api.listLoadBalancerRuleInstances(id=rule["id"], lbvmips=True)["lbrulevmidip"]
    assert sorted(m["lbvmipaddresses"][0] for m in with_ips) == sorted(vm["nic"][0]["ipaddress"] for vm in vms)
    assert [r["id"] for r in api.listLoadBalancerRules(virtualmachineid=vms[0]["id"])["loadbalancerrule"]] == [rule["id"]]
    error = api_error(api.assignToLoadBalancerRule, id=rule["id"], virtualmachineids=[vms[0]["id"]])
    assert error["errorcode"] == 431 and "is already mapped to load balancer" in error["errortext"]
    other = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=world.isolated["id"], name="other",
                              displaytext="other")["network"]
    outsider = deploy(api, world, other)
    error = api_error(api.assignToLoadBalancerRule, id=rule["id"], virtualmachineids=[outsider["id"]])
    assert "doesn't belong in the same network" in error["errortext"]
    assert api.removeFromLoadBalancerRule(id=rule["id"], virtualmachineids=[vms[0]["id"]]) == {"success": True}
    members = api.listLoadBalancerRuleInstances(id=rule["id"])["loadbalancerruleinstance"]
    assert [m["name"] for m in members] == [vms[1]["name"]]
    error = api_error(api.removeFromLoadBalancerRule, id=rule["id"], virtualmachineids=[vms[0]["id"]])
    assert "is not configured for LB rule" in error["errortext"]
    api.destroyVirtualMachine(id=vms[1]["id"], expunge=True)
    assert api.listLoadBalancerRuleInstances(id=rule["id"]) == {}
    api.disassociateIpAddress(id=ip["id"])
    assert api.listLoadBalancerRules() == {}
