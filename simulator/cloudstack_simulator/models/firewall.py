"""Firewall rules: ingress rules on a public IP address, egress rules on an isolated network.

Conflicts are CloudStack's (FirewallManagerImpl.detectRulesConflict): two firewall rules of the same protocol
conflict only when their source CIDR lists share a CIDR, then by overlapping port ranges (537), by the same ICMP
type and code (431), or both without ports (537). A rule is `Add` until its job applies it, then `Active`."""
from .. import exceptions
from ..registry import Job, command, finisher
from .resource import Resource

PROTOCOLS = ("tcp", "udp", "icmp", "all")
ALL_CIDRS = "0.0.0.0/0"

INGRESS = Resource("firewallrule", "firewallrule", "listFirewallRules",
                   filters=("ipaddressid", "networkid", "fordisplay"), keyword_fields=("ipaddress",), tagged=True,
                   jobtype="FirewallRule")
EGRESS = Resource("egressfirewallrule", "firewallrule", "listEgressFirewallRules",
                  filters=("networkid", "fordisplay"), keyword_fields=("protocol",), tagged=True, jobtype="FirewallRule")
TABLES = {"Ingress": INGRESS, "Egress": EGRESS}


def checked_ports(params):
    """(start, end) as CloudStack reads them: the end defaults to the start; ICMP takes none (431)."""
    start, end = params.get("startport"), params.get("endport")
    if end is None:
        end = start
    for port, what in ((start, "publicPort is an invalid value: %s"), (end, "Public port range is an invalid value: %s")):
        if port is not None and not 1 <= port <= 65535:
            raise exceptions.invalid(what % port)
    if start is not None and end is not None and start > end:
        raise exceptions.invalid("Start port can't be bigger than end port")
    return start, end


def checked_protocol(params):
    protocol = params["protocol"].lower()
    if protocol not in PROTOCOLS:
        raise exceptions.invalid("Invalid protocol: %s" % params["protocol"])
    icmp = params.get("icmptype") is not None or params.get("icmpcode") is not None
    if protocol != "icmp" and icmp:
        raise exceptions.invalid("Can specify icmpCode and icmpType for ICMP protocol only")
    if protocol == "icmp" and (params.get("startport") is not None or params.get("endport") is not None):
        raise exceptions.invalid("Can't specify start/end port when protocol is ICMP")
    return protocol


def cidrs(value):
    return set(c for c in (value or "").split(",") if c)


def overlap(a, b):
    return a["startport"] <= b["endport"] and b["startport"] <= a["endport"]


def detect_conflict(new, rules):
    """CloudStack's checks of a new firewall rule against the others of its address (or network, for egress)."""
    for rule in rules:
        if rule["protocol"] != new["protocol"] or not cidrs(rule["cidrlist"]) & cidrs(new["cidrlist"]):
            continue  # another protocol, or no shared source CIDR: no conflict between firewall rules
        if new["protocol"] == "icmp":
            if (rule.get("icmptype"), rule.get("icmpcode")) == (new.get("icmptype"), new.get("icmpcode")):
                raise exceptions.invalid("New rule conflicts with existing rule id=%s" % rule["id"])
            continue
        ported = [r.get("startport") is not None for r in (rule, new)]
        if not any(ported):
            raise exceptions.network_rule_conflict("There is already a firewall rule specified with protocol = %s "
                                                   "and no ports" % new["protocol"])
        if all(ported) and overlap(rule, new):
            raise exceptions.network_rule_conflict(
                "The range specified, %s-%s, conflicts with rule %s which has %s-%s"
                % (new["startport"], new["endport"], rule["id"], rule["startport"], rule["endport"]))


def rule_fields(params, protocol, ports, cidrlist, traffic):
    fields = {"protocol": protocol, "startport": ports[0], "endport": ports[1], "cidrlist": cidrlist,
              "traffictype": traffic, "fordisplay": params.get("fordisplay", True), "state": "Add"}
    if protocol == "icmp":  # CloudStack stores -1 (any) for what an ICMP rule leaves out
        fields.update(icmptype=-1 if params.get("icmptype") is None else params["icmptype"],
                      icmpcode=-1 if params.get("icmpcode") is None else params["icmpcode"])
    return fields


def owner_of(store, record):
    account = store.get("account", record["_accountid"])
    project = store.get("project", record["projectid"]) if record.get("projectid") else None
    return account, project


def add_rule(store, table, fields, owner_record):
    """Insert a rule owned as `owner_record` (its address or network), once it conflicts with none."""
    others = store.find(table.kind, ipaddressid=fields["ipaddressid"]) if fields.get("ipaddressid") else \
        store.find(table.kind, networkid=fields["networkid"])
    detect_conflict(fields, [r for r in others if r["state"] != "Revoke"])
    return table.insert(store, fields, *owner_of(store, owner_record))


# The rules that forward public ports of an address: table -> (address field, first and last public port fields).
PORT_RULES = {"portforwardingrule": ("ipaddressid", "publicport", "publicendport"),
              "loadbalancerrule": ("publicipid", "publicport", "publicport")}


