"""Security groups and their rules as SecurityGroupManagerImpl keeps them (models/securitygroups.py)."""
from conftest import api_error, client


def authorize(api, group, **params):
    return api.authorizeSecurityGroupIngress(securitygroupid=group["id"], **params)["securitygroup"]["ingressrule"]


def test_rules_read_as_cloudstack_answers_them(simulator):
    api = client(simulator)
    group = api.createSecurityGroup(name="web", description="Web servers")["securitygroup"]
    tcp = authorize(api, group, protocol="TCP", startport=0, endport=0, cidrlist=["10.0.0.0/8"])[0]
    assert (tcp["protocol"], tcp["startport"], tcp["endport"], tcp["cidr"]) == ("tcp", 0, 65535, "10.0.0.0/8")
    assert "securitygroupname" not in tcp and "icmptype" not in tcp
    icmp = authorize(api, group, protocol="1", cidrlist=["0.0.0.0/0"])[0]
    assert (icmp["protocol"], icmp["icmptype"], icmp["icmpcode"]) == ("icmp", -1, -1) and "startport" not in icmp
    everything = authorize(api, group, usersecuritygrouplist=[{"group": "default", "account": "admin"}])[0]
    assert (everything["protocol"], everything["startport"], everything["endport"]) == ("all", 0, 0)
    assert (everything["securitygroupname"], everything["account"]) == ("default", "admin") and "cidr" not in everything
    gre = authorize(api, group, protocol="47", cidrlist=["192.0.2.0/24"])[0]
    assert (gre["protocol"], gre["startport"], gre["endport"]) == ("47", 0, 0)
    listed = api.listSecurityGroups(securitygroupname="web")["securitygroup"][0]
    assert len(listed["ingressrule"]) == 4 and listed["egressrule"] == []


def test_rule_validation_and_duplicates(simulator):
    api = client(simulator)
    group = api.createSecurityGroup(name="db")["securitygroup"]

    def refused(**params):
        return api_error(api.authorizeSecurityGroupIngress, securitygroupid=group["id"], **params)

    assert refused(protocol="tcp", startport=22, endport=22)["errortext"] == (
        "At least one cidr or at least one security group needs to be specified")
    assert refused(protocol="ah", cidrlist=["0.0.0.0/0"])["errortext"] == "Invalid protocol ah"
    assert refused(protocol="tcp", startport=90, endport=80, cidrlist=["0.0.0.0/0"])["errortext"] == (
        "Invalid port range 90:80")
    assert refused(protocol="icmp", cidrlist=["0.0.0.0/0"])["errortext"].startswith("Invalid ICMP type/code")
    assert refused(startport=22, endport=22, cidrlist=["0.0.0.0/0"])["errortext"] == (
        "Cannot specify startPort or endPort without specifying protocol")
    assert refused(protocol="tcp", startport=1, endport=2, cidrlist=["10.0.0.300/8"])["errorcode"] == 431
    assert refused(securitygroupname="db", protocol="all", cidrlist=["0.0.0.0/0"])["errortext"] == (
        "securityGroupId and securityGroupName parameters are mutually exclusive")
    authorize(api, group, protocol="tcp", startport=22, endport=22, cidrlist=["10.0.0.0/8", "10.0.0.0/8"])
    duplicate = refused(protocol="tcp", startport=22, endport=22, cidrlist=["10.0.0.0/8"])
    assert (duplicate["errorcode"], duplicate["errortext"]) == (
        530, "Failed to authorize security group ingress rule(s)")
    added = authorize(api, group, protocol="tcp", startport=22, endport=22, cidrlist=["10.0.0.0/8", "172.16.0.0/12"])
    assert [rule["cidr"] for rule in added] == ["172.16.0.0/12"]
    rule = added[0]
    mismatch = api_error(api.revokeSecurityGroupEgress, id=rule["ruleid"])
    assert mismatch["errortext"] == "Mismatch in rule type for security rule with id %s" % rule["ruleid"]
    api.revokeSecurityGroupIngress(id=rule["ruleid"])
    assert len(api.listSecurityGroups(id=group["id"])["securitygroup"][0]["ingressrule"]) == 1


def test_update_and_delete_refusals(simulator):
    api = client(simulator)
    group = api.createSecurityGroup(name="app")["securitygroup"]
    default = api.listSecurityGroups(securitygroupname="default")["securitygroup"][0]
    assert api.updateSecurityGroup(id=group["id"], name="backend")["securitygroup"]["name"] == "backend"
    assert api_error(api.updateSecurityGroup, id=group["id"], name="default")["errortext"] == (
        "The security group name default is reserved")
    assert api_error(api.updateSecurityGroup, id=default["id"], name="other")["errortext"] == (
        "The default security group cannot be renamed")
    assert api_error(api.deleteSecurityGroup, id=default["id"])["errortext"] == "The network group default is reserved"
    api.authorizeSecurityGroupIngress(securitygroupid=default["id"],
                                      usersecuritygrouplist=[{"group": "backend", "account": "admin"}])
    error = api_error(api.deleteSecurityGroup, name="backend")
    assert (error["errorcode"], error["errortext"]) == (
        536, "Cannot delete group when there are security rules that allow this group")
    rule = api.listSecurityGroups(id=default["id"])["securitygroup"][0]["ingressrule"][0]
    api.revokeSecurityGroupIngress(id=rule["ruleid"])
    assert api.deleteSecurityGroup(name="backend") == {"success": "true"}
