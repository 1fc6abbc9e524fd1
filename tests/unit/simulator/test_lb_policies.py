"""Stickiness and health check policies of load balancer rules."""
from conftest import api_error
from test_load_balancers import balanced


def rule_of(api, world, port=80):
    network, vms, ip = balanced(api, world)
    return api.createLoadBalancerRule(publicipid=ip["id"], name="web", algorithm="roundrobin", publicport=port,
                                      privateport=8080)["loadbalancer"]


def stickiness(api, rule):
    entries = api.listLBStickinessPolicies(lbruleid=rule["id"])["stickinesspolicies"]
    assert len(entries) == 1 and entries[0]["lbruleid"] == rule["id"]
    return entries[0]["stickinesspolicy"]


def test_stickiness_create_replace_delete(api, world):
    rule = rule_of(api, world)
    assert stickiness(api, rule) == []
    created = api.createLBStickinessPolicy(lbruleid=rule["id"], methodname="LbCookie", name="cookie",
                                           description="sticky", param=[{"name": "cookie-name", "value": "srv"},
                                                                        {"name": "nocache", "value": "true"}])
    entry = created["stickinesspolicies"]
    assert (entry["lbruleid"], entry["account"], entry["domain"]) == (rule["id"], "admin", "ROOT")
    policy = entry["stickinesspolicy"][0]
    assert (policy["name"], policy["methodname"], policy["description"], policy["params"], policy["fordisplay"]) == (
        "cookie", "LbCookie", "sticky", {"cookie-name": "srv", "nocache": "true"}, True)
    assert "state" not in policy and stickiness(api, rule) == [policy]
    assert api.listLBStickinessPolicies(id=policy["id"])["stickinesspolicies"][0]["stickinesspolicy"] == [policy]
    assert api.listLoadBalancerRules(id=rule["id"])["loadbalancerrule"][0]["state"] == "Active"
    # a new policy replaces the rule's policy (applyLBStickinessPolicy revokes the other)
    source = api.createLBStickinessPolicy(lbruleid=rule["id"], methodname="sourcebased", name="src",
                                          param=[{"name": "expire", "value": "3h"}])["stickinesspolicies"]
    assert [(p["name"], p["methodname"]) for p in stickiness(api, rule)] == [("src", "sourcebased")]
    assert api.deleteLBStickinessPolicy(id=source["stickinesspolicy"][0]["id"]) == {"success": True}
    assert stickiness(api, rule) == []
    error = api_error(api.deleteLBStickinessPolicy, id=source["stickinesspolicy"][0]["id"])
    assert error["errorcode"] == 431


def test_stickiness_refusals(api, world):
    rule = rule_of(api, world)

    def refused(methodname="LbCookie", **params):
        return api_error(api.createLBStickinessPolicy, lbruleid=rule["id"], name="p", methodname=methodname, **params)
    error = refused("RoundRobin")
    assert (error["errorcode"], error["errortext"]) == (431, "Failed to match Stickiness method name for LB rule:%s"
                                                        % rule["id"])
    assert refused(param=[{"name": "holdtime", "value": "3h"}])["errortext"] == (
        "Failed : Stickiness policy does not support param name :holdtime")
    assert refused("SourceBased", param=[{"name": "expire", "value": "soon"}])["errortext"] == (
        "Failed LB in validation rule id: %s Cause: expire is not in timeformat: soon" % rule["id"])
    assert refused("SourceBased", param=[{"name": "tablesize", "value": "20x"}])["errortext"].endswith(
        "tablesize is not in size format: 20x")
    assert refused("AppCookie", param=[{"name": "length", "value": "long"}])["errortext"].endswith(
        "length is not a number: long")
    assert stickiness(api, rule) == []
    error = api_error(api.listLBStickinessPolicies)
    assert error["errortext"] == "load balancer rule ID and stickiness policy ID can't be null"