def detect_port_conflict(store, address, start, end, protocol, purpose):
    """FirewallManagerImpl.detectRulesConflict between the port forwarding and load balancer rules of an address:
    overlapping public ports conflict (537), but for two port forwarding rules of different protocols."""
    for kind, (field, first, last) in PORT_RULES.items():
        for rule in store.find(kind, **{field: address["id"]}):
            if rule["state"] == "Revoke" or not (int(rule[first]) <= end and start <= int(rule[last])):
                continue
            if purpose == "PortForwarding" and kind == "portforwardingrule" and rule["protocol"] != protocol:
                continue
            raise exceptions.network_rule_conflict("The range specified, %s-%s, conflicts with rule %s which has %s-%s"
                                                   % (start, end, rule["id"], rule[first], rule[last]))


def open_ports(store, address, protocol, start, end, related):
    """A port forwarding rule's `openfirewall`: the ingress rule for all CIDRs, unless one with these ports exists
    (CloudStack's createRuleForAllCidrs)."""
    same = [r for r in store.find("firewallrule", ipaddressid=address["id"], protocol=protocol)
            if (r.get("startport"), r.get("endport")) == (start, end) and r["state"] != "Revoke"]
    if same:
        return same[0]
    fields = rule_fields({}, protocol, (start, end), ALL_CIDRS, "Ingress")
    fields.update(ipaddressid=address["id"], ipaddress=address["ipaddress"], networkid=address["associatednetworkid"],
                  _relatedruleid=related, state="Active")
    return add_rule(store, INGRESS, fields, address)


def remove_related(store, rule_id):
    """The firewall rule a port forwarding rule opened goes with it."""
    for rule in store.find("firewallrule", _relatedruleid=rule_id):
        INGRESS.remove(store, rule)


def remove_address_rules(store, address):
    for rule in store.find("firewallrule", ipaddressid=address["id"]):
        INGRESS.remove(store, rule)


@command("createFirewallRule")
def create_firewall_rule(ctx, params):
    store = ctx.store
    address = ctx.lookup("publicipaddress", "ipaddressid")
    ctx.check_owner(address)
    if address["state"] != "Allocated":
        raise exceptions.invalid("Unable to create firewall rule; ip id=%s doesn't exist in the system" % address["id"])
    if not address.get("associatednetworkid"):
        raise exceptions.invalid("Unable to create firewall rule ; ip with specified id is not associated with any network")
    if address.get("vpcid"):
        raise exceptions.invalid("Firewall service is not supported in network %s of the VPC: use network ACLs"
                                 % address["associatednetworkid"])
    protocol = checked_protocol(params)
    if protocol == "all":  # the virtual router's ingress protocols are tcp, udp and icmp
        raise exceptions.invalid("Protocol all is not supported in zone %s" % address["zoneid"])
    fields = rule_fields(params, protocol, checked_ports(params), ",".join(params.get("cidrlist") or [ALL_CIDRS]),
                         "Ingress")
    fields.update(ipaddressid=address["id"], ipaddress=address["ipaddress"], networkid=address["associatednetworkid"])
    rule = add_rule(store, INGRESS, fields, address)
    return Job("firewallrule.apply", {"id": rule["id"], "kind": "firewallrule"}, "FirewallRule", rule["id"])


@command("createEgressFirewallRule")
def create_egress_firewall_rule(ctx, params):
    store = ctx.store
    network = ctx.lookup("network", "networkid")
    ctx.check_owner(network)
    services = [s["name"] for s in network.get("service") or []]
    if network.get("type") != "Isolated" or network.get("vpcid") or "Firewall" not in services:
        raise exceptions.invalid("Egress firewall rules are not supported for network %s: it needs the Firewall "
                                 "service of an isolated network outside VPCs" % network["name"])
    protocol = checked_protocol(params)
    fields = rule_fields(params, protocol, checked_ports(params), ",".join(params.get("cidrlist") or [network["cidr"]]),
                         "Egress")
    fields.update(networkid=network["id"], destcidrlist=",".join(params.get("destcidrlist") or []))
    rule = add_rule(store, EGRESS, fields, network)
    return Job("firewallrule.apply", {"id": rule["id"], "kind": "egressfirewallrule"}, "FirewallRule", rule["id"])


def rollback_apply(store, args):
    store.delete(args["kind"], args["id"])


@finisher("firewallrule.apply", rollback=rollback_apply)
def finish_apply(store, args):
    rule = store.get(args["kind"], args["id"])
    rule["state"] = "Active"
    store.put(args["kind"], rule)
    return {"firewallrule": TABLES[rule["traffictype"]].view(store, rule)}


def revoke(table):
    def delete(ctx, params):
        rule = table.owned(ctx)
        rule["state"] = "Revoke"
        ctx.store.put(table.kind, rule)
        return Job("%s.delete" % table.kind, {"id": rule["id"]}, "FirewallRule", rule["id"])
    return delete


command("deleteFirewallRule")(revoke(INGRESS))
command("deleteEgressFirewallRule")(revoke(EGRESS))
