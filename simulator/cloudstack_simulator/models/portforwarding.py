"""Port forwarding rules on public IP addresses."""
from .. import exceptions
from ..registry import Job, command, finisher
from .firewall import detect_port_conflict, open_ports, remove_address_rules as remove_firewall_rules, remove_related
from .loadbalancers import remove_address_rules as remove_load_balancers
from .resource import Resource

PROTOCOLS = ("tcp", "udp")


def port_range(params, start, end):
    first = params.get(start)
    last = params.get(end) if params.get(end) is not None else first
    if first is None or not (1 <= first <= 65535 and 1 <= last <= 65535) or first > last:
        raise exceptions.invalid("Invalid port range %s-%s" % (first, last))
    return first, last


def guest_nic(store, vm, network, guest_ip, address):
    """The instance's NIC in the address's network (with the guest IP asked for, if any), else CloudStack's 431."""
    nics = [n for n in store.children("nic", vm["id"]) if network and n["networkid"] == network["id"]]
    if guest_ip:
        nics = [n for n in nics if n["ipaddress"] == guest_ip]
    if not nics:
        raise exceptions.invalid("Unable to create port forwarding rule: vm %s has no nic in the network of ip %s"
                                 % (vm["name"], address["ipaddress"]))
    return nics[0]


RULES = Resource("portforwardingrule", "portforwardingrule", "listPortForwardingRules",
                 filters=("ipaddressid", "networkid", "fordisplay"), keyword_fields=("ipaddress",), tagged=True,
                 jobtype="FirewallRule")
remove_rule = RULES.remove  # the name the instance model knows
RULES.before_delete = lambda store, rule: remove_related(store, rule["id"])  # the firewall rule it opened goes too


def remove_address_rules(store, address):
    """A released address takes its port forwarding, load balancer and firewall rules with it."""
    for rule in store.find("portforwardingrule", ipaddressid=address["id"]):
        RULES.remove(store, rule)
    remove_load_balancers(store, address)
    remove_firewall_rules(store, address)


@command("createPortForwardingRule")
def create_port_forwarding_rule(ctx, params):
    store = ctx.store
    address = ctx.lookup("publicipaddress", "ipaddressid")
    vm = ctx.lookup("virtualmachine", "virtualmachineid")
    ctx.check_owner(address)
    ctx.check_owner(vm)
    protocol = params["protocol"].lower()
    if protocol not in PROTOCOLS:
        raise exceptions.invalid("Invalid protocol %s for a port forwarding rule: use tcp or udp" % params["protocol"])
    if address["state"] != "Allocated":
        raise exceptions.invalid("Unable to create port forwarding rule: ip id=%s is not allocated" % address["id"])
    if address["isstaticnat"]:
        raise exceptions.network_rule_conflict("Can't create port forwarding rule as the ip address id=%s has static "
                                               "nat enabled" % address["id"])
    public = port_range(params, "publicport", "publicendport")
    private = port_range(params, "privateport", "privateendport")
    if public[1] - public[0] != private[1] - private[0]:
        raise exceptions.invalid("Private port range %s-%s and public port range %s-%s differ in size"
                                 % (private + public))
    detect_port_conflict(store, address, public[0], public[1], protocol, "PortForwarding")
    network = ctx.lookup("network", "networkid") or store.get("network", address.get("associatednetworkid") or "")
    nic = guest_nic(store, vm, network, params.get("vmguestip"), address)
    open_firewall = params.get("openfirewall")
    if address.get("vpcid") and open_firewall:
        raise exceptions.invalid("Can't have openFirewall=true when IP address belongs to VPC")
    fields = {"ipaddressid": address["id"], "ipaddress": address["ipaddress"], "protocol": protocol,
              "publicport": public[0], "publicendport": public[1], "privateport": private[0],
              "privateendport": private[1], "virtualmachineid": vm["id"], "virtualmachinename": vm["name"],
              "virtualmachinedisplayname": vm["displayname"], "vmguestip": nic["ipaddress"],
              "networkid": network["id"], "cidrlist": ",".join(params.get("cidrlist") or []) or "0.0.0.0/0",
              "fordisplay": params.get("fordisplay", True), "state": "Add"}
    project = store.get("project", address["projectid"]) if address.get("projectid") else None
    rule = RULES.insert(store, fields, store.get("account", address["_accountid"]), project)
    if open_firewall is None and not address.get("vpcid") or open_firewall:  # CloudStack opens it unless told not to
        open_ports(store, address, protocol, public[0], public[1], rule["id"])
    return Job("pf.create", {"id": rule["id"]}, "FirewallRule", rule["id"])


def rollback_create(store, args):
    if not args.get("update"):  # a failed create leaves nothing, the firewall rule it opened included
        RULES.remove(store, store.get("portforwardingrule", args["id"]))


@finisher("pf.create", rollback=rollback_create)
def finish_create(store, args):
    rule = store.get("portforwardingrule", args["id"])
    rule["state"] = "Active"
    store.put("portforwardingrule", rule)
    return {"portforwardingrule": RULES.view(store, rule)}


@command("deletePortForwardingRule")
def delete_port_forwarding_rule(ctx, params):
    rule = RULES.owned(ctx)
    rule["state"] = "Revoke"
    ctx.store.put("portforwardingrule", rule)
    return Job("portforwardingrule.delete", {"id": rule["id"]}, "FirewallRule", rule["id"])


@command("updatePortForwardingRule")
def update_port_forwarding_rule(ctx, params):
    """The private side of a rule (ports, instance, guest IP) and its CIDRs; the public side identifies it."""
    store = ctx.store
    rule = RULES.owned(ctx)
    if rule["state"] == "Revoke":
        raise exceptions.invalid("Port forwarding rule id=%s is being revoked" % rule["id"])
    address = store.get("publicipaddress", rule["ipaddressid"])
    vm = ctx.lookup("virtualmachine", "virtualmachineid") or store.get("virtualmachine", rule["virtualmachineid"])
    ctx.check_owner(vm)
    start = params.get("privateport", rule["privateport"])
    end = params.get("privateendport", start if "privateport" in params else rule["privateendport"])
    private = port_range({"privateport": start, "privateendport": end}, "privateport", "privateendport")
    if private[1] - private[0] != rule["publicendport"] - rule["publicport"]:
        raise exceptions.invalid("Private port range %s-%s and public port range %s-%s differ in size"
                                 % (private + (rule["publicport"], rule["publicendport"])))
    guest_ip = params.get("vmguestip") or (rule["vmguestip"] if vm["id"] == rule["virtualmachineid"] else None)
    nic = guest_nic(store, vm, store.get("network", rule["networkid"]), guest_ip, address)
    rule.update(privateport=private[0], privateendport=private[1], virtualmachineid=vm["id"],
                virtualmachinename=vm["name"], virtualmachinedisplayname=vm["displayname"], vmguestip=nic["ipaddress"],
                state="Add")
    if params.get("cidrlist"):
        rule["cidrlist"] = ",".join(params["cidrlist"])
    if params.get("fordisplay") is not None:
        rule["fordisplay"] = params["fordisplay"]
    store.put("portforwardingrule", rule)
    return Job("pf.create", {"id": rule["id"], "update": True}, "FirewallRule", rule["id"])
