"""Port forwarding rules on public IP addresses."""
from .. import exceptions
from ..registry import Job, command, finisher
from .resource import Resource

PROTOCOLS = ("tcp", "udp")


def port_range(params, start, end):
    first = params.get(start)
    last = params.get(end) if params.get(end) is not None else first
    if first is None or not (1 <= first <= 65535 and 1 <= last <= 65535) or first > last:
        raise exceptions.invalid("Invalid port range %s-%s" % (first, last))
    return first, last


RULES = Resource("portforwardingrule", "portforwardingrule", "listPortForwardingRules",
                 filters=("ipaddressid", "networkid", "fordisplay"), keyword_fields=("ipaddress",), tagged=True,
                 jobtype="FirewallRule")
remove_rule = RULES.remove  # the name the instance model knows


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
    for rule in store.find("portforwardingrule", ipaddressid=address["id"], protocol=protocol):
        if rule["publicport"] <= public[1] and public[0] <= rule["publicendport"]:
            raise exceptions.network_rule_conflict(
                "The range specified, %s-%s, conflicts with rule %s which has %s-%s"
                % (public[0], public[1], rule["id"], rule["publicport"], rule["publicendport"]))
    network = ctx.lookup("network", "networkid") or store.get("network", address.get("associatednetworkid") or "")
    nics = [n for n in store.children("nic", vm["id"]) if network and n["networkid"] == network["id"]]
    if params.get("vmguestip"):
        nics = [n for n in nics if n["ipaddress"] == params["vmguestip"]]
    if not nics:
        raise exceptions.invalid("Unable to create port forwarding rule: vm %s has no nic in the network of ip %s"
                                 % (vm["name"], address["ipaddress"]))
    fields = {"ipaddressid": address["id"], "ipaddress": address["ipaddress"], "protocol": protocol,
              "publicport": public[0], "publicendport": public[1], "privateport": private[0],
              "privateendport": private[1], "virtualmachineid": vm["id"], "virtualmachinename": vm["name"],
              "virtualmachinedisplayname": vm["displayname"], "vmguestip": nics[0]["ipaddress"],
              "networkid": network["id"], "cidrlist": ",".join(params.get("cidrlist") or []) or "0.0.0.0/0",
              "fordisplay": params.get("fordisplay", True), "state": "Add"}
    project = store.get("project", address["projectid"]) if address.get("projectid") else None
    rule = RULES.insert(store, fields, store.get("account", address["_accountid"]), project)
    return Job("pf.create", {"id": rule["id"]}, "FirewallRule", rule["id"])


def rollback_create(store, args):
    store.delete("portforwardingrule", args["id"])


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
