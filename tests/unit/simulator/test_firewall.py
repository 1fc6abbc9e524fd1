"""Firewall rules (ingress and egress), port forwarding's open firewall and updates: CloudStack's conflicts."""
import pytest
from conftest import api_error


@pytest.fixture
def isolated(api, world):
    """An isolated network with one instance and one public address besides its source NAT."""
    network = api.createNetwork(zoneid=world.advanced["id"], networkofferingid=world.isolated["id"], name="fw",
                                displaytext="fw")["network"]
    vm = api.deployVirtualMachine(zoneid=world.advanced["id"], templateid=world.template["id"],
                                  serviceofferingid=world.small["id"], networkids=[network["id"]])["virtualmachine"]
    ip = api.associateIpAddress(networkid=network["id"])["ipaddress"]
    return network, vm, ip


def test_ingress_rules_conflict_only_on_shared_cidrs(api, isolated):
    _network, _vm, ip = isolated
    rule = api.createFirewallRule(ipaddressid=ip["id"], protocol="tcp", startport=80)["firewallrule"]
    assert (rule["state"], rule["startport"], rule["endport"], rule["cidrlist"], rule["traffictype"]) == (
        "Active", 80, 80, "0.0.0.0/0", "Ingress")
    error = api_error(api.createFirewallRule, ipaddressid=ip["id"], protocol="tcp", startport=70, endport=90)
    assert error["errorcode"] == 537
    assert error["errortext"] == "The range specified, 70-90, conflicts with rule %s which has 80-80" % rule["id"]
    assert api.createFirewallRule(ipaddressid=ip["id"], protocol="tcp", startport=70, endport=90,
                                  cidrlist="10.0.0.0/8")["firewallrule"]["cidrlist"] == "10.0.0.0/8"
    assert api.createFirewallRule(ipaddressid=ip["id"], protocol="udp", startport=80)["firewallrule"]
    icmp = api.createFirewallRule(ipaddressid=ip["id"], protocol="icmp", icmptype=8)["firewallrule"]
    assert (icmp["icmptype"], icmp["icmpcode"]) == (8, -1)
    error = api_error(api.createFirewallRule, ipaddressid=ip["id"], protocol="icmp", icmptype=8)
    assert (error["errorcode"], error["errortext"]) == (431, "New rule conflicts with existing rule id=%s" % icmp["id"])
    error = api_error(api.createFirewallRule, ipaddressid=ip["id"], protocol="icmp", startport=1)
    assert error["errortext"] == "Can't specify start/end port when protocol is ICMP"
    error = api_error(api.createFirewallRule, ipaddressid=ip["id"], protocol="tcp", icmptype=8)
    assert error["errortext"] == "Can specify icmpCode and icmpType for ICMP protocol only"
    assert api_error(api.createFirewallRule, ipaddressid=ip["id"], protocol="tcp", startport=90, endport=80)[
        "errortext"] == "Start port can't be bigger than end port"
    api.disassociateIpAddress(id=ip["id"])
    assert api.listFirewallRules() == {}  # released with the address


def test_egress_rules_default_to_the_network_cidr(api, isolated):
    network, _vm, _ip = isolated
    rule = api.createEgressFirewallRule(networkid=network["id"], protocol="all")["firewallrule"]
    assert (rule["cidrlist"], rule["traffictype"], rule["state"]) == (network["cidr"], "Egress", "Active")
    error = api_error(api.createEgressFirewallRule, networkid=network["id"], protocol="all")
    assert (error["errorcode"], error["errortext"]) == (
        537, "There is already a firewall rule specified with protocol = all and no ports")
    assert api.listFirewallRules() == {}  # egress rules are listed apart
    assert api.listEgressFirewallRules(networkid=network["id"])["count"] == 1
    assert api.deleteEgressFirewallRule(id=rule["id"]) == {"success": True}
    assert api.listEgressFirewallRules() == {}


def test_port_forwarding_opens_the_firewall_and_updates_in_place(api, world, isolated):
    network, vm, ip = isolated
    rule = api.createPortForwardingRule(ipaddressid=ip["id"], virtualmachineid=vm["id"], protocol="tcp",
                                        publicport=2222, privateport=22)["portforwardingrule"]
    opened = api.listFirewallRules(ipaddressid=ip["id"])["firewallrule"]
    assert [(r["startport"], r["cidrlist"]) for r in opened] == [(2222, "0.0.0.0/0")]  # CloudStack's default
    api.createPortForwardingRule(ipaddressid=ip["id"], virtualmachineid=vm["id"], protocol="udp", publicport=53,
                                 privateport=53, openfirewall=False)
    assert api.listFirewallRules(ipaddressid=ip["id"])["count"] == 1
    other = api.deployVirtualMachine(zoneid=world.advanced["id"], templateid=world.template["id"],
                                     serviceofferingid=world.small["id"], networkids=[network["id"]])["virtualmachine"]
    updated = api.updatePortForwardingRule(id=rule["id"], privateport=2022, privateendport=2022,
                                           virtualmachineid=other["id"])["portforwardingrule"]
    assert (updated["privateport"], updated["virtualmachinename"], updated["vmguestip"], updated["state"]) == (
        2022, other["name"], other["nic"][0]["ipaddress"], "Active")
    error = api_error(api.updatePortForwardingRule, id=rule["id"], privateport=2022, privateendport=2030)
    assert "differ in size" in error["errortext"]
    api.deletePortForwardingRule(id=rule["id"])
    assert api.listFirewallRules() == {}  # the firewall rule it opened went with it


def test_ingress_rules_take_no_protocol_all(api, isolated):
    _network, _vm, ip = isolated
    error = api_error(api.createFirewallRule, ipaddressid=ip["id"], protocol="all")
    assert error["errorcode"] == 431 and error["errortext"].startswith("Protocol all is not supported in zone")


def test_one_static_nat_per_guest_ip(api, isolated):
    network, vm, ip = isolated
    api.enableStaticNat(ipaddressid=ip["id"], virtualmachineid=vm["id"])
    second = api.associateIpAddress(networkid=network["id"])["ipaddress"]
    error = api_error(api.enableStaticNat, ipaddressid=second["id"], virtualmachineid=vm["id"])
    assert (error["errorcode"], error["errortext"]) == (
        431, "Failed to enable static nat for the ip address id=%s as vm id=%s is already associated with ip id=%s"
        % (second["id"], vm["id"], ip["id"]))
    source_nat = api.listPublicIpAddresses(associatednetworkid=network["id"], issourcenat=True)["publicipaddress"][0]
    assert api_error(api.enableStaticNat, ipaddressid=source_nat["id"], virtualmachineid=vm["id"])["errorcode"] == 537
    error = api_error(api.createPortForwardingRule, ipaddressid=ip["id"], virtualmachineid=vm["id"], protocol="tcp",
                      publicport=22, privateport=22)
    assert error["errorcode"] == 537 and "has static nat enabled" in error["errortext"]
    api.disableStaticNat(ipaddressid=ip["id"])
    assert api.enableStaticNat(ipaddressid=second["id"], virtualmachineid=vm["id"])["success"]