def test_health_check_refused_by_the_virtual_router(api, world):
    rule = rule_of(api, world)
    error = api_error(api.createLBHealthCheckPolicy, lbruleid=rule["id"], pingpath="/health")
    assert (error["errorcode"], error["errortext"]) == (430, (
        "Failed to create HealthCheck policy: Validation Failed (HealthCheck Policy is not supported by LB Provider for "
        'the LB rule:LoadBalancer {"uuid":"%s","name":"web","purpose":"LoadBalancing","state":"Active"})' % rule["id"]))
    error = api_error(api.createLBHealthCheckPolicy, lbruleid=rule["id"], responsetimeout=10, intervaltime=5)
    assert error["errortext"] == "Failed to create HealthCheck policy : Monitor interval must be greater than response timeout"
    entries = api.listLBHealthCheckPolicies(lbruleid=rule["id"])["healthcheckpolicies"]
    assert entries[0]["healthcheckpolicy"] == []


def netscaler_rule(api, world):
    """A rule in a network whose load balancer is a NetScaler (which has health checks)."""
    offering = api.createNetworkOffering(
        name="ns", displaytext="ns", guestiptype="Isolated", traffictype="Guest",
        supportedservices="Dhcp,Dns,SourceNat,Lb,StaticNat,Firewall",
        serviceproviderlist=[{"service": s, "provider": "VirtualRouter"} for s in ("Dhcp", "Dns", "SourceNat", "Firewall")]
        + [{"service": "Lb", "provider": "Netscaler"}, {"service": "StaticNat", "provider": "VirtualRouter"}])["networkoffering"]
    api.updateNetworkOffering(id=offering["id"], state="Enabled")
    network = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=offering["id"], name="ns",
                                displaytext="ns")["network"]
    ip = api.associateIpAddress(networkid=network["id"])["ipaddress"]
    return api.createLoadBalancerRule(publicipid=ip["id"], name="web", algorithm="source", publicport=80,
                                      privateport=80)["loadbalancer"]


def test_health_check_on_netscaler(api, world):
    rule = netscaler_rule(api, world)
    created = api.createLBHealthCheckPolicy(lbruleid=rule["id"], intervaltime=10, description="http")
    policy = created["healthcheckpolicies"]["healthcheckpolicy"][0]
    assert (policy["pingpath"], policy["responsetime"], policy["healthcheckinterval"], policy["healthcheckthresshold"],
            policy["unhealthcheckthresshold"], policy["description"]) == ("/", 2, 10, 2, 1, "http")
    error = api_error(api.createLBHealthCheckPolicy, lbruleid=rule["id"], pingpath="/other")
    assert (error["errorcode"], error["errortext"].split(":")[0]) == (430, "Failed to create HealthCheck policy")
    assert "Already policy attached" in error["errortext"]
    listed = api.listLBHealthCheckPolicies(lbruleid=rule["id"])["healthcheckpolicies"][0]["healthcheckpolicy"]
    assert listed == [policy]
    # NetScaler's stickiness methods have their own parameters
    error = api_error(api.createLBStickinessPolicy, lbruleid=rule["id"], name="app", methodname="AppCookie")
    assert error["errortext"] == "Failed : Missing Manadatory Param :name"
    api.createLBStickinessPolicy(lbruleid=rule["id"], name="app", methodname="AppCookie",
                                 param=[{"name": "name", "value": "JSESSIONID"}])
    assert api.deleteLoadBalancerRule(id=rule["id"]) == {"success": True}
    error = api_error(api.listLBHealthCheckPolicies, id=policy["id"])
    assert error["errorcode"] == 431


def test_health_check_delete(api, world):
    rule = netscaler_rule(api, world)
    policy = api.createLBHealthCheckPolicy(lbruleid=rule["id"])["healthcheckpolicies"]["healthcheckpolicy"][0]
    assert policy["pingpath"] == "/"
    assert api.deleteLBHealthCheckPolicy(id=policy["id"]) == {"success": True}
    assert api.listLBHealthCheckPolicies(lbruleid=rule["id"])["healthcheckpolicies"][0]["healthcheckpolicy"] == []
